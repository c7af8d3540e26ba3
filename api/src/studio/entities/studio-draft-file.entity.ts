import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { StudioDraft } from './studio-draft.entity';

/** One file of a draft's package, byte for byte (`lessons/01-x.md`). */
@Entity('studio_draft_files')
export class StudioDraftFile {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_studio_draft_files' })
  draftId: string;

  @ManyToOne(() => StudioDraft, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'draft_id', foreignKeyConstraintName: 'fk_studio_draft_files_draft' })
  draft?: Relation<StudioDraft>;

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_studio_draft_files' })
  path: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;
}
