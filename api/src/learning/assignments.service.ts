import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { inScope, scopeOf, scopeSql } from '../auth/region-scope';
import { AuditService } from '../audit/audit.service';
import { ALL_PILLARS, type CoursePillar } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { Pillar, PILLAR_LABELS } from '../common/pillar';
import type { Page } from '../common/pagination.dto';
import { rowsOf } from '../common/sql';
import type { AssignDto, AssignmentListQuery, AssignmentResultDto, AssignmentSummaryDto } from './assignments.dto';

export const COURSE_ASSIGN = 'course.assign';

interface AssignmentRow {
  id: string;
  slug: string;
  title: string;
  version: number;
  pillars: Pillar[];
  region_code: string | null;
  region_name: string | null;
  due_at: Date | null;
  assigned_by: string | null;
  created_at: Date;
  enrolled_count: number;
  already_enrolled_count: number;
  enrolled: number;
  started: number;
  completed: number;
  overdue: number;
}

/**
 * An admin assigns a course to the workers of a pillar (or of every pillar the course is for) in a region: one
 * statement, however many workers. Each assignment is kept as a row with the enrollments it reached, so its progress
 * can be followed (decision 015).
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly courses: CoursesService,
    private readonly audit: AuditService,
  ) {}

  async assign(admin: AuthUser, dto: AssignDto, meta: RequestMeta): Promise<AssignmentResultDto> {
    const scope = scopeOf(admin);
    const regionCode = dto.regionCode ?? (scope.all ? null : scope.code);
    if (regionCode !== null && !inScope(regionCode, scope)) throw new ForbiddenException('Wilayah itu di luar wilayah kerja Anda.');
    if (regionCode === null && !scope.all) throw new ForbiddenException('Akun Anda tidak memiliki wilayah kerja.');
    if (regionCode !== null) {
      const found = await rowsOf(this.db, `SELECT 1 FROM regions WHERE code = $1`, [regionCode]);
      if (found.length === 0) throw new BadRequestException(`Kode wilayah ${regionCode} tidak dikenal.`);
    }
    const dueAt = dto.dueAt ? new Date(dto.dueAt) : null;
    if (dueAt && dueAt.getTime() <= Date.now()) throw new BadRequestException('Tenggat (dueAt) harus di masa depan.');
    const version = await this.courses.resolveVersion(dto.course);
    const [{ pillars: meantFor }] = await rowsOf<{ pillars: CoursePillar[] }>(this.db, `SELECT pillars FROM course_versions WHERE id = $1`, [version.versionId]);
    const forAll = meantFor.includes(ALL_PILLARS);
    if (dto.pillar && !forAll && !meantFor.includes(dto.pillar)) {
      throw new BadRequestException(`Kursus ${dto.course} bukan untuk pilar ${PILLAR_LABELS[dto.pillar]}.`);
    }
    const pillars: Pillar[] = dto.pillar ? [dto.pillar] : forAll ? Object.values(Pillar) : (meantFor as Pillar[]);

    return this.db.transaction(async (tx) => {
      const params: unknown[] = [version.courseId, version.versionId, admin.id, dueAt, pillars, regionCode];
      const region = regionCode === null ? 'TRUE' : scopeSql('u.region_code', { all: false, code: regionCode }, params);
      // Invited workers (imported, not yet activated) are enrolled too: the course is waiting when they sign in.
      // `reached` pairs each target with its current enrollment: the one written now, or the one it already had.
      const [row] = await rowsOf<{ id: string; enrolled: number; already: number }>(
        tx,
        `WITH targets AS (
           SELECT u.id FROM users u
            WHERE u.role = 'PESERTA' AND u.status IN ('ACTIVE', 'INVITED') AND u.pillar = ANY($5::pillar[]) AND ${region}
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
        params,
      );
      const result = { id: row.id, pillars, enrolled: row.enrolled, alreadyEnrolled: row.already, total: row.enrolled + row.already };
      await this.audit.record(
        {
          action: COURSE_ASSIGN,
          actor: admin,
          targetType: 'course',
          targetId: version.courseId,
          regionCode,
          ip: meta.ip,
          details: {
            course: dto.course,
            assignmentId: row.id,
            pillar: dto.pillar ?? null,
            pillars,
            dueAt: dueAt?.toISOString() ?? null,
            enrolled: result.enrolled,
            alreadyEnrolled: result.alreadyEnrolled,
            total: result.total,
          },
        },
        tx,
      );
      return result;
    });
  }

  /**
   * The assignments of the admin's region (and under it), newest first, with how their workers are doing now. The
   * region scope is part of the query; the progress is counted for the page's assignments only.
   */
  async list(admin: AuthUser, query: AssignmentListQuery): Promise<Page<AssignmentSummaryDto>> {
    const params: unknown[] = [];
    const conditions = [scopeSql('a.region_code', scopeOf(admin), params)];
    if (query.course) {
      params.push(query.course);
      conditions.push(`a.course_id = (SELECT c.id FROM courses c WHERE c.slug = $${params.length})`);
    }
    const where = conditions.join(' AND ');
    const [{ total }] = await rowsOf<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM course_assignments a WHERE ${where}`, params);
    const paged = [...params, query.pageSize, (query.page - 1) * query.pageSize];
    const rows = await rowsOf<AssignmentRow>(
      this.db,
      `WITH page AS (
         SELECT a.* FROM course_assignments a WHERE ${where}
          ORDER BY a.created_at DESC, a.id DESC LIMIT $${paged.length - 1} OFFSET $${paged.length}
       )
       SELECT a.id, c.slug, v.title, v.number AS version, a.pillars, a.region_code, r.name AS region_name, a.due_at,
              u.name AS assigned_by, a.created_at, a.enrolled_count, a.already_enrolled_count,
              p.enrolled, p.started, p.completed, p.overdue
         FROM page a
         JOIN courses c ON c.id = a.course_id
         JOIN course_versions v ON v.id = a.course_version_id
         LEFT JOIN regions r ON r.code = a.region_code
         LEFT JOIN users u ON u.id = a.assigned_by_id
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
    return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
  }
}

function toSummary(row: AssignmentRow): AssignmentSummaryDto {
  return {
    id: row.id,
    course: { slug: row.slug, title: row.title, version: row.version },
    pillars: row.pillars,
    region: row.region_code ? { code: row.region_code, name: row.region_name ?? row.region_code } : null,
    dueAt: row.due_at,
    assignedBy: row.assigned_by,
    assignedAt: row.created_at,
    newlyEnrolled: row.enrolled_count,
    alreadyEnrolled: row.already_enrolled_count,
    progress: { enrolled: row.enrolled, started: row.started, completed: row.completed, overdue: row.overdue },
  };
}
