import { EnrollmentReports, type ReportedLearner } from './enrollment-reports';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { ALL_PILLARS } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { Page } from '../common/pagination.dto';
import { AttemptsRepository, type AttemptHistoryRow, type AttemptRow } from './attempts.repository';
import { EnrollmentRows, nextStepOf, outOfAttempts, posttestPassed, progressOf, toSummary, type EnrollmentRow } from './enrollment-row';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentStatus } from './entities/enrollment.entity';
import { AttemptStatus, QuizKind } from './entities/quiz-attempt.entity';
import type { EnrollmentDetailDto, EnrollmentSummaryDto, LessonProgressDto } from './learning.dto';
import {
  enrollmentArchived,
  enrollmentBusy,
  enrollmentNotFound,
  lessonNotInCourse,
  lessonNotOpened,
  lessonReadTooFast,
  notForPillar,
  onlyWorkersEnroll,
  pretestRequired,
} from './learning.errors';
import { judgeReading, LessonReading, type ReadingClaim } from './lesson-reading';

/** A completed enrollment, as certificates are issued from it. */
export interface Completion {
  enrollmentId: string;
  userId: string;
  courseVersionId: string;
  completedAt: Date;
  /** The best post-test score (the credential's Percent result, decision 026). */
  posttestScore: number | null;
}

/** An enrollment in detail with an attempt of it, as the test page shows them (EnrollmentsService.detailWithAttempt). */
export interface EnrollmentWithAttempt {
  detail: EnrollmentDetailDto;
  row: EnrollmentRow;
  attempt: AttemptRow | null;
  /** A post-test of the enrollment is open and within its time. */
  livePosttest: boolean;
}

