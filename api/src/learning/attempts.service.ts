import { EnrollmentReports, type ReportedLearner } from './enrollment-reports';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { CoursesService, type QuestionBank } from '../courses/courses.service';
import { ATTEMPT_GRACE_SECONDS, Disclosure, disclosureOf } from './attempt-rules';
import { AttemptsRepository, GRADE_STATEMENT_HOOK_PARAM, type AttemptRow, type Grading } from './attempts.repository';
import { EnrollmentRows, posttestPassed, type EnrollmentRow } from './enrollment-row';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentStatus } from './entities/enrollment.entity';
import { AttemptStatus, QuizKind, type Answer, type AttemptItem, type ItemResult } from './entities/quiz-attempt.entity';
import { drawAttempt } from './grading/draw';
import { answerShapeProblem, creditFor, scoreOf } from './grading/grader';
import type { AttemptDto, AttemptResultDto, QuestionResultDto } from './learning.dto';
import {
  answerInvalid,
  attemptNotFound,
  courseAlreadyPassed,
  enrollmentArchived,
  lessonsUnfinished,
  noAttemptsLeft,
  pretestDone,
  pretestRequired,
  tooLate,
  unknownQuestion,
} from './learning.errors';
import { LearningEvents } from './learning-events';
import { CompletionService } from './completion';

type EnrollmentScoresAfter = Pick<EnrollmentRow, 'pretestScore' | 'bestPosttestScore' | 'gain'>;

/** A passed post-test of an active enrollment: it completes the course when the field-task gates allow. */
const mayComplete = (row: EnrollmentRow, grading: Grading) => grading.passed === true && row.status === EnrollmentStatus.ACTIVE;

/** A score as the database's numeric columns answer it. */
const decimal = (value: number | null) => (value === null ? null : String(value));

/** The learner submitting: their region scopes the completion event. */
type Learner = ReportedLearner;

export interface SubmitOptions {
  /** The device's time of submission (offline sync): kept as information. */
  clientAt?: Date | null;
  /** When given (sync), the attempt must belong to this enrollment. */
  enrollmentId?: string;
}

/**
 * Pre-test and post-test attempts: starting (a seeded, frozen draw), showing, and grading once. The rules run under a
 * lock of the enrollment row, so concurrent requests of one worker take turns and the counts stay right.
 */
