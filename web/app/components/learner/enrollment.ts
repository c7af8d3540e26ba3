import type { components } from '~/utils/api-schema';

export type EnrollmentSummary = components['schemas']['EnrollmentSummaryDto'];
export type EnrollmentDetail = components['schemas']['EnrollmentDetailDto'];

/**
 * The learner's view of an enrollment, read from the learning API (GET /api/enrollments, GET /api/enrollments/:id:
 * EnrollmentSummaryDto / EnrollmentDetailDto). The list gives no lesson detail; the detail fills it in.
 */
export type NextStep = { kind: 'pretest' } | { kind: 'lesson'; lessonId: string | null } | { kind: 'posttest' } | { kind: 'out_of_attempts' } | { kind: 'field_tasks' } | { kind: 'done' };

export interface LearnerEnrollment {
  id: string;
  courseSlug: string;
  courseTitle: string;
  status: EnrollmentSummary['status'];
  completed: boolean;
  percent: number;
  finishedLessonIds: string[];
  next: NextStep;
  dueAt: string | null;
  pretestScore: number | null;
  pretestOpenAttemptId: string | null;
  posttestScore: number | null;
  posttestOpenAttemptId: string | null;
  posttestAvailable: boolean;
  posttestAttemptsLeft: number | null;
  gain: number | null;
}

function nextOf(dto: EnrollmentSummary | EnrollmentDetail): NextStep {
  switch (dto.nextStep) {
    case 'PRETEST':
      return { kind: 'pretest' };
    case 'POSTTEST':
      return { kind: 'posttest' };
    case 'OUT_OF_ATTEMPTS':
      return { kind: 'out_of_attempts' };
    case 'FIELD_TASKS':
      return { kind: 'field_tasks' };
    case 'DONE':
      return { kind: 'done' };
    case 'LESSON':
      if (dto.status === 'COMPLETED') return { kind: 'done' };
      return { kind: 'lesson', lessonId: 'resumeLessonId' in dto ? dto.resumeLessonId || null : null };
  }
}

/** A summary (from the list) or the detail of one enrollment; only the detail knows lessons, scores and open attempts. */
export function readEnrollment(dto: EnrollmentSummary | EnrollmentDetail): LearnerEnrollment {
  const detail = 'finishedLessonIds' in dto ? dto : null;
  return {
    id: dto.id,
    courseSlug: dto.course.slug,
    courseTitle: dto.course.title || dto.course.slug,
    status: dto.status,
    completed: dto.status === 'COMPLETED',
    percent: Math.max(0, Math.min(100, Math.round(dto.progress.percent))),
    finishedLessonIds: detail?.finishedLessonIds ?? [],
    next: nextOf(dto),
    dueAt: dto.dueAt || null,
    pretestScore: detail?.pretest.score ?? null,
    pretestOpenAttemptId: detail?.pretest.openAttemptId || null,
    posttestScore: detail?.posttest.bestScore ?? null,
    posttestOpenAttemptId: detail?.posttest.openAttemptId || null,
    posttestAvailable: detail?.posttest.available === true,
    posttestAttemptsLeft: detail?.posttest.attemptsLeft ?? null,
    gain: detail?.gain ?? null,
  };
}
