import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { rowsOf } from '../common/sql';
import { answersRevealed, ATTEMPT_GRACE_SECONDS } from './attempt-rules';
import { CourseCatalog, type CatalogQuestion } from './course-catalog';
import { within } from './enrollments.service';
import { loadEnrollment, type EnrollmentRow } from './enrollment-row';
import { EnrollmentStatus } from './entities/enrollment.entity';
import { AttemptStatus, QuizKind, type Answer, type AttemptItem, type ItemResult } from './entities/quiz-attempt.entity';
import { drawAttempt } from './grading/draw';
import { answerShapeProblem, creditFor, scoreOf } from './grading/grader';
import type { AttemptDto, AttemptResultDto, QuestionResultDto } from './learning.dto';
import {
  ATTEMPT_NOT_FOUND,
  COURSE_ALREADY_PASSED,
  ENROLLMENT_ARCHIVED,
  lessonsUnfinished,
  noAttemptsLeft,
  PRETEST_DONE,
  PRETEST_FIRST,
  tooLate,
} from './learning.errors';
import { LearningEvents } from './learning-events';

interface AttemptRow {
  id: string;
  enrollment_id: string;
  kind: QuizKind;
  number: number;
  status: AttemptStatus;
  items: AttemptItem[];
  started_at: Date;
  deadline: Date | null;
  submitted_at: Date | null;
  score: string | null;
  passed: boolean | null;
  correct_count: number | null;
  results: ItemResult[] | null;
}