@Injectable()
export class AttemptsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: AttemptsRepository,
    private readonly enrollments: EnrollmentsRepository,
    private readonly rows: EnrollmentRows,
    private readonly courses: CoursesService,
    private readonly events: LearningEvents,
    private readonly reports: EnrollmentReports,
    private readonly completion: CompletionService,
  ) {}

  /**
   * Starts an attempt, or answers the open one of that kind (`created: false`). The pre-test comes first and once;
   * the post-test opens when every lesson is finished, within the quiz's maximum attempts.
   */
  async start(user: Learner, enrollmentId: string, kind: QuizKind): Promise<{ created: boolean; attempt: AttemptDto }> {
    return this.db.transaction(async (tx) => {
      const row = await this.rows.lock(tx, user.id, enrollmentId);
      if (row.status === EnrollmentStatus.ARCHIVED) throw enrollmentArchived();
      // Attempts left open past their deadline close now: an expired post-test still counts as an attempt.
      await this.repository.expireOverdue(tx, enrollmentId);
      const open = await this.repository.findOpen(tx, enrollmentId, kind);
      if (open) return { created: false, attempt: await this.toAttemptDto(tx, row, open, false) };

      assertMayStart(row, kind);
      const quiz = kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
      const bank = await this.courses.bank(tx, row.versionId, quiz.bank);
      const seed = randomInt(0, 2 ** 31);
      const items = drawAttempt(
        [...bank.values()].map((q) => ({ id: q.id, module: q.moduleKey, kind: q.kind, optionCount: q.type === 'true_false' ? 0 : (q.options?.length ?? 0) })),
        quiz.draw,
        seed,
        { scenarioShare: kind === QuizKind.POSTTEST ? row.settings.posttest.scenarioShare : 0 },
      );
      const inserted = await this.repository.insert(tx, { enrollmentId, kind, seed, items, timeLimitMinutes: quiz.timeLimitMinutes, regionCode: user.regionCode });
      if (kind === QuizKind.POSTTEST) {
        await this.enrollments.countPosttestAttempt(tx, enrollmentId);
        await this.reports.changed(tx, user, enrollmentId);
      }
      return { created: true, attempt: await this.toAttemptDto(tx, row, inserted, false) };
    });
  }

  /** The frozen attempt, the same on every reload; with its result once submitted. */
  async get(user: Pick<AuthUser, 'id'>, attemptId: string): Promise<AttemptDto> {
    const manager = this.db.manager;
    const attempt = await this.loadAttempt(manager, user.id, attemptId);
    const row = await this.rows.find(manager, user.id, attempt.enrollment_id);
    return this.toAttemptDto(manager, row, attempt, await this.repository.hasLivePosttest(manager, row.id));
  }

  /** An attempt already read with its enrollment, as `get` answers it (the test page reads both in one statement). */
  shown(row: EnrollmentRow, attempt: AttemptRow, livePosttest: boolean): Promise<AttemptDto> {
    return this.toAttemptDto(this.db.manager, row, attempt, livePosttest);
  }

  /**
   * A graded submit from the web: in one write statement when it can (`submitInOneStatement`), else `submitIn` in a
   * transaction of its own (the same rules under the enrollment's lock; it also finds the right refusal or the stored
   * result of a repeated submission).
   */
  async submit(
    user: Learner,
    attemptId: string,
    answers: Record<string, unknown>,
    options: SubmitOptions = {},
  ): Promise<{ duplicate: boolean; result: AttemptResultDto }> {
    const graded = await this.submitInOneStatement(user, attemptId, answers, options);
    return graded ?? this.db.transaction((tx) => this.submitIn(tx, user, attemptId, answers, options));
  }

  /**
   * The common submit — an open attempt in time, graded without completing the course — in two statements after the
   * session and no transaction (issue #22, decision 037): read the attempt, its enrollment and the reports' row
   * unlocked; grade in memory; write the result, the scores and the reports' row and changes in one statement that
   * writes only if, under its row locks, the attempt is still open and in time and the enrollment and the reports' row
   * are the versions read (a single statement is atomic: all of it or nothing). undefined: nothing was written and
   * the locked path decides (not found, not open, too late, a passing post-test that may complete the course, or a
   * concurrent change since the read). A malformed answer is refused here as there.
   */
  private async submitInOneStatement(
    user: Learner,
    attemptId: string,
    answers: Record<string, unknown>,
    options: SubmitOptions,
  ): Promise<{ duplicate: boolean; result: AttemptResultDto } | undefined> {
    const manager = this.db.manager;
    const read = await this.repository.readForSubmit(manager, user.id, attemptId, this.reports.stateJoin());
    if (!read || read.attempt.status !== AttemptStatus.OPEN) return undefined;
    if (options.enrollmentId && read.attempt.enrollment_id !== options.enrollmentId) return undefined;
    const row = await this.rows.withVersion(manager, read.enrollment);
    const { grading, after } = await this.grade(manager, row, read.attempt, answers, options);
    // A pass may complete the course (field-task gates, the completion event): that stays in the locked path.
    if (mayComplete(row, grading)) return undefined;
    const enrollmentAfter = { ...read.enrollment, pretest_score: decimal(after.pretestScore), best_posttest_score: decimal(after.bestPosttestScore), gain: decimal(after.gain), updated_at: read.readAt };
    const hook = await this.reports.changeStatement(manager, user, enrollmentAfter, this.reports.joinedState(read.joined), GRADE_STATEMENT_HOOK_PARAM);
    const written = await this.repository.gradeInOneStatement(manager, read, grading, after, hook);
    if (!written) return undefined;
    const updated: EnrollmentRow = { ...row, ...after, status: written.enrollment.status, completedAt: written.enrollment.completed_at };
    return { duplicate: false, result: await this.toResultDto(manager, updated, written.attempt, false) };
  }

  /**
   * Grades an attempt once, in the caller's transaction (offline sync applies each event in one), in as few
   * statements as the rules allow (issue #22): lock the enrollment and read the attempt (one statement), grade in
   * memory, write the result and the enrollment's scores (one statement), tell the reports, and enqueue the completion
   * when it completes. Concurrent submissions of the same attempt take turns on the enrollment lock; the first one's
   * write (`… WHERE status = 'OPEN'`) grades it, the others answer that stored result (`duplicate: true`). A
   * submission after the deadline plus grace is refused and nothing is stored.
   */
  async submitIn(
    tx: EntityManager,
    user: Learner,
    attemptId: string,
    answers: Record<string, unknown>,
    options: SubmitOptions = {},
  ): Promise<{ duplicate: boolean; result: AttemptResultDto }> {
    const locked = await this.repository.lockForSubmit(tx, user.id, attemptId);
    if (!locked || (options.enrollmentId && locked.attempt.enrollment_id !== options.enrollmentId)) throw attemptNotFound();
    const row = await this.rows.withVersion(tx, locked.enrollment);
    const { attempt } = locked;
    if (attempt.status !== AttemptStatus.OPEN) return this.answerClosed(tx, row, attempt);

    const { grading, after } = await this.grade(tx, row, attempt, answers, options);
    // Completion also waits for the course's field tasks (decision 026): the last one passing completes it then.
    const completes = mayComplete(row, grading) && (await this.completion.gatesAllow(tx, row));
    const written = await this.repository.gradeAndRecord(tx, attemptId, grading, { ...after, completes });
    // Not open any more (a concurrent submission graded it while this one waited for the lock) or too late.
    if (!written) return this.answerClosed(tx, row, await this.loadAttempt(tx, user.id, attemptId));

    await this.reports.changedTo(tx, user, written.enrollment);
    if (completes) await this.events.enrollmentCompleted(tx, { enrollmentId: row.id, userId: row.userId, regionCode: user.regionCode });
    const updated: EnrollmentRow = { ...row, ...after, status: written.enrollment.status, completedAt: written.enrollment.completed_at };
    // No post-test is open now: this was the open attempt of its kind, and a pre-test comes before any post-test.
    return { duplicate: false, result: await this.toResultDto(tx, updated, written.attempt, false) };
  }

  /** An open attempt graded in memory (a malformed answer: 400), and its enrollment's scores after it. */
  private async grade(manager: EntityManager, row: EnrollmentRow, attempt: AttemptRow, answers: Record<string, unknown>, options: SubmitOptions): Promise<{ grading: Grading; after: EnrollmentScoresAfter }> {
    const quiz = attempt.kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
    const bank = await this.courses.bank(manager, row.versionId, quiz.bank);
    const shown = checkAnswers(attempt.items, bank, answers);
    const { results, score, correctCount } = gradeAnswers(attempt.items, bank, shown, row.settings.posttest.partialCredit);
    const passed = attempt.kind === QuizKind.POSTTEST ? score >= row.settings.posttest.passMark : null;
    const fingerprint = attempt.kind === QuizKind.POSTTEST ? answersFingerprint(attempt.items, shown) : null;
    return { grading: { clientAt: options.clientAt ?? null, fingerprint, score, passed, correctCount, results }, after: scoresAfter(row, attempt.kind, score) };
  }

  /** A submission of an attempt that is not open: the stored result when it was graded, else too late. */
  private async answerClosed(tx: EntityManager, row: EnrollmentRow, attempt: AttemptRow): Promise<{ duplicate: boolean; result: AttemptResultDto }> {
    if (attempt.status !== AttemptStatus.SUBMITTED) throw tooLate(attempt.deadline ?? attempt.started_at);
    return { duplicate: true, result: await this.toResultDto(tx, row, attempt, await this.repository.hasLivePosttest(tx, row.id)) };
  }

  private async loadAttempt(manager: EntityManager, userId: string, attemptId: string): Promise<AttemptRow> {
    const attempt = await this.repository.findForUser(manager, userId, attemptId);
    if (!attempt) throw attemptNotFound();
    return attempt;
  }

  private async toAttemptDto(manager: EntityManager, row: EnrollmentRow, attempt: AttemptRow, openPosttest: boolean): Promise<AttemptDto> {
    const quiz = attempt.kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
    const bank = await this.courses.bank(manager, row.versionId, quiz.bank);
    const status = attempt.status === AttemptStatus.OPEN && attempt.deadline && Date.now() > attempt.deadline.getTime() + ATTEMPT_GRACE_SECONDS * 1000 ? AttemptStatus.EXPIRED : attempt.status;
    return {
      id: attempt.id,
      enrollmentId: attempt.enrollment_id,
      kind: attempt.kind,
      number: attempt.number,
      status,
      // Only what a learner may see before submitting: no key, no explanation.
      questions: attempt.items.map((item) => {
        const question = bank.get(item.questionId)!;
        return {
          id: question.id,
          type: question.type,
          prompt: question.prompt,
          options: item.order && question.options ? item.order.map((original) => question.options![original]) : null,
        };
      }),
      startedAt: attempt.started_at,
      deadline: attempt.deadline,
      result: attempt.status === AttemptStatus.SUBMITTED ? await this.toResultDto(manager, row, attempt, openPosttest) : null,
    };
  }

  private async toResultDto(manager: EntityManager, row: EnrollmentRow, attempt: AttemptRow, openPosttest: boolean): Promise<AttemptResultDto> {
    const quiz = attempt.kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
    const bank = await this.courses.bank(manager, row.versionId, quiz.bank);
    const disclosure = disclosureOf(row, attempt.kind, openPosttest);
    const revealed = disclosure === Disclosure.FULL;
    const marked = disclosure !== Disclosure.NONE;
    const moduleTitles = marked ? await this.courses.moduleTitles(manager, row.versionId) : new Map<string, string>();
    const orders = new Map(attempt.items.map((item) => [item.questionId, item.order]));
    const results: QuestionResultDto[] = (attempt.results ?? []).map((result) => {
      const question = bank.get(result.questionId)!;
      return {
        questionId: result.questionId,
        correct: marked ? result.credit === 1 : null,
        credit: revealed ? result.credit : null,
        yourAnswer: result.answer,
        correctAnswer: revealed ? toShown(question.answer, orders.get(result.questionId) ?? null) : null,
        explanation: revealed ? question.explanation : null,
        module: marked && question.moduleKey ? (moduleTitles.get(question.moduleKey) ?? null) : null,
      };
    });
    const max = row.settings.posttest.maxAttempts;
    return {
      attemptId: attempt.id,
      kind: attempt.kind,
      score: Number(attempt.score),
      passed: attempt.passed,
      correctCount: attempt.correct_count ?? 0,
      total: attempt.items.length,
      submittedAt: attempt.submitted_at!,
      revealed,
      marked,
      results,
      enrollmentStatus: row.status,
      attemptsLeft: max === null ? null : Math.max(0, max - row.posttestAttempts),
    };
  }
}

