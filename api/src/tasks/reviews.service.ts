import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { scopeOf } from '../auth/region-scope';
import { AuditAction, AuditService } from '../audit/audit.service';
import { CoursesService, type FieldTaskDefinition } from '../courses/courses.service';
import { CompletionService } from '../learning/completion';
import { UsersService } from '../users/users.service';
import { SubmissionStatus } from './entities/task-submission.entity';
import { ObjectStorage } from '../storage/object-storage';
import { EVIDENCE_STORAGE } from './evidence-storage';
import { TasksClock } from './tasks-clock';
import {
  alreadyClaimed,
  appealIsFinal,
  appealNeedsAnotherReviewer,
  evidenceDeleted,
  levelsInvalid,
  noResubmissionsLeft,
  notClaimedByYou,
  notReviewable,
  passBelowLevel,
  photoNotFound,
  submissionNotFound,
  taskNotFound,
} from './tasks.errors';
import type { Decision, ReviewBody, ReviewItemDto, ReviewQueueDto, SubmissionDetailDto } from './tasks.dto';
import { TasksRepository, type SubmissionRow } from './tasks.repository';
import { appealOf, levelRank, resubmissionsUsed, rubricView, STATE_OF } from './task-views';

const CLAIM_MS = 30 * 60 * 1000;
const QUEUE_LIMIT = 500;
const STATUS_OF: Record<Decision, SubmissionStatus> = {
  pass: SubmissionStatus.PASSED,
  revise: SubmissionStatus.REVISE,
  fail: SubmissionStatus.FAILED,
};

export interface PhotoContent {
  bytes: Buffer;
  contentType: string;
}

/**
 * Field tasks from the reviewer's side (PELATIH and admins of the worker's region): the queue with deadlines, the claim
 * that keeps two reviewers off one report, the review on the rubric, and the photos (also to the worker). Everything is
 * scoped in SQL by the worker's region; outside the scope a submission does not exist (404).
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly repository: TasksRepository,
    private readonly courses: CoursesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(EVIDENCE_STORAGE) private readonly storage: ObjectStorage,
    private readonly clock: TasksClock,
    private readonly completion: CompletionService,
  ) {}

  async queue(user: AuthUser, status: 'waiting' | 'overdue'): Promise<ReviewQueueDto> {
    const now = this.clock.now();
    const rows = await this.repository.queue(scopeOf(user), status === 'overdue' ? now : null, QUEUE_LIMIT);
    const tasks = await this.courses.fieldTasksById(rows.map((row) => row.taskId));
    const names = await this.users.namesOf(rows.flatMap((row) => [row.workerId, ...(row.claimedBy ? [row.claimedBy] : [])]));
    return { items: rows.map((row) => itemOf(row, tasks.get(row.taskId), names, now)) };
  }

  async detail(user: AuthUser, id: string): Promise<SubmissionDetailDto> {
    const row = await this.repository.findInScope(id, scopeOf(user));
    if (!row) throw submissionNotFound();
    const task = await this.taskOf(row);
    const failedBy = row.firstReview?.reviewerId ?? null;
    const names = await this.users.namesOf([row.workerId, ...[row.claimedBy, row.reviewerId, failedBy].filter((id): id is string => id !== null)]);
    const now = this.clock.now();
    return {
      ...itemOf(row, task, names, now),
      status: STATE_OF[row.status],
      report: row.report,
      photosDeleted: row.filesDeletedAt !== null,
      rubric: rubricView(task, true),
      reviewer: row.reviewerId ? { id: row.reviewerId, name: names.get(row.reviewerId) ?? '' } : null,
      reviewedAt: row.reviewedAt,
      levels: row.levels,
      points: row.points,
      comments: row.comments,
      appealOf: appealOf(row),
      failedBy: failedBy ? { id: failedBy, name: names.get(failedBy) ?? '' } : null,
    };
  }

  /** A 30-minute lock on a waiting submission; of two reviewers claiming at once, one gets it and the other a 409. */
  async claim(user: AuthUser, id: string, meta: RequestMeta): Promise<ReviewItemDto> {
    const scope = scopeOf(user);
    const now = this.clock.now();
    const row = await this.repository.claim(id, user.id, scope, now, new Date(now.getTime() + CLAIM_MS));
    if (!row) {
      const existing = await this.repository.findInScope(id, scope);
      if (!existing) throw submissionNotFound();
      if (isOriginalReviewer(existing, user.id)) throw appealNeedsAnotherReviewer();
      throw existing.status === SubmissionStatus.WAITING ? alreadyClaimed() : notReviewable();
    }
    await this.audit.record({ action: AuditAction.TASK_CLAIM, actor: user, targetType: 'task_submission', targetId: id, regionCode: row.regionCode, ip: meta.ip });
    const task = await this.taskOf(row);
    return itemOf(row, task, await this.users.namesOf([row.workerId, user.id]), now);
  }

  /**
   * The review, by the reviewer holding the claim: a level of the rubric for every criterion; "pass" needs every
   * criterion at the pass level or above; "revise" needs a resubmission left. The worker sees it on the task list.
   */
  async review(user: AuthUser, id: string, body: ReviewBody, meta: RequestMeta): Promise<SubmissionDetailDto> {
    await this.repository.transaction(async (manager) => {
      const row = await this.repository.lockInScope(manager, id, scopeOf(user));
      if (!row) throw submissionNotFound();
      if (row.status !== SubmissionStatus.WAITING) throw notReviewable();
      const now = this.clock.now();
      if (row.claimedBy !== user.id || !row.claimedUntil || row.claimedUntil <= now) throw notClaimedByYou();
      // The claim already keeps the one who failed it off an appeal; a reassignment must not bring them back either.
      if (isOriginalReviewer(row, user.id)) throw appealNeedsAnotherReviewer();
      if (row.appealedAt && body.decision === 'revise') throw appealIsFinal();
      const task = await this.taskOf(row);
      const points = scoredPoints(task, body.levels);
      if (body.decision === 'pass') assertPassing(task, body.levels);
      if (body.decision === 'revise' && resubmissionsUsed(row) >= task.resubmissions) throw noResubmissionsLeft('decision');
      const comments = body.comments?.trim() || null;
      await this.repository.saveReview(manager, id, {
        status: STATUS_OF[body.decision],
        reviewerId: user.id,
        reviewedAt: now,
        levels: pick(task, body.levels),
        points,
        comments,
      });
      // The last task passing after the post-test completes the course now (decision 026), in this transaction.
      if (body.decision === 'pass') await this.completeEnrollment(manager, row);
      await this.audit.recordWithin(manager, 
        {
          action: AuditAction.TASK_REVIEW,
          actor: user,
          targetType: 'task_submission',
          targetId: id,
          regionCode: row.regionCode,
          ip: meta.ip,
          details: { decision: body.decision, points, task: task.key, attempt: row.attempt, appeal: row.appealedAt !== null },
        });
    });
    return this.detail(user, id);
  }

  /** Photo n (from 1) of a submission: to its worker, and to reviewers and admins of the worker's region. */
  async photo(user: AuthUser, id: string, n: number): Promise<PhotoContent> {
    const row = user.role === Role.PESERTA ? await this.repository.findOfWorker(id, user.id) : await this.repository.findInScope(id, scopeOf(user));
    if (!row) throw submissionNotFound();
    const photo = row.photos[n - 1];
    if (!Number.isInteger(n) || n < 1 || !photo) throw photoNotFound();
    if (row.filesDeletedAt) throw evidenceDeleted();
    const bytes = await this.storage.get(photo.key);
    if (!bytes) throw evidenceDeleted();
    return { bytes, contentType: photo.contentType };
  }

  private async completeEnrollment(manager: EntityManager, row: SubmissionRow): Promise<void> {
    const worker = await this.users.findById(row.workerId);
    if (!worker) return;
    await this.completion.completeIfReady(manager, { id: worker.id, regionCode: worker.regionCode, pillar: worker.pillar }, row.enrollmentId);
  }

  private async taskOf(row: SubmissionRow): Promise<FieldTaskDefinition> {
    const task = await this.courses.fieldTask(row.taskId);
    if (!task) throw taskNotFound();
    return task;
  }
}

