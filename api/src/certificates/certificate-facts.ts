import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CourseSettings } from '../courses/course-package';
import { RegionsService } from '../regions/regions.service';
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

/**
 * What issuance needs from other domains (users, regions, courses, learning), read through their services.
 * TODO(#15): courses and learning still read here until their services have the methods (ALLOWED in the architecture test).
 */
@Injectable()
export class CertificateFactsReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
  ) {}

  async holder(userId: string): Promise<HolderFacts | null> {
    const user = await this.users.findById(userId);
    return user ? { id: user.id, name: user.name, pillar: user.pillar, regionCode: user.regionCode } : null;
  }

  regionNames(codes: string[]): Promise<Map<string, string>> {
    return this.regions.namesOf(codes);
  }

  async courseVersion(versionId: string): Promise<CourseFacts | null> {
    const [row] = (await this.db.query(`SELECT id, course_id, title, summary, hours, pillars, settings FROM course_versions WHERE id = $1`, [versionId])) as Array<{
      id: string;
      course_id: string;
      title: string;
      summary: string | null;
      hours: string;
      pillars: string[];
      settings: CourseSettings;
    }>;
    return row
      ? { versionId: row.id, courseId: row.course_id, title: row.title, summary: row.summary ?? '', hours: Number(row.hours), pillars: row.pillars, settings: row.settings }
      : null;
  }

  async completion(enrollmentId: string): Promise<CompletionFacts | null> {
    const [row] = (await this.db.query(
      `SELECT id, user_id, course_version_id, completed_at FROM enrollments WHERE id::text = $1 AND completed_at IS NOT NULL`,
      [enrollmentId],
    )) as Array<{ id: string; user_id: string; course_version_id: string; completed_at: Date }>;
    return row ? { enrollmentId: row.id, userId: row.user_id, courseVersionId: row.course_version_id, completedAt: row.completed_at } : null;
  }
}
