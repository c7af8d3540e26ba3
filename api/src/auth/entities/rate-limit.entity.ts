import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One @nestjs/throttler counter (per route and client address), kept in PostgreSQL so that every API instance counts
 * against the same budget (issue #21, decision 025). A fixed window: `hits` since the window opened.
 */
@Entity('auth_rate_limits')
@Index('idx_auth_rate_limits_window_ends_at', ['windowEndsAt'])
export class RateLimit {
  /** The throttler's name and its key (a hash of route and address). */
  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_auth_rate_limits' })
  key: string;

  @Column({ type: 'int' })
  hits: number;

  @Column({ type: 'timestamptz' })
  windowEndsAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
