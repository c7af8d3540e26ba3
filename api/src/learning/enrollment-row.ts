import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CourseSettings } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { EnrollmentsRepository, type EnrollmentRecord } from './enrollments.repository';
import { EnrollmentSource, EnrollmentStatus } from './entities/enrollment.entity';
import { enrollmentNotFound } from './learning.errors';
import { NextStep, type EnrollmentSummaryDto } from './learning.dto';

/** An enrollment with what the rules need of its pinned version. */
export interface EnrollmentRow {
  id: string;
  userId: string;
  courseId: string;
  versionId: string;
  cycle: number;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  dueAt: Date | null;
  lastLessonId: string | null;
  lessonsFinished: number;
  pretestScore: number | null;
  bestPosttestScore: number | null;
  gain: number | null;
  posttestAttempts: number;
  completedAt: Date | null;
  createdAt: Date;
  slug: string;
  title: string;
  versionNumber: number;
  lessonCount: number;
  /** The version's lessons in reading order. */
  lessonIds: string[];
  settings: CourseSettings;
}

const num = (value: string | number | null) => (value === null ? null : Number(value));

/**
 * Enrollments with the facts of their pinned course version (from CoursesService, which keeps them in memory: a
 * version never changes). Someone else's enrollment is "not found", exactly like a missing one.
 */
@Injectable()
export class EnrollmentRows {
  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly courses: CoursesService,
  ) {}

  async find(manager: EntityManager, userId: string, id: string): Promise<EnrollmentRow> {
    const record = await this.enrollments.findForUser(manager, userId, id);
    if (!record) throw enrollmentNotFound();
    return this.withVersion(manager, record);
  }

  /**
   * The caller's enrollment, locked for the rest of the transaction: every rule that counts attempts or completes a
   * course runs under this lock, so concurrent requests of one worker take turns.
   */
  async lock(manager: EntityManager, userId: string, id: string): Promise<EnrollmentRow> {
    const record = await this.enrollments.lockForUser(manager, userId, id);
    if (!record) throw enrollmentNotFound();
    return this.withVersion(manager, record);
  }

  async withVersion(manager: EntityManager, record: EnrollmentRecord): Promise<EnrollmentRow> {
    const version = await this.courses.version(manager, record.course_version_id);
    return {
      id: record.id,
      userId: record.user_id,
      courseId: record.course_id,
      versionId: record.course_version_id,
      cycle: record.cycle,
      status: record.status,
      source: record.source,
      dueAt: record.due_at,
      lastLessonId: record.last_lesson_id,
      lessonsFinished: record.lessons_finished,
      pretestScore: num(record.pretest_score),
      bestPosttestScore: num(record.best_posttest_score),
      gain: num(record.gain),
      posttestAttempts: record.posttest_attempts,
      completedAt: record.completed_at,
      createdAt: record.created_at,
      slug: version.slug,
      title: version.title,
      versionNumber: version.number,
      lessonCount: version.lessonCount,
      lessonIds: version.lessonIds,
      settings: version.settings,
    };
  }
}

export function maxAttemptsOf(row: EnrollmentRow): number | null {
  return row.settings.posttest.maxAttempts;
}

export function outOfAttempts(row: EnrollmentRow, openPosttest: boolean): boolean {
  const max = maxAttemptsOf(row);
  return row.status === EnrollmentStatus.ACTIVE && max !== null && row.posttestAttempts >= max && !openPosttest;
}

/** The best post-test score reached the pass mark (the enrollment may still wait for its field tasks, decision 026). */
export function posttestPassed(row: Pick<EnrollmentRow, 'bestPosttestScore' | 'settings'>): boolean {
  return row.bestPosttestScore !== null && row.bestPosttestScore >= row.settings.posttest.passMark;
}

export function nextStepOf(row: EnrollmentRow, openPosttest: boolean): NextStep {
  if (row.status !== EnrollmentStatus.ACTIVE) return NextStep.DONE;
  if (posttestPassed(row)) return NextStep.FIELD_TASKS;
  if (row.pretestScore === null) return NextStep.PRETEST;
  if (row.lessonsFinished < row.lessonCount) return NextStep.LESSON;
  return outOfAttempts(row, openPosttest) ? NextStep.OUT_OF_ATTEMPTS : NextStep.POSTTEST;
}

export function progressOf(row: EnrollmentRow) {
  const percent = row.status !== EnrollmentStatus.ACTIVE || row.lessonCount === 0 ? 100 : Math.floor((100 * row.lessonsFinished) / row.lessonCount);
  return { lessonsFinished: row.lessonsFinished, lessonCount: row.lessonCount, percent };
}

export function toSummary(row: EnrollmentRow, openPosttest: boolean): EnrollmentSummaryDto {
  return {
    id: row.id,
    course: { slug: row.slug, title: row.title, version: row.versionNumber, versionId: row.versionId },
    status: row.status,
    source: row.source,
    cycle: row.cycle,
    progress: progressOf(row),
    nextStep: nextStepOf(row, openPosttest),
    dueAt: row.dueAt,
    enrolledAt: row.createdAt,
    completedAt: row.completedAt,
  };
}
