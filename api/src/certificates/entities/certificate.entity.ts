import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CourseVersion } from '../../courses/entities/course-version.entity';
import { User } from '../../users/user.entity';

/** Why an admin revoked a certificate: a category, not free text, so no personal data ends up public. */
export enum RevocationReason {
  DATA_ERROR = 'DATA_ERROR',
  FRAUD = 'FRAUD',
  DUPLICATE = 'DUPLICATE',
  OTHER = 'OTHER',
}

const numeric = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/**
 * One certificate, one per enrollment. What it shows is copied at issuance (name, course, signatory…) so the PDF,
 * the credential and the verify page keep saying what was certified even when the account or course changes.
 */
@Entity('certificates')
@Index('uq_certificates_enrollment', ['enrollmentId'], { unique: true })
@Index('uq_certificates_number', ['number'], { unique: true })
@Index('uq_certificates_verification_code', ['verificationCode'], { unique: true })
@Index('uq_certificates_status_entry', ['statusListId', 'statusListIndex'], { unique: true })
@Index('idx_certificates_user', ['userId'])
@Index('idx_certificates_region_code', ['regionCode'])
export class Certificate {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_certificates' })
  id: string;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_certificates_user' })
  user?: User;

  @Column({ type: 'uuid' })
  courseVersionId: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_version_id', foreignKeyConstraintName: 'fk_certificates_course_version' })
  courseVersion?: CourseVersion;

  @Column({ type: 'uuid' })
  courseId: string;

  /** `00123/BIMTEK-TAGANA/32.72/2026`. */
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ type: 'int' })
  year: number;

  /** The kabupaten/kota the number belongs to. */
  @Column({ type: 'varchar', length: 8 })
  regencyCode: string;

  @Column({ type: 'int' })
  sequence: number;

  /** `K7M2-Q9TX-3HPA-W4`: the secret that opens the verify page. */
  @Column({ type: 'varchar', length: 20 })
  verificationCode: string;

  @Column({ type: 'text' })
  holderName: string;

  @Column({ type: 'varchar', length: 20 })
  pillar: string;

  /** The holder's region at issuance (kecamatan or kabupaten/kota). */
  @Column({ type: 'varchar', length: 13 })
  regionCode: string;

  @Column({ type: 'text' })
  regionLabel: string;

  @Column({ type: 'text' })
  courseTitle: string;

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  hours: number;

  @Column({ type: 'timestamptz' })
  completedAt: Date;

  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  /** `Dinas Sosial Kota Sukabumi`. */
  @Column({ type: 'text' })
  issuerName: string;

  @Column({ type: 'text' })
  signatoryName: string;

  @Column({ type: 'text' })
  signatoryTitle: string;

  @Column({ type: 'int' })
  statusListId: number;

  @Column({ type: 'int' })
  statusListIndex: number;

  /** The signed Open Badges 3.0 credential. */
  @Column({ type: 'jsonb' })
  credential: Record<string, unknown>;

  @Column({ type: 'bytea', select: false, nullable: true })
  pdf: Buffer | null;

  /** The expired certificate this one renews. */
  @Column({ type: 'uuid', nullable: true })
  previousCertificateId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'enum', enum: RevocationReason, enumName: 'certificate_revocation_reason', nullable: true })
  revocationReason: RevocationReason | null;

  @Column({ type: 'uuid', nullable: true })
  revokedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
