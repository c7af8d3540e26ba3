import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PackageProblem } from '../../courses/course-package';

export enum StudioDraftStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  PUBLISHED = 'PUBLISHED',
}

/**
 * A course package being written in the studio. Its files live in studio_draft_files; `version` counts saves, so a
 * save names the version it was made from and a stale one is refused instead of overwriting (issue #18).
 * `regionCode` null = a national course (reviewed by ADMIN_PUSAT), else the region whose admin reviews it.
 */
@Entity('studio_drafts')
@Index('idx_studio_drafts_region', ['regionCode'])
export class StudioDraft {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_studio_drafts' })
  id: string;

  /** The slug course.yaml names (null while it names none). */
  @Column({ type: 'varchar', length: 80, nullable: true })
  slug: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  regionCode: string | null;

  @Column({ type: 'uuid' })
  authorId: string;

  /** Everyone who imported or saved it: none of them may review it. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  writerIds: string[];

  @Column({ type: 'enum', enum: StudioDraftStatus, enumName: 'studio_draft_status', default: StudioDraftStatus.DRAFT })
  status: StudioDraftStatus;

  /** 1 at import, +1 per save. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** What the package checker found at the last save. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: PackageProblem[];

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** What the author says changed, given at submission, for the reviewer. */
  @Column({ type: 'text', nullable: true })
  changeNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewerId: string | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** The course version its approval published. */
  @Column({ type: 'int', nullable: true })
  publishedVersion: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
