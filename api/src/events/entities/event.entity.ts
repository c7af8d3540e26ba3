import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A kegiatan bimtek (training event) held in a hall: its organising region, venue and time zone. The time zone is
 * derived from the region's province when the event is created (see time-zones.ts) and kept, so an event's hours never
 * change meaning. Region codes use the "C" collation so `LIKE '32.72.%'` walks the index.
 */
@Entity('events')
@Index('idx_events_region', ['regionCode'])
export class TrainingEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_events' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 8, collation: 'C' })
  regionCode: string;

  @Column({ type: 'varchar', length: 300 })
  venue: string;

  /** IANA zone: Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT). */
  @Column({ type: 'varchar', length: 40 })
  timeZone: string;

  /** The linked course (its slug at creation; the id stays when the slug would ever change). */
  @Column({ type: 'uuid', nullable: true })
  courseId: string | null;

  /** Invited and confirmed participants at most; further invitations go to the waiting list. null: no limit. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{}'" })
  pillars: string[];

  /** The trainers (narasumber / fasilitator): PELATIH accounts who run the room. The creator when a PELATIH. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  trainerIds: string[];

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** When its trainer closed it: attendance is frozen from then on. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** When its trainer or an admin called it off (before it ended, with no attendance): nothing more can be recorded. */
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** Who cancelled it. */
  @Column({ type: 'uuid', nullable: true })
  cancelledBy: string | null;

  /** Why, as the participants read it (10–500 characters). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  /** The linked course's test the trainer opened for the room ('pretest' or 'posttest'), or null. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  openTest: string | null;
}
