import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/user.entity';

export type IdempotencyState = 'PENDING' | 'DONE';

/**
 * One `Idempotency-Key` a caller has used on a write (contract 4): claimed before the handler runs (so two
 * concurrent requests with the same key cannot both run), then completed with the response to replay.
 * Only successful responses are kept; a request that failed leaves no row, so retrying it runs it again.
 */
@Entity('idempotency_keys')
@Index('idx_idempotency_keys_expires_at', ['expiresAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_keys' })
  callerId: string;

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_idempotency_keys' })
  key: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caller_id', foreignKeyConstraintName: 'fk_idempotency_keys_caller' })
  caller?: User;

  /** sha256 of method, URL and canonical JSON body: the same key with another request is refused (422). */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 10 })
  method: string;

  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'varchar', length: 8, default: 'PENDING' })
  state: IdempotencyState;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  /** `json`, not `jsonb`: a replay answers with the fields in the order of the first answer. */
  @Column({ type: 'json', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
