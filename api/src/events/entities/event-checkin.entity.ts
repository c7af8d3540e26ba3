import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum CheckinMethod {
  /** The worker typed or scanned the rotating code. */
  CODE = 'CODE',
  /** The trainer ticked the name (also an offline batch synced later). */
  TRAINER = 'TRAINER',
}

/**
 * One person, one check-in per day (the unique index). A trainer's check-in carries the nonce the trainer's phone gave
 * it, so a replayed batch finds its rows and changes nothing.
 */
@Entity('event_checkins')
@Index('uq_event_checkins_worker_day', ['eventId', 'userId', 'day'], { unique: true })
@Index('uq_event_checkins_nonce', ['eventId', 'nonce'], { unique: true, where: `"nonce" IS NOT NULL` })
export class EventCheckin {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event_checkins' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'smallint' })
  day: number;

  @Column({ type: 'enum', enum: CheckinMethod, enumName: 'event_checkin_method' })
  method: CheckinMethod;

  @Column({ type: 'varchar', length: 64, nullable: true })
  nonce: string | null;

  /** Who recorded it: the worker (CODE) or the trainer (TRAINER). */
  @Column({ type: 'uuid' })
  recordedBy: string;

  @Column({ type: 'timestamptz' })
  checkedInAt: Date;
}
