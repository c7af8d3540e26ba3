import { NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CourseSettings } from '../courses/course-package';
import { EnrollmentSource, EnrollmentStatus } from './entities/enrollment.entity';
import { ENROLLMENT_NOT_FOUND } from './learning.errors';
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
  settings: CourseSettings;
}

export const ENROLLMENT_SELECT = `
  SELECT e.id, e.user_id, e.course_id, e.course_version_id, e.cycle, e.status, e.source, e.due_at, e.last_lesson_id,
         e.lessons_finished, e.pretest_score, e.best_posttest_score, e.gain, e.posttest_attempts, e.completed_at,
         e.created_at, c.slug, v.title, v.number AS version_number, v.lesson_count, v.settings
    FROM enrollments e
    JOIN courses c ON c.id = e.course_id
    JOIN course_versions v ON v.id = e.course_version_id`;

const num = (value: string | number | null) => (value === null ? null : Number(value));

export function toEnrollmentRow(row: Record<string, never>): EnrollmentRow {
  return {
    id: row.id,
    userId: row.user_id,
    courseId: row.course_id,
    versionId: row.course_version_id,
    cycle: row.cycle,
    status: row.status,
    source: row.source,
    dueAt: row.due_at,
    lastLessonId: row.last_lesson_id,
    lessonsFinished: row.lessons_finished,
    pretestScore: num(row.pretest_score),
    bestPosttestScore: num(row.best_posttest_score),
    gain: num(row.gain),
    posttestAttempts: row.posttest_attempts,
    completedAt: row.completed_at,
    createdAt: row.created_at,
    slug: row.slug,
    title: row.title,
    versionNumber: row.version_number,
    lessonCount: row.lesson_count,
    settings: row.settings,
  };
}

/**
 * The caller's enrollment, locked for the rest of the transaction when `lock` (every rule that counts attempts or
 * completes a course runs under this lock, so concurrent requests of one worker take turns). Someone else's
 * enrollment is "not found", exactly like a missing one.
 */
export async function loadEnrollment(manager: EntityManager, userId: string, id: string, lock = false): Promise<EnrollmentRow> {
  const rows = (await manager.query(`${ENROLLMENT_SELECT} WHERE e.id = $1 AND e.user_id = $2 ${lock ? 'FOR UPDATE OF e' : ''}`, [id, userId])) as Record<string, never>[];
  if (rows.length === 0) throw new NotFoundException(ENROLLMENT_NOT_FOUND);
  return toEnrollmentRow(rows[0]);
}

export function maxAttemptsOf(row: EnrollmentRow): number | null {
  return row.settings.posttest.maxAttempts;
}

export function outOfAttempts(row: EnrollmentRow, openPosttest: boolean): boolean {
  const max = maxAttemptsOf(row);
  return row.status === EnrollmentStatus.ACTIVE && max !== null && row.posttestAttempts >= max && !openPosttest;
}

export function nextStepOf(row: EnrollmentRow, openPosttest: boolean): NextStep {
  if (row.status !== EnrollmentStatus.ACTIVE) return NextStep.DONE;
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