/** Enrolling, the learner's view of an enrollment, and lesson progress. */
@Injectable()
export class EnrollmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: EnrollmentsRepository,
    private readonly attempts: AttemptsRepository,
    private readonly rows: EnrollmentRows,
    private readonly courses: CoursesService,
    private readonly reports: EnrollmentReports,
    private readonly reading: LessonReading,
  ) {}

  /**
   * Enrolls a worker in the current published version of a course meant for their pillar (or for all). Enrolling
   * again answers the enrollment that exists (`created: false`); two racing requests make one enrollment.
   */
  async enroll(user: AuthUser, slug: string): Promise<{ created: boolean; enrollment: EnrollmentDetailDto }> {
    if (user.role !== Role.PESERTA) throw onlyWorkersEnroll();
    const version = await this.courses.resolveVersion(slug, { field: 'course' });
    const { pillars } = version;
    if (!pillars.includes(ALL_PILLARS) && !(user.pillar && pillars.includes(user.pillar))) throw notForPillar(user.pillar);
    const inserted = await this.repository.insertSelf(user.id, version.courseId, version.versionId);
    // Told right after (the insert is one statement of its own); the nightly reconciliation repairs a crash in between.
    if (inserted) await this.db.transaction((tx) => this.reports.changed(tx, user, inserted));
    const id = inserted ?? (await this.repository.findCurrentId(user.id, version.courseId));
    if (!id) throw enrollmentBusy();
    return { created: inserted !== null, enrollment: await this.detail(user, id) };
  }

  async list(user: AuthUser, page: number, pageSize: number, status?: EnrollmentStatus): Promise<Page<EnrollmentSummaryDto>> {
    const { total, rows } = await this.repository.pageForUser(user.id, status, page, pageSize);
    const items = await Promise.all(rows.map(async (row) => toSummary(await this.rows.withVersion(this.db.manager, row), row.open_posttest)));
    return { items, total, page, pageSize };
  }

  async detail(user: Pick<AuthUser, 'id'>, id: string): Promise<EnrollmentDetailDto> {
    return (await this.detailWithAttempt(user, id, null)).detail;
  }

  /**
   * The test page's read in one statement (issue #22): the enrollment in detail, the row the rules read, and the
   * attempt `attemptId` whole when it is one of this enrollment's (null otherwise), with whether a post-test of it is
   * live (what an attempt's result discloses depends on it).
   */
  async detailWithAttempt(user: Pick<AuthUser, 'id'>, id: string, attemptId: string | null): Promise<EnrollmentWithAttempt> {
    const found = await this.repository.findWithHistory(user.id, id, attemptId);
    if (!found) throw enrollmentNotFound();
    const row = await this.rows.withVersion(this.db.manager, found.record);
    return {
      detail: toDetail(row, found.attempts, new Set(found.finishedLessonIds)),
      row,
      attempt: found.named,
      livePosttest: found.attempts.some((attempt) => attempt.kind === QuizKind.POSTTEST && attempt.live),
    };
  }

  /** The worker's current (not archived) enrollment in a course, in detail, in one statement; null when there is none. */
  async currentIn(user: Pick<AuthUser, 'id'>, courseId: string): Promise<EnrollmentDetailDto | null> {
    const found = await this.repository.findCurrentWithHistory(user.id, courseId);
    if (!found) return null;
    return toDetail(await this.rows.withVersion(this.db.manager, found.record), found.attempts, new Set(found.finishedLessonIds));
  }

  /**
   * The lesson page's view of the worker's current enrollment in the lesson's course: its id, whether the lesson is
   * finished, and a signed "opened now" for the finish form. Null when not enrolled in the version holding the lesson.
   * One statement (the version's lessons are in memory), as the lesson page is the one a worker opens most.
   */
  async lessonEnrollment(user: Pick<AuthUser, 'id'>, courseId: string, lessonId: string): Promise<{ id: string; finished: boolean; openedToken: string } | null> {
    const found = await this.repository.findCurrentWithLesson(user.id, courseId, lessonId);
    if (!found) return null;
    const version = await this.courses.version(this.db.manager, found.course_version_id);
    if (!version.lessonIds.includes(lessonId)) return null;
    return { id: found.id, finished: Boolean(found.finished_at), openedToken: await this.openedToken(found.id, lessonId) };
  }

  /**
   * What issuing a certificate needs of a completed enrollment (the certificates domain's `enrollment.completed`
   * handler); null when the id names no completed enrollment.
   */
  async completion(enrollmentId: string): Promise<Completion | null> {
    const row = await this.repository.findCompleted(enrollmentId);
    return row
      ? {
          enrollmentId: row.id,
          userId: row.user_id,
          courseVersionId: row.course_version_id,
          completedAt: row.completed_at,
          posttestScore: row.best_posttest_score === null ? null : Number(row.best_posttest_score),
        }
      : null;
  }

  /** Marks a lesson opened: where the worker resumes. Allowed before the pre-test (reading is never refused). */
  async openLesson(user: AuthUser, id: string, lessonId: string): Promise<LessonProgressDto> {
    const row = await this.rows.find(this.db.manager, user.id, id);
    assertLessonOf(row, lessonId);
    const opened = await this.repository.markOpened(id, row.versionId, lessonId);
    if (!opened) throw enrollmentNotFound();
    // A first opening by another request of this worker, committed while this one ran: read what it recorded.
    if (!opened.first_opened_at) return this.lessonState(this.db.manager, row, lessonId);
    return { lessonId, firstOpenedAt: opened.first_opened_at, finishedAt: opened.finished_at, progress: progressOf(row), nextStep: nextStepOf(row, opened.open_posttest) };
  }

  /** finishLessonIn, in a transaction of its own. */
  async finishLesson(user: ReportedLearner, id: string, lessonId: string, clientAt: Date | null, claim: ReadingClaim = {}): Promise<LessonProgressDto> {
    return this.db.transaction((tx) => this.finishLessonIn(tx, user, id, lessonId, clientAt, claim));
  }

  /**
   * Marks a lesson finished, once: the first server time stays, whatever arrives later or again. `clientAt` is the
   * device's time, kept as information. Finishing lessons comes after the pre-test, and after the lesson was opened
   * and read for its minimum time (`claim`: the page's signed token, the device's times when read offline; decision
   * 022). Runs in the caller's transaction (offline sync applies each event in one).
   */
  async finishLessonIn(
    tx: EntityManager,
    user: ReportedLearner,
    id: string,
    lessonId: string,
    clientAt: Date | null,
    claim: ReadingClaim = {},
  ): Promise<LessonProgressDto> {
    const row = await this.rows.lock(tx, user.id, id);
    assertLessonOf(row, lessonId);
    if (row.status === EnrollmentStatus.ARCHIVED) throw enrollmentArchived();
    if (row.pretestScore === null && row.status === EnrollmentStatus.ACTIVE) throw pretestRequired();
    const progress = await this.repository.progressOf(tx, id, lessonId);
    if (progress?.finished_at) return this.lessonState(tx, row, lessonId);
    const openedAt = await this.checkReading(tx, row, lessonId, progress?.first_opened_at ?? null, { ...claim, deviceFinishedAt: clientAt ?? undefined });
    const changed = await this.repository.markFinished(tx, id, lessonId, clientAt, openedAt);
    const lessonsFinished = changed ? await this.repository.recountFinished(tx, id, lessonId) : row.lessonsFinished;
    if (changed) await this.reports.changed(tx, user, id);
    return this.lessonState(tx, { ...row, lessonsFinished }, lessonId);
  }

  /** A signed "opened at" for the lesson page's finish form (nothing is written when a page is read). */
  openedToken(enrollmentId: string, lessonId: string): Promise<string> {
    return this.reading.sign(enrollmentId, lessonId, new Date());
  }

  /** Refuses a finish that came too soon (or without any opening); answers when the lesson was first opened. */
  private async checkReading(tx: EntityManager, row: EnrollmentRow, lessonId: string, recordedOpen: Date | null, claim: ReadingClaim): Promise<Date> {
    const now = new Date();
    const signedOpen = await this.reading.verify(claim.openedToken, row.id, lessonId, now);
    const opens = [recordedOpen, signedOpen].filter((time): time is Date => time !== null);
    const serverOpenedAt = opens.length ? new Date(Math.min(...opens.map((time) => time.getTime()))) : null;
    const words = (await this.courses.version(tx, row.versionId)).lessonWords[lessonId] ?? 0;
    const verdict = judgeReading(claim, { serverOpenedAt, enrollmentCreatedAt: row.createdAt, now, minimumSeconds: this.reading.minimumSeconds(words) });
    if (!verdict.ok) throw verdict.reason === 'not_opened' ? lessonNotOpened() : lessonReadTooFast(verdict.secondsLeft);
    return serverOpenedAt ?? now;
  }

  private async lessonState(manager: EntityManager, row: EnrollmentRow, lessonId: string): Promise<LessonProgressDto> {
    const progress = await this.repository.progressOf(manager, row.id, lessonId);
    if (!progress) throw lessonNotInCourse();
    const open = await this.attempts.hasOpenPosttest(manager, row.id);
    return { lessonId, firstOpenedAt: progress.first_opened_at, finishedAt: progress.finished_at, progress: progressOf(row), nextStep: nextStepOf(row, open) };
  }

  /** userId → pre-test and best post-test score (0–100, null when not taken) in a course: an event's results (issue #20). */
  /**
   * Of these enrollments, the ones that used every post-test attempt their version allows without completing (for the
   * reports' "failed all attempts" list). A version without a limit never exhausts.
   */
  async exhaustedAmong(enrollmentIds: string[]): Promise<Set<string>> {
    const rows = await this.repository.posttestAttemptsOf(enrollmentIds);
    const limits = new Map<string, number | null>();
    for (const versionId of new Set(rows.map((row) => row.course_version_id))) {
      limits.set(versionId, (await this.courses.version(this.db.manager, versionId)).settings.posttest.maxAttempts);
    }
    return new Set(rows.filter((row) => {
      const max = limits.get(row.course_version_id);
      return !row.completed_at && max !== null && max !== undefined && row.posttest_attempts >= max;
    }).map((row) => row.id));
  }

  async testScores(courseId: string, userIds: string[]): Promise<Map<string, { pretest: number | null; posttest: number | null }>> {
    const rows = await this.repository.testScoresOf(courseId, userIds);
    const score = (value: string | null) => (value === null ? null : Number(value));
    return new Map(rows.map((row) => [row.userId, { pretest: score(row.pretest), posttest: score(row.posttest) }]));
  }
}