function itemOf(row: SubmissionRow, task: FieldTaskDefinition | undefined, names: Map<string, string>, now: Date): ReviewItemDto {
  const claimed = row.claimedBy && row.claimedUntil && row.claimedUntil > now ? row.claimedBy : null;
  return {
    id: row.id,
    taskId: row.taskId,
    taskTitle: task?.title ?? '',
    worker: { id: row.workerId, name: names.get(row.workerId) ?? '' },
    regionCode: row.regionCode,
    attempt: row.attempt,
    photoCount: row.photos.length,
    submittedAt: row.submittedAt,
    dueAt: row.dueAt,
    overdue: row.status === SubmissionStatus.WAITING && row.dueAt < now,
    claimedBy: claimed ? { id: claimed, name: names.get(claimed) ?? '' } : null,
    claimedUntil: claimed ? row.claimedUntil : null,
    appeal: row.appealedAt !== null,
  };
}

/** Whether the user failed this submission before its appeal (and so may not decide the appeal). */
function isOriginalReviewer(row: SubmissionRow, userId: string): boolean {
  return row.firstReview?.reviewerId === userId;
}

/** Every criterion scored with a level of the rubric, nothing else: the sum of the levels' points. */
function scoredPoints(task: FieldTaskDefinition, levels: Record<string, string>): number {
  const criteria = new Set(task.rubric.criteria.map((criterion) => criterion.id));
  const unknown = Object.keys(levels).filter((key) => !criteria.has(key));
  if (unknown.length > 0) throw levelsInvalid(`Kriteria tidak dikenal: ${unknown.slice(0, 5).join(', ').slice(0, 200)}.`, `levels.${unknown[0].slice(0, 80)}`);
  let points = 0;
  for (const criterion of task.rubric.criteria) {
    const levelId = levels[criterion.id];
    if (typeof levelId !== 'string' || levelId === '') throw levelsInvalid(`Beri tingkat untuk kriteria "${criterion.title}".`, `levels.${criterion.id}`);
    const rank = levelRank(task, levelId);
    if (rank < 0) throw levelsInvalid(`Tingkat untuk kriteria "${criterion.title}" tidak ada dalam rubrik.`, `levels.${criterion.id}`);
    points += task.rubric.levels[rank].points;
  }
  return points;
}

function assertPassing(task: FieldTaskDefinition, levels: Record<string, string>): void {
  const required = levelRank(task, task.rubric.passLevel);
  const below = task.rubric.criteria.filter((criterion) => levelRank(task, levels[criterion.id]) < required).map((criterion) => criterion.title);
  if (below.length > 0) throw passBelowLevel(below);
}

/** The levels in the rubric's criterion order (already checked to be complete and known). */
function pick(task: FieldTaskDefinition, levels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(task.rubric.criteria.map((criterion) => [criterion.id, levels[criterion.id]]));
}
