import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import type { Pillar } from '../common/pillar';
import { rowsOf } from '../common/sql';

export interface NewAssignment {
  courseId: string;
  versionId: string;
  adminId: string;
  dueAt: Date | null;
  pillars: Pillar[];
  regionCode: string | null;
  /** The workers to enroll (ids of `users`, chosen by the users domain). */
  workerIds: string[];
}

/** An assignment of a page, with how the workers it reached are doing now. */
export interface AssignmentRow {
  id: string;
  course_version_id: string;
  pillars: Pillar[];
  region_code: string | null;
  due_at: Date | null;
  assigned_by_id: string | null;
  created_at: Date;
  enrolled_count: number;
  already_enrolled_count: number;
  enrolled: number;
  started: number;
  completed: number;
  overdue: number;
}

/** Every statement on `course_assignments` and `course_assignment_enrollments`, and the bulk enrollment of an assignment. */
@Injectable()
export class AssignmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Enrolls the workers in one statement and records the assignment with the enrollments it reached: a worker
   * already enrolled keeps the enrollment (an active one takes the new due date). Returns the assignment's id and
   * how many were enrolled now and before.
   */
  async insert(manager: EntityManager, assignment: NewAssignment): Promise<{ id: string; enrolled: number; already: number }> {
    const { courseId, versionId, adminId, dueAt, pillars, regionCode, workerIds } = assignment;
    // `reached` pairs each target with its current enrollment: the one written now, or the one it already had.
    const [row] = await rowsOf<{ id: string; enrolled: number; already: number }>(
      manager,
      `WITH targets AS (
         SELECT DISTINCT unnest($7::uuid[]) AS id
       ), written AS (
         INSERT INTO enrollments AS e (user_id, course_id, course_version_id, cycle, source, assigned_by_id, due_at)
         SELECT t.id, $1, $2, 1 + coalesce((SELECT max(p.cycle) FROM enrollments p WHERE p.user_id = t.id AND p.course_id = $1), 0),
                'ASSIGNED', $3, $4
           FROM targets t
         ON CONFLICT (user_id, course_id) WHERE status <> 'ARCHIVED'
         DO UPDATE SET due_at = EXCLUDED.due_at, updated_at = now()
          WHERE EXCLUDED.due_at IS NOT NULL AND e.status = 'ACTIVE'
         RETURNING e.id, e.user_id, (xmax = 0) AS inserted
       ), reached AS (
         SELECT coalesce(w.id, cur.id) AS enrollment_id, coalesce(w.inserted, FALSE) AS inserted
           FROM targets t
           LEFT JOIN written w ON w.user_id = t.id
           LEFT JOIN enrollments cur ON w.id IS NULL AND cur.user_id = t.id AND cur.course_id = $1 AND cur.status <> 'ARCHIVED'
       ), assignment AS (
         INSERT INTO course_assignments (course_id, course_version_id, pillars, region_code, due_at, assigned_by_id, enrolled_count, already_enrolled_count)
         SELECT $1, $2, $5::varchar[], $6, $4, $3, count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM reached
         RETURNING id, enrolled_count, already_enrolled_count
       ), members AS (
         INSERT INTO course_assignment_enrollments (assignment_id, enrollment_id)
         SELECT a.id, r.enrollment_id FROM assignment a CROSS JOIN reached r WHERE r.enrollment_id IS NOT NULL
       )
       SELECT id, enrolled_count AS enrolled, already_enrolled_count AS already FROM assignment`,
      [courseId, versionId, adminId, dueAt, pillars, regionCode, workerIds],
    );
    return row;
  }

  /**
   * What has been assigned that reaches `region` ('' = the nation): assignments of the region, of a region above it
   * (or the whole country), and of regions under it. One row per course, pillars and region (duplicates merged).
   */
  async targetsReaching(region: string): Promise<{ courseId: string; pillars: Pillar[]; regionCode: string | null }[]> {
    return rowsOf(
      this.db,
      `SELECT DISTINCT a.course_id AS "courseId", a.pillars::text[] AS pillars, a.region_code AS "regionCode" FROM course_assignments a
        WHERE $1 = '' OR a.region_code IS NULL OR a.region_code = $1 OR a.region_code LIKE $1 || '.%' OR $1 LIKE a.region_code || '.%'`,
      [region],
    );
  }

  /**
   * A page of the assignments in `scope` (of one course when `courseId` is given; null matches none), newest first,
   * with how many there are. The progress is counted for the page's assignments only.
   */
  async page(scope: RegionScope, courseId: string | null | undefined, page: number, pageSize: number): Promise<{ total: number; rows: AssignmentRow[] }> {
    const params: unknown[] = [];
    const conditions = [scopeSql('a.region_code', scope, params)];
    if (courseId !== undefined) {
      params.push(courseId);
      conditions.push(`a.course_id = $${params.length}`);
    }
    const where = conditions.join(' AND ');
    const [{ total }] = await rowsOf<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM course_assignments a WHERE ${where}`, params);
    const paged = [...params, pageSize, (page - 1) * pageSize];
    const rows = await rowsOf<AssignmentRow>(
      this.db,
      `WITH page AS (
         SELECT a.* FROM course_assignments a WHERE ${where}
          ORDER BY a.created_at DESC, a.id DESC LIMIT $${paged.length - 1} OFFSET $${paged.length}
       )
       SELECT a.id, a.course_version_id, a.pillars, a.region_code, a.due_at, a.assigned_by_id, a.created_at, a.enrolled_count, a.already_enrolled_count,
              p.enrolled, p.started, p.completed, p.overdue
         FROM page a
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS enrolled,
                 count(*) FILTER (WHERE e.completed_at IS NOT NULL OR e.last_lesson_id IS NOT NULL OR e.lessons_finished > 0
                                     OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.enrollment_id = e.id))::int AS started,
                 count(*) FILTER (WHERE e.completed_at IS NOT NULL)::int AS completed,
                 count(*) FILTER (WHERE e.completed_at IS NULL AND e.due_at < now())::int AS overdue
            FROM course_assignment_enrollments m JOIN enrollments e ON e.id = m.enrollment_id
           WHERE m.assignment_id = a.id
        ) p
        ORDER BY a.created_at DESC, a.id DESC`,
      paged,
    );
    return { total, rows };
  }
}
