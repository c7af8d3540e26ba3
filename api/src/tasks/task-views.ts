import type { FieldTaskDefinition } from '../courses/courses.service';
import { SubmissionStatus } from './entities/task-submission.entity';
import type { SubmissionRow } from './tasks.repository';
import type { AppealDto, RubricDto, SubmissionResultDto, TaskState } from './tasks.dto';

export const STATE_OF: Record<SubmissionStatus, Exclude<TaskState, 'open'>> = {
  [SubmissionStatus.WAITING]: 'waiting',
  [SubmissionStatus.REVISE]: 'revise',
  [SubmissionStatus.PASSED]: 'passed',
  [SubmissionStatus.FAILED]: 'failed',
};

/** The rubric for the worker (`reviewerText` false: only what the worker reads) or for a reviewer (both texts). */
export function rubricView(task: FieldTaskDefinition, reviewerText: boolean): RubricDto {
  const { levels, criteria, passLevel } = task.rubric;
  return {
    levels: levels.map(({ id, title, points }) => ({ id, title, points })),
    passLevel,
    criteria: criteria.map((criterion) => ({
      id: criterion.id,
      title: criterion.title,
      levels: levels.map((level) => ({
        levelId: level.id,
        worker: criterion.levels[level.id]?.worker ?? '',
        ...(reviewerText ? { reviewer: criterion.levels[level.id]?.reviewer ?? '' } : {}),
      })),
    })),
  };
}

export function submissionResult(row: SubmissionRow): SubmissionResultDto {
  return {
    id: row.id,
    attempt: row.attempt,
    status: STATE_OF[row.status],
    report: row.report,
    photoCount: row.photos.length,
    photosDeleted: row.filesDeletedAt !== null,
    submittedAt: row.submittedAt,
    dueAt: row.dueAt,
    reviewedAt: row.reviewedAt,
    levels: row.levels,
    points: row.points,
    comments: row.comments,
    appeal: appealOf(row),
  };
}

/** The appeal of a submission with the review it replaced, or null. */
export function appealOf(row: SubmissionRow): AppealDto | null {
  if (!row.appealedAt || !row.firstReview) return null;
  const { reviewedAt, levels, points, comments } = row.firstReview;
  return { reason: row.appealReason ?? '', appealedAt: row.appealedAt, firstReview: { reviewedAt, levels, points, comments } };
}

/** Whether the worker may still appeal: the last hand-in failed and was not appealed yet. */
export function canAppeal(latest: SubmissionRow | null): boolean {
  return latest !== null && latest.status === SubmissionStatus.FAILED && latest.appealedAt === null;
}

/** Whether the worker may hand in now: nothing yet, or the last one came back with "revise" and resubmissions remain. */
export function canSubmit(task: FieldTaskDefinition, latest: SubmissionRow | null): boolean {
  if (!latest) return true;
  return latest.status === SubmissionStatus.REVISE && resubmissionsUsed(latest) < task.resubmissions;
}

/** Attempt 1 is the first hand-in; every later one used a resubmission. */
export function resubmissionsUsed(latest: SubmissionRow): number {
  return latest.attempt - 1;
}

/** The index of a level in the rubric's order (lowest 0), or -1. */
export function levelRank(task: FieldTaskDefinition, levelId: string): number {
  return task.rubric.levels.findIndex((level) => level.id === levelId);
}
