import { Injectable } from '@nestjs/common';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope, scopeOf } from '../auth/region-scope';
import { AuditAction, AuditService } from '../audit/audit.service';
import { UserStatus } from '../users/user-status';
import { UsersService } from '../users/users.service';
import { SubmissionStatus } from './entities/task-submission.entity';
import { ReviewsService } from './reviews.service';
import { TasksClock } from './tasks-clock';
import { appealNeedsAnotherReviewer, notReviewable, reviewerInvalid, submissionNotFound } from './tasks.errors';
import type { OverdueSummaryDto, SubmissionDetailDto } from './tasks.dto';
import { TasksRepository } from './tasks.repository';

const DAY_MS = 24 * 3600 * 1000;
/** An assignment holds the submission for the assignee a working day, not the 30 minutes of a claim. */
const ASSIGN_MS = DAY_MS;

/**
 * The Dinsos's view of the review deadline (issue #16): overdue reviews per reviewer and per regency in the admin's
 * region, and moving one to another trainer of the region (or releasing it). Scoped in SQL like every review query.
 */
@Injectable()
export class OversightService {
  constructor(
    private readonly repository: TasksRepository,
    private readonly reviews: ReviewsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: TasksClock,
  ) {}

  async overdue(user: AuthUser): Promise<OverdueSummaryDto> {
    const scope = scopeOf(user);
    const now = this.clock.now();
    const [reviewers, regions] = await Promise.all([this.repository.overdueByReviewer(scope, now), this.repository.overdueByRegion(scope, now)]);
    const names = await this.users.namesOf(reviewers.flatMap((row) => (row.reviewerId ? [row.reviewerId] : [])));
    const daysPast = (due: Date) => Math.floor((now.getTime() - due.getTime()) / DAY_MS);
    return {
      total: regions.reduce((sum, row) => sum + row.count, 0),
      byReviewer: reviewers.map((row) => ({
        reviewer: row.reviewerId ? { id: row.reviewerId, name: names.get(row.reviewerId) ?? '' } : null,
        count: row.count,
        oldestDueAt: row.oldestDueAt,
        maxDaysOverdue: daysPast(row.oldestDueAt),
      })),
      byRegion: regions.map((row) => ({ ...row, maxDaysOverdue: daysPast(row.oldestDueAt) })),
    };
  }

  /** Gives a waiting submission to a trainer of the worker's region for a day, or releases it (audited `task.reassign`). */
  async assign(user: AuthUser, id: string, reviewerId: string | null, meta: RequestMeta): Promise<SubmissionDetailDto> {
    const scope = scopeOf(user);
    const existing = await this.repository.findInScope(id, scope);
    if (!existing) throw submissionNotFound();
    if (existing.status !== SubmissionStatus.WAITING) throw notReviewable();
    if (reviewerId) await this.assertReviewerFits(user, reviewerId, existing.regionCode);
    if (reviewerId && existing.firstReview?.reviewerId === reviewerId) throw appealNeedsAnotherReviewer();
    const until = reviewerId ? new Date(this.clock.now().getTime() + ASSIGN_MS) : null;
    const row = await this.repository.assign(id, scope, reviewerId, until);
    if (!row) throw notReviewable(); // decided in between
    await this.audit.record({
      action: AuditAction.TASK_REASSIGN,
      actor: user,
      targetType: 'task_submission',
      targetId: id,
      regionCode: row.regionCode,
      ip: meta.ip,
      details: { from: existing.claimedBy, to: reviewerId, overdue: existing.dueAt < this.clock.now() },
    });
    return this.reviews.detail(user, id);
  }

  /** An active PELATIH inside the admin's scope whose own scope holds the worker's region (so they can review it). */
  private async assertReviewerFits(user: AuthUser, reviewerId: string, workerRegion: string): Promise<void> {
    const trainer = await this.users.findById(reviewerId);
    const fits =
      trainer !== null &&
      trainer.role === Role.PELATIH &&
      trainer.status === UserStatus.ACTIVE &&
      inScope(trainer.regionCode, scopeOf(user)) &&
      inScope(workerRegion, scopeOf(trainer));
    if (!fits) throw reviewerInvalid();
  }
}