const ATTEMPT_COLUMNS = `a.id, a.enrollment_id, a.kind, a.number, a.status, a.items, a.started_at, a.deadline, a.submitted_at, a.score, a.passed, a.correct_count, a.results`;

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
    private readonly catalog: CourseCatalog,
    private readonly events: LearningEvents,
  ) {}

  /**
   * Starts an attempt, or answers the open one of that kind (`created: false`). The pre-test comes first and once;
   * the post-test opens when every lesson is finished, within the quiz's maximum attempts.
   */
  async start(user: Pick<AuthUser, 'id'>, enrollmentId: string, kind: QuizKind): Promise<{ created: boolean; attempt: AttemptDto }> {
    return this.db.transaction(async (tx) => {
      const row = await loadEnrollment(tx, user.id, enrollmentId, true);
      if (row.status === EnrollmentStatus.ARCHIVED) throw new ConflictException(ENROLLMENT_ARCHIVED);
      // Attempts left open past their deadline close now: an expired post-test still counts as an attempt.
      await tx.query(
        `UPDATE quiz_attempts SET status = 'EXPIRED'
          WHERE enrollment_id = $1 AND status = 'OPEN' AND deadline IS NOT NULL AND now() > deadline + make_interval(secs => $2)`,
        [enrollmentId, ATTEMPT_GRACE_SECONDS],
      );
      const [open] = await rowsOf<AttemptRow>(tx, `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a WHERE a.enrollment_id = $1 AND a.kind = $2 AND a.status = 'OPEN'`, [
        enrollmentId,
        kind,
      ]);
      if (open) return { created: false, attempt: await this.toAttemptDto(row, open, false) };

      if (row.status === EnrollmentStatus.COMPLETED) throw new ConflictException(COURSE_ALREADY_PASSED);
      const quiz = kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
      if (kind === QuizKind.PRETEST) {
        if (row.pretestScore !== null) throw new ConflictException(PRETEST_DONE);
      } else {
        if (row.pretestScore === null) throw new ConflictException(PRETEST_FIRST);
        if (row.lessonsFinished < row.lessonCount) throw new ConflictException(lessonsUnfinished(row.lessonsFinished, row.lessonCount));
        const max = row.settings.posttest.maxAttempts;
        if (max !== null && row.posttestAttempts >= max) throw new ConflictException(noAttemptsLeft(max));
      }

      const bank = await this.catalog.bank(row.versionId, quiz.bank);
      const seed = randomInt(0, 2 ** 31);
      const items = drawAttempt(
        [...bank.values()].map((q) => ({ id: q.id, module: q.module, kind: q.kind, optionCount: q.type === 'true_false' ? 0 : (q.options?.length ?? 0) })),
        quiz.draw,
        seed,
        { scenarioShare: kind === QuizKind.POSTTEST ? row.settings.posttest.scenarioShare : 0 },
      );
      const [inserted] = await rowsOf<AttemptRow>(
        tx,
        `INSERT INTO quiz_attempts AS a (enrollment_id, kind, number, seed, items, deadline)
         VALUES ($1, $2, 1 + coalesce((SELECT max(number) FROM quiz_attempts WHERE enrollment_id = $1 AND kind = $2), 0), $3, $4::jsonb,
                 CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(mins => $5::int) END)
         RETURNING ${ATTEMPT_COLUMNS}`,
        [enrollmentId, kind, seed, JSON.stringify(items), quiz.timeLimitMinutes],
      );
      if (kind === QuizKind.POSTTEST) {
        await tx.query(`UPDATE enrollments SET posttest_attempts = posttest_attempts + 1, updated_at = now() WHERE id = $1`, [enrollmentId]);
      }
      return { created: true, attempt: await this.toAttemptDto(row, inserted, false) };
    });
  }

  /** The frozen attempt, the same on every reload; with its result once submitted. */
  async get(user: Pick<AuthUser, 'id'>, attemptId: string): Promise<AttemptDto> {
    const attempt = await this.loadAttempt(this.db.manager, user.id, attemptId);
    const row = await loadEnrollment(this.db.manager, user.id, attempt.enrollment_id);
    return this.toAttemptDto(row, attempt, await this.hasOpenPosttest(this.db.manager, row.id));
  }

  /**
   * Grades an attempt once. Concurrent submissions of the same attempt take turns on the enrollment lock; the first
   * one's `UPDATE … WHERE status = 'OPEN'` grades it, the others answer that stored result (`duplicate: true`).
   * A submission after the deadline plus grace is refused and nothing is stored.
   */
  async submit(
    user: Pick<AuthUser, 'id'>,
    attemptId: string,
    answers: Record<string, unknown>,
    options: SubmitOptions = {},
    manager?: EntityManager,
  ): Promise<{ duplicate: boolean; result: AttemptResultDto }> {
    return within(this.db, manager, async (tx) => {
      const found = await this.loadAttempt(tx, user.id, attemptId);
      if (options.enrollmentId && found.enrollment_id !== options.enrollmentId) throw new NotFoundException(ATTEMPT_NOT_FOUND);
      const row = await loadEnrollment(tx, user.id, found.enrollment_id, true);
      const attempt = await this.loadAttempt(tx, user.id, attemptId);
      if (attempt.status === AttemptStatus.SUBMITTED) {
        return { duplicate: true, result: await this.toResultDto(row, attempt, await this.hasOpenPosttest(tx, row.id)) };
      }
      if (attempt.status === AttemptStatus.EXPIRED) throw new ConflictException(tooLate(attempt.deadline ?? attempt.started_at));

      const quiz = attempt.kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
      const bank = await this.catalog.bank(row.versionId, quiz.bank);
      const shown = this.checkAnswers(attempt.items, bank, answers);
      const results: ItemResult[] = attempt.items.map((item) => {
        const question = bank.get(item.questionId)!;
        const answer = shown.get(item.questionId) ?? null;
        const credit = creditFor({ type: question.type, optionCount: question.options?.length ?? 0, key: question.answer }, toOriginal(answer, item.order), row.settings.posttest.partialCredit);
        return { questionId: item.questionId, credit, answer };
      });
      const score = scoreOf(results.map((r) => r.credit));
      const passed = attempt.kind === QuizKind.POSTTEST ? score >= row.settings.posttest.passMark : null;
      const [graded] = await rowsOf<AttemptRow>(
        tx,
        `UPDATE quiz_attempts a SET status = 'SUBMITTED', submitted_at = now(), client_submitted_at = $2, score = $3, passed = $4,
                correct_count = $5, results = $6::jsonb
          WHERE a.id = $1 AND a.status = 'OPEN' AND (a.deadline IS NULL OR now() <= a.deadline + make_interval(secs => $7))
          RETURNING ${ATTEMPT_COLUMNS}`,
        [attemptId, options.clientAt ?? null, score, passed, results.filter((r) => r.credit === 1).length, JSON.stringify(results), ATTEMPT_GRACE_SECONDS],
      );
      if (!graded) throw new ConflictException(tooLate(attempt.deadline ?? attempt.started_at));

      const updated = await this.recordScore(tx, row, graded.kind, score, passed === true);
      // No post-test is open now: this was the open attempt of its kind, and a pre-test comes before any post-test.
      return { duplicate: false, result: await this.toResultDto(updated, graded, false) };
    });
  }

  /** Keeps the scores on the enrollment; a passed post-test completes it and emits `enrollment.completed` in this transaction. */
  private async recordScore(tx: EntityManager, row: EnrollmentRow, kind: QuizKind, score: number, passed: boolean): Promise<EnrollmentRow> {
    if (kind === QuizKind.PRETEST) {
      const pretest = row.pretestScore ?? score;
      const gain = row.bestPosttestScore === null ? null : round1(row.bestPosttestScore - pretest);
      await tx.query(`UPDATE enrollments SET pretest_score = $2, gain = $3, updated_at = now() WHERE id = $1`, [row.id, pretest, gain]);
      return { ...row, pretestScore: pretest, gain };
    }
    const best = Math.max(row.bestPosttestScore ?? score, score);
    const gain = row.pretestScore === null ? null : round1(best - row.pretestScore);
    const completes = passed && row.status === EnrollmentStatus.ACTIVE;
    const [after] = await rowsOf<{ status: EnrollmentStatus; completed_at: Date | null }>(
      tx,
      `UPDATE enrollments SET best_posttest_score = $2, gain = $3, updated_at = now(),
              status = CASE WHEN $4 THEN 'COMPLETED'::enrollment_status ELSE status END,
              completed_at = CASE WHEN $4 THEN now() ELSE completed_at END
        WHERE id = $1 RETURNING status, completed_at`,
      [row.id, best, gain, completes],
    );
    if (completes) await this.events.enrollmentCompleted(tx, { enrollmentId: row.id, userId: row.userId });
    return { ...row, bestPosttestScore: best, gain, status: after.status, completedAt: after.completed_at };
  }

  /** The answers by question id in shown indexes, or 400 naming the first question that does not fit. */
  private checkAnswers(items: AttemptItem[], bank: Map<string, CatalogQuestion>, answers: Record<string, unknown>): Map<string, Answer> {
    const numbers = new Map(items.map((item, index) => [item.questionId, index + 1]));
    const checked = new Map<string, Answer>();
    for (const [questionId, answer] of Object.entries(answers)) {
      const number = numbers.get(questionId);
      if (number === undefined) throw new BadRequestException(`Soal "${questionId.slice(0, 60)}" tidak ada di tes ini.`);
      if (answer === null) continue;
      const question = bank.get(questionId)!;
      const problem = answerShapeProblem(question.type, question.options?.length ?? 0, answer);
      if (problem) throw new BadRequestException(`Soal nomor ${number} (${questionId}): ${problem}.`);
      checked.set(questionId, answer as Answer);
    }
    return checked;
  }

  private async loadAttempt(manager: EntityManager, userId: string, attemptId: string): Promise<AttemptRow> {
    const [attempt] = await rowsOf<AttemptRow>(
      manager,
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id WHERE a.id = $1 AND e.user_id = $2`,
      [attemptId, userId],
    );
    if (!attempt) throw new NotFoundException(ATTEMPT_NOT_FOUND);
    return attempt;
  }

  private async hasOpenPosttest(manager: EntityManager, enrollmentId: string): Promise<boolean> {
    const [{ open }] = await rowsOf<{ open: boolean }>(
      manager,
      `SELECT EXISTS (SELECT 1 FROM quiz_attempts WHERE enrollment_id = $1 AND kind = 'posttest' AND status = 'OPEN'
                         AND (deadline IS NULL OR now() <= deadline + make_interval(secs => $2))) AS open`,
      [enrollmentId, ATTEMPT_GRACE_SECONDS],
    );
    return open;
  }

  private async toAttemptDto(row: EnrollmentRow, attempt: AttemptRow, openPosttest: boolean): Promise<AttemptDto> {
    const quiz = attempt.kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
    const bank = await this.catalog.bank(row.versionId, quiz.bank);
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
      result: attempt.status === AttemptStatus.SUBMITTED ? await this.toResultDto(row, attempt, openPosttest) : null,
    };
  }

  private async toResultDto(row: EnrollmentRow, attempt: AttemptRow, openPosttest: boolean): Promise<AttemptResultDto> {
    const quiz = attempt.kind === QuizKind.PRETEST ? row.settings.pretest : row.settings.posttest;
    const bank = await this.catalog.bank(row.versionId, quiz.bank);
    const revealed = answersRevealed(row, attempt.kind, openPosttest);
    const orders = new Map(attempt.items.map((item) => [item.questionId, item.order]));
    const results: QuestionResultDto[] = (attempt.results ?? []).map((result) => {
      const question = bank.get(result.questionId)!;
      return {
        questionId: result.questionId,
        correct: revealed ? result.credit === 1 : null,
        credit: revealed ? result.credit : null,
        yourAnswer: result.answer,
        correctAnswer: revealed ? toShown(question.answer, orders.get(result.questionId) ?? null) : null,
        explanation: revealed ? question.explanation : null,
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
      results,
      enrollmentStatus: row.status,
      attemptsLeft: max === null ? null : Math.max(0, max - row.posttestAttempts),
    };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
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
