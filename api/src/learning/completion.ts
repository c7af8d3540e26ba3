import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EnrollmentReports, type ReportedLearner } from './enrollment-reports';
import { EnrollmentRows, posttestPassed, type EnrollmentRow } from './enrollment-row';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentStatus } from './entities/enrollment.entity';
import { LearningEvents } from './learning-events';

/**
 * A condition besides the passed post-test that completing an enrollment waits for. The tasks domain registers one:
 * "every field task of the course version passed review" (decision 026); the events domain another: "attended the
 * course's event" (decision 029). It reads with the caller's transaction.
 */
export type CompletionGate = (manager: EntityManager, enrollment: { id: string; versionId: string; userId: string }) => Promise<boolean>;

/**
 * When an enrollment completes (decision 026): the post-test is passed AND every registered gate allows it. The
 * post-test path asks `gatesAllow`; a gate's owner calls `completeIfReady` when its condition became true (the last
 * field task passed after the post-test), so completion happens then, with the same event as the post-test path.
 * Learning does not depend on the gates' domains: they register themselves at start.
 */
@Injectable()
export class CompletionService {
  private readonly gates: CompletionGate[] = [];

  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly rows: EnrollmentRows,
    private readonly events: LearningEvents,
    private readonly reports: EnrollmentReports,
  ) {}

  registerGate(gate: CompletionGate): void {
    this.gates.push(gate);
  }

  async gatesAllow(manager: EntityManager, row: Pick<EnrollmentRow, 'id' | 'versionId' | 'userId'>): Promise<boolean> {
    for (const gate of this.gates) {
      if (!(await gate(manager, { id: row.id, versionId: row.versionId, userId: row.userId }))) return false;
    }
    return true;
  }

  /**
   * Completes the learner's enrollment if it is active, its post-test passed and every gate allows it, under the
   * enrollment's lock inside the caller's transaction (so a post-test graded at the same moment takes its turn).
   * Returns whether it completed now.
   */
  async completeIfReady(manager: EntityManager, learner: ReportedLearner, enrollmentId: string): Promise<boolean> {
    const record = await this.enrollments.lockForUser(manager, learner.id, enrollmentId);
    if (!record) return false;
    const row = await this.rows.withVersion(manager, record);
    if (row.status !== EnrollmentStatus.ACTIVE || !posttestPassed(row)) return false;
    if (!(await this.gatesAllow(manager, row))) return false;
    await this.enrollments.recordPosttest(manager, row.id, row.bestPosttestScore!, row.gain, true);
    await this.reports.changed(manager, learner, row.id);
    await this.events.enrollmentCompleted(manager, { enrollmentId: row.id, userId: row.userId, regionCode: learner.regionCode });
    return true;
  }
}
