import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { ALL_PILLARS, type CoursePillar } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { Page } from '../common/pagination.dto';
import { rowsOf } from '../common/sql';
import { CourseCatalog } from './course-catalog';
import { ENROLLMENT_SELECT, loadEnrollment, nextStepOf, outOfAttempts, progressOf, toEnrollmentRow, toSummary, type EnrollmentRow } from './enrollment-row';
import { EnrollmentStatus } from './entities/enrollment.entity';
import { AttemptStatus, QuizKind } from './entities/quiz-attempt.entity';
import { ATTEMPT_GRACE_SECONDS } from './attempt-rules';
import type { EnrollmentDetailDto, EnrollmentSummaryDto, LessonProgressDto } from './learning.dto';
import { ENROLLMENT_ARCHIVED, LESSON_NOT_IN_COURSE, notForPillar, ONLY_WORKERS_ENROLL, PRETEST_FIRST } from './learning.errors';

/** Runs `work` in the caller's transaction when given one, else in a new one. */
export function within<T>(db: DataSource, manager: EntityManager | undefined, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return manager ? work(manager) : db.transaction(work);
}

/** Enrolling, the learner's view of an enrollment, and lesson progress. */
@Injectable()
export class EnrollmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly courses: CoursesService,
    private readonly catalog: CourseCatalog,
  ) {}

  /**
   * Enrolls a worker in the current published version of a course meant for their pillar (or for all). Enrolling
   * again answers the enrollment that exists (`created: false`); two racing requests make one enrollment.
   */
  async enroll(user: AuthUser, slug: string): Promise<{ created: boolean; enrollment: EnrollmentDetailDto }> {
    if (user.role !== Role.PESERTA) throw new ForbiddenException(ONLY_WORKERS_ENROLL);
    const version = await this.courses.resolveVersion(slug);
    const [{ pillars }] = await rowsOf<{ pillars: CoursePillar[] }>(this.db, `SELECT pillars FROM course_versions WHERE id = $1`, [version.versionId]);
    if (!pillars.includes(ALL_PILLARS) && !(user.pillar && pillars.includes(user.pillar))) throw new ForbiddenException(notForPillar(user.pillar));
    const inserted = await rowsOf<{ id: string }>(
      this.db,
      `INSERT INTO enrollments (user_id, course_id, course_version_id, cycle)
       VALUES ($1, $2, $3, 1 + coalesce((SELECT max(cycle) FROM enrollments WHERE user_id = $1 AND course_id = $2), 0))
       ON CONFLICT (user_id, course_id) WHERE status <> 'ARCHIVED' DO NOTHING
       RETURNING id`,
      [user.id, version.courseId, version.versionId],
    );
    const id =
      inserted[0]?.id ??
      (await rowsOf<{ id: string }>(this.db, `SELECT id FROM enrollments WHERE user_id = $1 AND course_id = $2 AND status <> 'ARCHIVED'`, [user.id, version.courseId]))[0]
        ?.id;
    if (!id) throw new ConflictException('Pendaftaran sedang diproses. Coba lagi sebentar lagi.');
    return { created: inserted.length > 0, enrollment: await this.detail(user, id) };
  }

  async list(user: AuthUser, page: number, pageSize: number, status?: EnrollmentStatus): Promise<Page<EnrollmentSummaryDto>> {
    const params: unknown[] = [user.id];
    let where = 'e.user_id = $1';
    if (status) {
      params.push(status);
      where += ` AND e.status = $${params.length}`;
    } else {
      where += ` AND e.status <> 'ARCHIVED'`;
    }
    const [{ total }] = await rowsOf<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM enrollments e WHERE ${where}`, params);
    const rows = await rowsOf(
      this.db,
      `${ENROLLMENT_SELECT.replace('SELECT e.id', `SELECT EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.enrollment_id = e.id AND a.kind = 'posttest' AND a.status = 'OPEN') AS open_posttest, e.id`)}
       WHERE ${where}
       ORDER BY (e.status = 'ACTIVE') DESC, e.due_at ASC NULLS LAST, e.created_at DESC, e.id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((row) => toSummary(toEnrollmentRow(row), Boolean(row.open_posttest))), total, page, pageSize };
  }

  async detail(user: Pick<AuthUser, 'id'>, id: string, manager: EntityManager = this.db.manager): Promise<EnrollmentDetailDto> {
    const row = await loadEnrollment(manager, user.id, id);
    const attempts = await rowsOf<{
      id: string;
      kind: QuizKind;
      number: number;
      status: AttemptStatus;
      score: string | null;
      passed: boolean | null;
      started_at: Date;
      submitted_at: Date | null;
      live: boolean;
    }>(
      manager,
      `SELECT id, kind, number, status, score, passed, started_at, submitted_at,
              (status = 'OPEN' AND (deadline IS NULL OR now() <= deadline + make_interval(secs => $2))) AS live
         FROM quiz_attempts WHERE enrollment_id = $1 ORDER BY started_at, kind, number`,
      [id, ATTEMPT_GRACE_SECONDS],
    );
    const finished = await rowsOf<{ lesson_id: string }>(
      manager,
      `SELECT p.lesson_id FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
        WHERE p.enrollment_id = $1 AND p.finished_at IS NOT NULL ORDER BY l.position`,
      [id],
    );
    const finishedIds = finished.map((f) => f.lesson_id);
    const openOf = (kind: QuizKind) => attempts.find((a) => a.kind === kind && a.live)?.id ?? null;
    const openPosttest = openOf(QuizKind.POSTTEST);
    const pretest = attempts.find((a) => a.kind === QuizKind.PRETEST && a.status === AttemptStatus.SUBMITTED);
    const { settings } = row;
    const max = settings.posttest.maxAttempts;
    const passed = row.status !== EnrollmentStatus.ACTIVE && row.completedAt !== null;
    return {
      ...toSummary(row, openPosttest !== null),
      resumeLessonId: await this.resumeLesson(row, new Set(finishedIds)),
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

  /** Marks a lesson opened: where the worker resumes. Allowed before the pre-test (reading is never refused). */
  async openLesson(user: AuthUser, id: string, lessonId: string): Promise<LessonProgressDto> {
    return this.db.transaction(async (manager) => {
      const row = await loadEnrollment(manager, user.id, id, true);
      await this.assertLessonOf(row, lessonId);
      await manager.query(
        `INSERT INTO lesson_progress (enrollment_id, lesson_id) VALUES ($1, $2) ON CONFLICT (enrollment_id, lesson_id) DO NOTHING`,
        [id, lessonId],
      );
      await manager.query(`UPDATE enrollments SET last_lesson_id = $2, updated_at = now() WHERE id = $1`, [id, lessonId]);
      return this.lessonState(manager, { ...row, lastLessonId: lessonId }, lessonId);
    });
  }

  /**
   * Marks a lesson finished, once: the first server time stays, whatever arrives later or again. `clientAt` is the
   * device's time, kept as information. Finishing lessons comes after the pre-test.
   */
  async finishLesson(user: Pick<AuthUser, 'id'>, id: string, lessonId: string, clientAt: Date | null, manager?: EntityManager): Promise<LessonProgressDto> {
    return within(this.db, manager, async (tx) => {
      const row = await loadEnrollment(tx, user.id, id, true);
      await this.assertLessonOf(row, lessonId);
      if (row.status === EnrollmentStatus.ARCHIVED) throw new ConflictException(ENROLLMENT_ARCHIVED);
      if (row.pretestScore === null && row.status === EnrollmentStatus.ACTIVE) throw new ConflictException(PRETEST_FIRST);
      const changed = await rowsOf(
        tx,
        `INSERT INTO lesson_progress AS p (enrollment_id, lesson_id, finished_at, client_finished_at) VALUES ($1, $2, now(), $3)
         ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET finished_at = now(), client_finished_at = EXCLUDED.client_finished_at
          WHERE p.finished_at IS NULL
         RETURNING 1`,
        [id, lessonId, clientAt],
      );
      let lessonsFinished = row.lessonsFinished;
      if (changed.length > 0) {
        const [updated] = await rowsOf<{ lessons_finished: number }>(
          tx,
          `UPDATE enrollments SET lessons_finished = (SELECT count(*) FROM lesson_progress WHERE enrollment_id = $1 AND finished_at IS NOT NULL),
                  last_lesson_id = $2, updated_at = now()
            WHERE id = $1 RETURNING lessons_finished`,
          [id, lessonId],
        );
        lessonsFinished = updated.lessons_finished;
      }
      return this.lessonState(tx, { ...row, lessonsFinished }, lessonId);
    });
  }

  private async lessonState(manager: EntityManager, row: EnrollmentRow, lessonId: string): Promise<LessonProgressDto> {
    const [progress] = await rowsOf<{ first_opened_at: Date; finished_at: Date | null }>(
      manager,
      `SELECT first_opened_at, finished_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = $2`,
      [row.id, lessonId],
    );
    const [{ open }] = await rowsOf<{ open: boolean }>(
      manager,
      `SELECT EXISTS (SELECT 1 FROM quiz_attempts WHERE enrollment_id = $1 AND kind = 'posttest' AND status = 'OPEN') AS open`,
      [row.id],
    );
    return { lessonId, firstOpenedAt: progress.first_opened_at, finishedAt: progress.finished_at, progress: progressOf(row), nextStep: nextStepOf(row, open) };
  }

  private async assertLessonOf(row: EnrollmentRow, lessonId: string): Promise<void> {
    const lessons = await this.catalog.lessons(row.versionId);
    if (!lessons.some((lesson) => lesson.id === lessonId)) throw new NotFoundException(LESSON_NOT_IN_COURSE);
  }

  /** The last lesson opened when it is unfinished, else the first unfinished lesson in reading order. */
  private async resumeLesson(row: EnrollmentRow, finished: Set<string>): Promise<string | null> {
    if (row.lastLessonId && !finished.has(row.lastLessonId)) return row.lastLessonId;
    const lessons = await this.catalog.lessons(row.versionId);
    return lessons.find((lesson) => !finished.has(lesson.id))?.id ?? null;
  }
}