/** A new attempt of `kind`: not after passing; the pre-test once; the post-test after it and every lesson, within its maximum. */
function assertMayStart(row: EnrollmentRow, kind: QuizKind): void {
  if (row.status === EnrollmentStatus.COMPLETED || posttestPassed(row)) throw courseAlreadyPassed();
  if (kind === QuizKind.PRETEST) {
    if (row.pretestScore !== null) throw pretestDone();
    return;
  }
  if (row.pretestScore === null) throw pretestRequired();
  if (row.lessonsFinished < row.lessonCount) throw lessonsUnfinished(row.lessonsFinished, row.lessonCount);
  const max = row.settings.posttest.maxAttempts;
  if (max !== null && row.posttestAttempts >= max) throw noAttemptsLeft(max);
}

/** The answers by question id in shown indexes, or 400 naming the first question that does not fit. */
function checkAnswers(items: AttemptItem[], bank: QuestionBank, answers: Record<string, unknown>): Map<string, Answer> {
  const numbers = new Map(items.map((item, index) => [item.questionId, index + 1]));
  const checked = new Map<string, Answer>();
  for (const [questionId, answer] of Object.entries(answers)) {
    const number = numbers.get(questionId);
    if (number === undefined) throw unknownQuestion(questionId);
    if (answer === null) continue;
    const question = bank.get(questionId)!;
    const problem = answerShapeProblem(question.type, question.options?.length ?? 0, answer);
    if (problem) throw answerInvalid(questionId, number, problem);
    checked.set(questionId, answer as Answer);
  }
  return checked;
}

