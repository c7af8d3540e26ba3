import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/user.entity';

/**
 * An offline event that took effect, by the id the device gave it: a replay of the same id answers "duplicate" with
 * this first result and changes nothing. Refused events are not kept (they changed nothing; a retry is judged anew).
 */
@Entity('sync_events')
export class SyncEvent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_sync_events' })
  userId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_sync_events' })
  eventId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sync_events_user' })
  user?: User;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'uuid', nullable: true })
  enrollmentId: string | null;

  @Column({ type: 'int' })
  statusCode: number;

  @Column({ type: 'json', nullable: true })
  result: unknown;

  /** The device's time of the event: information only. */
  @Column({ type: 'timestamptz', nullable: true })
  clientAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
