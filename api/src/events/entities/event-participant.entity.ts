import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum ParticipantStatus {
  INVITED = 'INVITED',
  CONFIRMED = 'CONFIRMED',
  DECLINED = 'DECLINED',
  WAITLISTED = 'WAITLISTED',
}

/** A worker on an event's roster. `position` is the roster order (the order of invitation), for the daftar hadir. */
@Entity('event_participants')
@Index('idx_event_participants_user', ['userId'])
export class EventParticipant {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_event_participants' })
  eventId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_event_participants' })
  userId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'enum', enum: ParticipantStatus, enumName: 'event_participant_status', default: ParticipantStatus.INVITED })
  status: ParticipantStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  invitedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;
}
