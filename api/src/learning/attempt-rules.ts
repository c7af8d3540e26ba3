import type { EnrollmentRow } from './enrollment-row';
import { EnrollmentStatus } from './entities/enrollment.entity';
import { QuizKind } from './entities/quiz-attempt.entity';

/** Seconds a submission may arrive after the deadline (a slow network, a phone waking up). */
export const ATTEMPT_GRACE_SECONDS = 30;

/**
 * What a submitted attempt's result shows (decision 023):
 * - `NONE`: the score only;
 * - `WRONG_ONLY`: which questions were right or wrong and the module to read again, never the right option nor the
 *   explanation (explanations name the right option, so they would hand out the key);
 * - `FULL`: the right options and the explanations too.
 */
export enum Disclosure {
  NONE = 'NONE',
  WRONG_ONLY = 'WRONG_ONLY',
  FULL = 'FULL',
}

/**
 * What an attempt's result may show. Everything once the worker passed the post-test (or the course is completed).
 * A failed post-test shows which questions were wrong, and the keys only when the course sets
 * `reveal_answers_after_fail` and no attempt is left (the behaviour of decision 006, now opt-in). A pre-test shows
 * everything at once when its bank is not the post-test's; when both share a bank its keys would answer the coming
 * post-test, so it shows everything at the moment the post-test would, and nothing before.
 */
export function disclosureOf(row: EnrollmentRow, kind: QuizKind, openPosttest: boolean): Disclosure {
  const { settings } = row;
  if (kind === QuizKind.PRETEST && settings.pretest.bank !== settings.posttest.bank) return Disclosure.FULL;
  if (posttestPassedOrCompleted(row)) return Disclosure.FULL;
  const max = settings.posttest.maxAttempts;
  const exhausted = max !== null && row.posttestAttempts >= max && !openPosttest;
  if (settings.posttest.revealAnswersAfterFail === true && exhausted) return Disclosure.FULL;
  return kind === QuizKind.POSTTEST ? Disclosure.WRONG_ONLY : Disclosure.NONE;
}

/** The best post-test reached the pass mark (completion may still wait for field tasks), or the course is completed. */
function posttestPassedOrCompleted(row: EnrollmentRow): boolean {
  if (row.status === EnrollmentStatus.COMPLETED || row.completedAt !== null) return true;
  return row.bestPosttestScore !== null && row.bestPosttestScore >= row.settings.posttest.passMark;
}
