import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One agenda item as stored: local times (HH:MM in the event's zone) as the trainer wrote them. */
export interface AgendaItem {
  start: string;
  end: string;
  title: string;
  kind: 'learning' | 'break' | 'test';
  course?: string;
  test?: 'pretest' | 'posttest';
}

/**
 * One day of an event: its local date, its hours as UTC instants, and its agenda. `learningMinutes` is the sum of the
 * agenda's learning items, kept so JP is one sum in SQL.
 */
@Entity('event_days')
export class EventDay {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_event_days' })
  eventId: string;

  /** 1, 2, … in date order. */
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_event_days' })
  day: number;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  agenda: AgendaItem[];

  @Column({ type: 'int', default: 0 })
  learningMinutes: number;
}
