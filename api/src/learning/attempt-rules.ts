import type { EnrollmentRow } from './enrollment-row';
import { EnrollmentStatus } from './entities/enrollment.entity';
import { QuizKind } from './entities/quiz-attempt.entity';

/** Seconds a submission may arrive after the deadline (a slow network, a phone waking up). */
export const ATTEMPT_GRACE_SECONDS = 30;

/**
 * Whether an attempt's right answers and explanations may be shown. A post-test's only once the course is passed or
 * no attempt is left. A pre-test's at once when it draws from a bank the post-test does not use; when both share a
 * bank (as the standard courses do), the pre-test's keys would be answers to the coming post-test, so they wait for
 * the same moment as the post-test's.
 */
export function answersRevealed(row: EnrollmentRow, kind: QuizKind, openPosttest: boolean): boolean {
  const { settings } = row;
  if (kind === QuizKind.PRETEST && settings.pretest.bank !== settings.posttest.bank) return true;
  if (row.status === EnrollmentStatus.COMPLETED || row.completedAt !== null) return true;
  const max = settings.posttest.maxAttempts;
  return max !== null && row.posttestAttempts >= max && !openPosttest;
}
