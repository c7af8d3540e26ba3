import { Injectable } from '@nestjs/common';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { AuditAction, AuditService } from '../audit/audit.service';
import { CoursesService } from '../courses/courses.service';
import { trimEnds } from '../common/text-safety';
import { SubmissionStatus } from './entities/task-submission.entity';
import { containsNikLikeNumber } from './evidence-photos';
import { TasksClock } from './tasks-clock';
import { alreadyAppealed, appealReasonHasNik, appealReasonRequired, notAppealable, submissionNotFound, taskNotFound } from './tasks.errors';
import type { SubmissionResultDto } from './tasks.dto';
import { TasksRepository } from './tasks.repository';
import { submissionResult } from './task-views';

const DAY_MS = 24 * 3600 * 1000;
/** A reason shorter than this says nothing a reviewer can check ("tidak adil"). */
export const APPEAL_REASON_MIN_CHARS = 20;
export const APPEAL_REASON_MAX_CHARS = 2000;

/**
 * The worker's appeal of a "fail" (issue #16): once per submission, with a reason. The submission waits again, with a
 * new deadline of the task's review days, for a reviewer other than the one who failed it; that decision is final.
 */
@Injectable()
export class AppealsService {
  constructor(
    private readonly repository: TasksRepository,
    private readonly courses: CoursesService,
    private readonly audit: AuditService,
    private readonly clock: TasksClock,
  ) {}

  async appeal(user: AuthUser, id: string, rawReason: string, meta: RequestMeta): Promise<SubmissionResultDto> {
    const existing = await this.repository.findOfWorker(id, user.id);
    if (!existing) throw submissionNotFound();
    if (existing.appealedAt) throw alreadyAppealed();
    if (existing.status !== SubmissionStatus.FAILED) throw notAppealable();
    const reason = checkedReason(rawReason);
    const task = await this.courses.fieldTask(existing.taskId);
    if (!task) throw taskNotFound();
    const now = this.clock.now();
    const row = await this.repository.appeal(id, user.id, reason, now, new Date(now.getTime() + task.reviewDays * DAY_MS));
    // Another request appealed in between (a double tap): the statement's condition kept it to one.
    if (!row) throw alreadyAppealed();
    await this.audit.record({
      action: AuditAction.TASK_APPEAL,
      actor: user,
      targetType: 'task_submission',
      targetId: id,
      regionCode: row.regionCode,
      ip: meta.ip,
      details: { task: task.key, attempt: row.attempt, failedBy: row.firstReview?.reviewerId ?? null },
    });
    return submissionResult(row);
  }
}

function checkedReason(raw: string): string {
  const reason = trimEnds(raw);
  if (reason.length < APPEAL_REASON_MIN_CHARS) throw appealReasonRequired();
  if (containsNikLikeNumber(reason)) throw appealReasonHasNik();
  return reason;
}