/** The learner's view of an enrollment: progress, where to resume, both tests, and every attempt. */
function toDetail(row: EnrollmentRow, attempts: AttemptHistoryRow[], finished: Set<string>): EnrollmentDetailDto {
  const finishedIds = row.lessonIds.filter((lessonId) => finished.has(lessonId));
  const openOf = (kind: QuizKind) => attempts.find((a) => a.kind === kind && a.live)?.id ?? null;
  const openPosttest = openOf(QuizKind.POSTTEST);
  const pretest = attempts.find((a) => a.kind === QuizKind.PRETEST && a.status === AttemptStatus.SUBMITTED);
  const { settings } = row;
  const max = settings.posttest.maxAttempts;
  // Passed also while completion waits for the field tasks (decision 026).
  const passed = (row.status !== EnrollmentStatus.ACTIVE && row.completedAt !== null) || posttestPassed(row);
  return {
    ...toSummary(row, openPosttest !== null),
    resumeLessonId: resumeLesson(row, finished),
    finishedLessonIds: finishedIds,
    pretest: {
      score: row.pretestScore,
      submittedAt: pretest?.submitted_at ?? null,
      openAttemptId: openOf(QuizKind.PRETEST),
      questionCount: settings.pretest.draw,
      timeLimitMinutes: settings.pretest.timeLimitMinutes,
    },
    posttest: {
      bestScore: row.bestPosttestScore,
      passed,
      passMark: settings.posttest.passMark,
      attemptsUsed: row.posttestAttempts,
      maxAttempts: max,
      attemptsLeft: max === null ? null : Math.max(0, max - row.posttestAttempts),
      openAttemptId: openPosttest,
      available:
        row.status === EnrollmentStatus.ACTIVE &&
        row.pretestScore !== null &&
        row.lessonsFinished >= row.lessonCount &&
        !posttestPassed(row) &&
        (openPosttest !== null || !outOfAttempts(row, false)),
      questionCount: settings.posttest.draw,
      timeLimitMinutes: settings.posttest.timeLimitMinutes,
    },
    gain: row.gain,
    attempts: attempts.map((a) => ({
      id: a.id,
      kind: a.kind,
      number: a.number,
      status: a.status === AttemptStatus.OPEN && !a.live ? AttemptStatus.EXPIRED : a.status,
      score: a.score === null ? null : Number(a.score),
      passed: a.passed,
      startedAt: a.started_at,
      submittedAt: a.submitted_at,
    })),
  };
}

function assertLessonOf(row: EnrollmentRow, lessonId: string): void {
  if (!row.lessonIds.includes(lessonId)) throw lessonNotInCourse();
}

/** The last lesson opened when it is unfinished, else the first unfinished lesson in reading order. */
function resumeLesson(row: EnrollmentRow, finished: Set<string>): string | null {
  if (row.lastLessonId && !finished.has(row.lastLessonId)) return row.lastLessonId;
  return row.lessonIds.find((lessonId) => !finished.has(lessonId)) ?? null;
}
