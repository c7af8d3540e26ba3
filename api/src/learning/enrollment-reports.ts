import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { CoursesService } from '../courses/courses.service';
import type { EnrollmentFacts } from '../reports/progress';
import { type HookStatement, type JoinedState, ReportsService } from '../reports/reports.service';
import { EnrollmentsRepository, type EnrollmentRecord } from './enrollments.repository';

/** The worker whose enrollment changed: region and pillar as the session knows them (no second connection). */
export type ReportedLearner = Pick<AuthUser, 'id' | 'regionCode' | 'pillar'>;

/**
 * Keeps the reports' rollups current (issue #19): every change to an enrollment's progress is told to ReportsService
 * inside the transaction that made it, so the report row commits or rolls back with it.
 */
@Injectable()
export class EnrollmentReports {
  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly courses: CoursesService,
    private readonly reports: ReportsService,
  ) {}

  async changed(manager: EntityManager, learner: ReportedLearner, enrollmentId: string): Promise<void> {
    const record = await this.enrollments.findWithActivity(manager, enrollmentId);
    if (record) await this.changedTo(manager, learner, record);
  }

  /** Like `changed`, with the enrollment as the caller's write returned it (no second read: a graded submit). */
  async changedTo(manager: EntityManager, learner: ReportedLearner, record: EnrollmentRecord & { updated_at: Date }): Promise<void> {
    await this.reports.recordEnrollmentChange(manager, await this.factsOf(manager, learner, record));
  }

  /** The reports' current row of the enrollment's worker and course, read beside the caller's row of `e` (enrollments). */
  stateJoin(): string {
    return this.reports.stateJoin('e.user_id', 'e.course_id');
  }

  joinedState(row: Record<string, unknown>): JoinedState {
    return this.reports.joinedState(row);
  }

  /**
   * Like `changedTo`, as part of the caller's single write statement (a graded submit, decision 037): `record` is the
   * enrollment as that statement will leave it, `read` the reports' row as `stateJoin` read it.
   */
  async changeStatement(manager: EntityManager, learner: ReportedLearner, record: EnrollmentRecord & { updated_at: Date }, read: JoinedState, firstParam: number): Promise<HookStatement> {
    return this.reports.enrollmentChangeStatement(await this.factsOf(manager, learner, record), read, firstParam);
  }

  private async factsOf(manager: EntityManager, learner: ReportedLearner, record: EnrollmentRecord & { updated_at: Date }): Promise<EnrollmentFacts> {
    const version = await this.courses.version(manager, record.course_version_id);
    return {
      enrollmentId: record.id,
      userId: record.user_id,
      courseId: record.course_id,
      regionCode: learner.regionCode,
      pillar: learner.pillar,
      lessonsFinished: record.lessons_finished,
      pretestScore: record.pretest_score === null ? null : Number(record.pretest_score),
      bestPosttestScore: record.best_posttest_score === null ? null : Number(record.best_posttest_score),
      posttestAttempts: record.posttest_attempts,
      completedAt: record.completed_at,
      hours: version.hours,
      createdAt: record.created_at,
      updatedAt: record.updated_at,
    };
  }
}
