import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StatusList } from './status-list.entity';

/**
 * One taken position of a Bitstring Status List. Positions are drawn at random (the spec's privacy advice: an
 * index must not reveal issue order or neighbours); the primary key is what makes two concurrent issuers never get
 * the same one: a draw that collides is simply drawn again. A position whose issuance failed stays taken (its bit
 * is never set, which is harmless).
 */
@Entity('credential_status_entries')
export class StatusEntry {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_credential_status_entries' })
  listId: number;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_credential_status_entries' })
  position: number;

  @ManyToOne(() => StatusList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'list_id', foreignKeyConstraintName: 'fk_credential_status_entries_list' })
  list?: StatusList;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
