import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../auth/policy.decorator';
import { Pillar } from '../common/pillar';
import { Region } from '../regions/region.entity';

import { UserStatus } from './user-status';

export { UserStatus };

/**
 * An account. The login is the phone (`+62…`). `regionCode` is the scope: a worker's kecamatan or kabupaten/kota, an
 * admin's province or kabupaten/kota, null for the national admin. NIK only as keyed hash + last four digits.
 */
@Entity('users')
@Index('idx_users_role_region', ['role', 'regionCode'])
@Index('idx_users_region_code', ['regionCode'])
@Index('idx_users_nik_hash', ['nikHash'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Index('uq_users_phone', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  phone: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ type: 'enum', enum: Pillar, enumName: 'pillar', nullable: true })
  pillar: Pillar | null;

  @Column({ type: 'varchar', length: 13, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_users_region' })
  region?: Region | null;

  @Column({ type: 'enum', enum: UserStatus, enumName: 'user_status' })
  status: UserStatus;

  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  nikHash: string | null;

  @Column({ type: 'char', length: 4, nullable: true })
  nikLast4: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  activationCodeHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  activationExpiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
