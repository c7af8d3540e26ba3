/**
 * The learner's view of an enrollment, read from the learning API (GET /api/enrollments, GET /api/enrollments/:id:
 * EnrollmentSummaryDto / EnrollmentDetailDto). The list gives no lesson detail; the detail fills it in.
 */
export type NextStep = { kind: 'pretest' } | { kind: 'lesson'; lessonId: string | null } | { kind: 'posttest' } | { kind: 'out_of_attempts' } | { kind: 'done' };

export interface LearnerEnrollment {
  id: string;
  courseSlug: string;
  courseTitle: string;
  status: string;
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

type Raw = Record<string, unknown>;

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const obj = (value: unknown): Raw => (value && typeof value === 'object' ? (value as Raw) : {});

export function readEnrollment(input: unknown): LearnerEnrollment {
  const raw = obj(input);
  const course = obj(raw.course);
  const progress = obj(raw.progress);
  const pretest = obj(raw.pretest);
  const posttest = obj(raw.posttest);
  const status = str(raw.status) ?? 'ACTIVE';
  const step = (str(raw.nextStep) ?? '').toUpperCase();
  const next: NextStep =
    step === 'PRETEST'
      ? { kind: 'pretest' }
      : step === 'POSTTEST'
        ? { kind: 'posttest' }
        : step === 'OUT_OF_ATTEMPTS'
          ? { kind: 'out_of_attempts' }
          : step === 'DONE' || status === 'COMPLETED'
            ? { kind: 'done' }
            : { kind: 'lesson', lessonId: str(raw.resumeLessonId) };
  return {
    id: String(raw.id ?? ''),
    courseSlug: str(course.slug) ?? '',
    courseTitle: str(course.title) ?? str(course.slug) ?? '',
    status,
    completed: status === 'COMPLETED',
    percent: Math.max(0, Math.min(100, Math.round(num(progress.percent) ?? 0))),
    finishedLessonIds: Array.isArray(raw.finishedLessonIds) ? raw.finishedLessonIds.map(String) : [],
    next,
    dueAt: str(raw.dueAt),
    pretestScore: num(pretest.score),
    pretestOpenAttemptId: str(pretest.openAttemptId),
    posttestScore: num(posttest.bestScore),
    posttestOpenAttemptId: str(posttest.openAttemptId),
    posttestAvailable: posttest.available === true,
    posttestAttemptsLeft: num(posttest.attemptsLeft),
    gain: num(raw.gain),
  };
}

export function readEnrollmentList(input: unknown): LearnerEnrollment[] {
  const items = (obj(input).items as unknown[] | undefined) ?? [];
  return items.map(readEnrollment);
}