/** Each question's credit (through the stored option order: grading goes by option, not by place), and the score. */
function gradeAnswers(items: AttemptItem[], bank: QuestionBank, shown: Map<string, Answer>, partialCredit: boolean): { results: ItemResult[]; score: number; correctCount: number } {
  const results = items.map((item) => {
    const question = bank.get(item.questionId)!;
    const answer = shown.get(item.questionId) ?? null;
    const credit = creditFor({ type: question.type, optionCount: question.options?.length ?? 0, key: question.answer }, toOriginal(answer, item.order), partialCredit);
    return { questionId: item.questionId, credit, answer };
  });
  return { results, score: scoreOf(results.map((r) => r.credit)), correctCount: results.filter((r) => r.credit === 1).length };
}

/** The enrollment's scores after a graded attempt: the first pre-test counts, the best post-test is kept, gain = best − pre-test. */
function scoresAfter(row: EnrollmentRow, kind: QuizKind, score: number): Pick<EnrollmentRow, 'pretestScore' | 'bestPosttestScore' | 'gain'> {
  const pretestScore = kind === QuizKind.PRETEST ? (row.pretestScore ?? score) : row.pretestScore;
  const bestPosttestScore = kind === QuizKind.POSTTEST ? Math.max(row.bestPosttestScore ?? score, score) : row.bestPosttestScore;
  const gain = pretestScore === null || bestPosttestScore === null ? null : round1(bestPosttestScore - pretestScore);
  return { pretestScore, bestPosttestScore, gain };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * sha256 of the questions and the answers given, in the bank's option order and sorted by question: two workers who
 * answered the same questions alike have the same fingerprint whatever order their options were shown in.
 */
function answersFingerprint(items: AttemptItem[], shown: Map<string, Answer>): string {
  const pairs = items
    .map((item) => {
      const answer = toOriginal(shown.get(item.questionId) ?? null, item.order);
      return `${item.questionId}=${JSON.stringify(Array.isArray(answer) ? [...answer].sort((a, b) => a - b) : answer)}`;
    })
    .sort();
  return createHash('sha256').update(pairs.join('\n')).digest('hex');
}

/** A shown answer in the bank's own option order. */
function toOriginal(answer: Answer | null, order: number[] | null): Answer | null {
  if (answer === null || order === null) return answer;
  if (Array.isArray(answer)) return answer.map((shown) => order[shown]);
  return typeof answer === 'number' ? order[answer] : answer;
}

/** A key in the order the options were shown. */
function toShown(key: Answer, order: number[] | null): Answer {
  if (order === null) return key;
  if (Array.isArray(key)) return key.map((original) => order.indexOf(original)).sort((a, b) => a - b);
  return typeof key === 'number' ? order.indexOf(key) : key;
}
