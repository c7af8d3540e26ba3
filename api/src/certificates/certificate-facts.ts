import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CourseSettings } from '../courses/course-package';

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
 * TODO(#15): until those services have the methods, this reads their tables; it is in ALLOWED of the architecture test.
 */
@Injectable()
export class CertificateFactsReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async holder(userId: string): Promise<HolderFacts | null> {
    const [row] = (await this.db.query(`SELECT id, name, pillar, region_code FROM users WHERE id = $1`, [userId])) as Array<{
      id: string;
      name: string;
      pillar: string | null;
      region_code: string | null;
    }>;
    return row ? { id: row.id, name: row.name, pillar: row.pillar, regionCode: row.region_code } : null;
  }

  async regionNames(codes: string[]): Promise<Map<string, string>> {
    const rows = (await this.db.query(`SELECT code, name FROM regions WHERE code = ANY($1)`, [codes])) as Array<{ code: string; name: string }>;
    return new Map(rows.map((row) => [row.code, row.name]));
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
