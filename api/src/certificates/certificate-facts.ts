import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/api-error';
import type { CourseSettings } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { EventAttendance, type EventOnCertificate } from '../events/event-attendance';
import { EnrollmentsService } from '../learning/enrollments.service';
import { RegionsService } from '../regions/regions.service';
import { TasksService, type PassedTask } from '../tasks/tasks.service';
import { UsersService } from '../users/users.service';

/** Who a certificate is for, as the users domain knows them. */
export interface HolderFacts {
  id: string;
  name: string;
  pillar: string | null;
  regionCode: string | null;
}

/** The course version a certificate is for, as the courses domain knows it. */
export interface CourseFacts {
  versionId: string;
  courseId: string;
  title: string;
  summary: string;
  hours: number;
  pillars: string[];
  settings: CourseSettings;
}

/** A completed enrollment, as the learning domain knows it. */
export interface CompletionFacts {
  enrollmentId: string;
  userId: string;
  courseVersionId: string;
  completedAt: Date;
}

/** What the holder achieved, for the credential's results (decision 026): the post-test score and the passed tasks. */
export interface ResultFacts {
  posttestScore: number | null;
  tasks: PassedTask[];
}

/** What issuance needs from other domains (users, regions, courses, learning), read through their services. */
@Injectable()
export class CertificateFactsReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly courses: CoursesService,
    private readonly enrollments: EnrollmentsService,
    private readonly tasks: TasksService,
    private readonly events: EventAttendance,
  ) {}

  async holder(userId: string): Promise<HolderFacts | null> {
    const user = await this.users.findById(userId);
    return user ? { id: user.id, name: user.name, pillar: user.pillar, regionCode: user.regionCode } : null;
  }

  regionNames(codes: string[]): Promise<Map<string, string>> {
    return this.regions.namesOf(codes);
  }

  /** The version's facts from the courses domain's cache; null when there is no such version. */
  async courseVersion(versionId: string): Promise<CourseFacts | null> {
    try {
      const facts = await this.courses.version(this.db.manager, versionId);
      return { versionId: facts.versionId, courseId: facts.courseId, title: facts.title, summary: facts.summary, hours: facts.hours, pillars: facts.pillars, settings: facts.settings };
    } catch (error) {
      if (error instanceof ApiError && error.getStatus() === 404) return null;
      throw error;
    }
  }

  /** The course's in-person event the holder attended, with the JP of the attended agenda (decision 029); or null. */
  attendedEvent(userId: string, courseId: string): Promise<EventOnCertificate | null> {
    return this.events.certificateEvent(userId, courseId);
  }

  completion(enrollmentId: string): Promise<CompletionFacts | null> {
    return this.enrollments.completion(enrollmentId);
  }

  /** The post-test score and the passed field tasks of the enrollment (none for an issuance without an enrollment). */
  async results(enrollmentId: string): Promise<ResultFacts> {
    const [completion, tasks] = await Promise.all([this.enrollments.completion(enrollmentId), this.tasks.passedTasks(enrollmentId)]);
    return { posttestScore: completion?.posttestScore ?? null, tasks };
  }
}
