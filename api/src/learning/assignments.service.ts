import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { inScope, scopeOf, scopeSql } from '../auth/region-scope';
import { AuditService } from '../audit/audit.service';
import { ALL_PILLARS, type CoursePillar } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { PILLAR_LABELS } from '../common/pillar';
import { rowsOf } from '../common/sql';
import type { AssignDto, AssignmentResultDto } from './learning.dto';

export const COURSE_ASSIGN = 'course.assign';

/** An admin assigns a course to the workers of one pillar in a region: one statement, however many workers. */
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
    const [{ pillars }] = await rowsOf<{ pillars: CoursePillar[] }>(this.db, `SELECT pillars FROM course_versions WHERE id = $1`, [version.versionId]);
    if (!pillars.includes(ALL_PILLARS) && !pillars.includes(dto.pillar)) {
      throw new BadRequestException(`Kursus ${dto.course} bukan untuk pilar ${PILLAR_LABELS[dto.pillar]}.`);
    }

    return this.db.transaction(async (tx) => {
      const params: unknown[] = [version.courseId, version.versionId, admin.id, dueAt, dto.pillar];
      const region = regionCode === null ? 'TRUE' : scopeSql('u.region_code', { all: false, code: regionCode }, params);
      // Invited workers (imported, not yet activated) are enrolled too: the course is waiting when they sign in.
      const [counts] = await rowsOf<{ enrolled: number; total: number }>(
        tx,
        `WITH targets AS (
           SELECT u.id FROM users u
            WHERE u.role = 'PESERTA' AND u.status IN ('ACTIVE', 'INVITED') AND u.pillar = $5 AND ${region}
         ), written AS (
           INSERT INTO enrollments AS e (user_id, course_id, course_version_id, cycle, source, assigned_by_id, due_at)
           SELECT t.id, $1, $2, 1 + coalesce((SELECT max(p.cycle) FROM enrollments p WHERE p.user_id = t.id AND p.course_id = $1), 0),
                  'ASSIGNED', $3, $4
             FROM targets t
           ON CONFLICT (user_id, course_id) WHERE status <> 'ARCHIVED'
           DO UPDATE SET due_at = EXCLUDED.due_at, updated_at = now()
            WHERE EXCLUDED.due_at IS NOT NULL AND e.status = 'ACTIVE'
           RETURNING (xmax = 0) AS inserted
         )
         SELECT (SELECT count(*) FROM written WHERE inserted)::int AS enrolled, (SELECT count(*) FROM targets)::int AS total`,
        params,
      );
      const result = { enrolled: counts.enrolled, alreadyEnrolled: counts.total - counts.enrolled, total: counts.total };
      await this.audit.record(
        {
          action: COURSE_ASSIGN,
          actor: admin,
          targetType: 'course',
          targetId: version.courseId,
          regionCode,
          ip: meta.ip,
          details: { course: dto.course, pillar: dto.pillar, dueAt: dueAt?.toISOString() ?? null, ...result },
        },
        tx,
      );
      return result;
    });
  }
}
