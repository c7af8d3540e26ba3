import { ReportsService } from '../reports/reports.service';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { inScope, scopeOf, type RegionScope } from '../auth/region-scope';
import { AuditAction, AuditService } from '../audit/audit.service';
import { ALL_PILLARS } from '../courses/course-package';
import { CoursesService, type CourseVersionFacts, type ResolvedVersion } from '../courses/courses.service';
import { Pillar } from '../common/pillar';
import type { Page } from '../common/pagination.dto';
import { regionNotFound } from '../regions/regions.errors';
import { RegionsService } from '../regions/regions.service';
import { UsersService } from '../users/users.service';
import type { AssignDto, AssignmentListQuery, AssignmentResultDto, AssignmentSummaryDto } from './assignments.dto';
import { AssignmentsRepository, type AssignmentRow } from './assignments.repository';
import { courseNotForPillar, dueNotInFuture, noWorkRegion, regionOutOfScope } from './learning.errors';

/**
 * An admin assigns a course to the workers of a pillar (or of every pillar the course is for) in a region: one
 * statement, however many workers. Each assignment is kept as a row with the enrollments it reached, so its progress
 * can be followed (decision 015).
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: AssignmentsRepository,
    private readonly courses: CoursesService,
    private readonly regions: RegionsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly reports: ReportsService,
  ) {}

  async assign(admin: AuthUser, dto: AssignDto, meta: RequestMeta): Promise<AssignmentResultDto> {
    const regionCode = await this.regionToAssign(admin, dto.regionCode);
    const dueAt = dto.dueAt ? new Date(dto.dueAt) : null;
    if (dueAt && dueAt.getTime() <= Date.now()) throw dueNotInFuture();
    const version = await this.courses.resolveVersion(dto.course, { field: 'course' });
    const pillars = pillarsToAssign(version, dto);
    // Invited workers (imported, not yet activated) are enrolled too: the course is waiting when they sign in.
    const scope: RegionScope = regionCode === null ? { all: true } : { all: false, code: regionCode };
    const workerIds = await this.users.workerIdsIn({ pillars, scope });

    const result = await this.db.transaction(async (tx) => {
      const row = await this.repository.insert(tx, {
        courseId: version.courseId,
        versionId: version.versionId,
        adminId: admin.id,
        dueAt,
        pillars,
        regionCode,
        workerIds,
      });
      const summary = { id: row.id, pillars, enrolled: row.enrolled, alreadyEnrolled: row.already, total: row.enrolled + row.already };
      await this.audit.recordWithin(tx, {
        action: AuditAction.COURSE_ASSIGN,
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
          enrolled: summary.enrolled,
          alreadyEnrolled: summary.alreadyEnrolled,
          total: summary.total,
        },
      });
      return summary;
    });
    // One bulk statement enrolled them: the reports rebuild the region's rows from the base tables, rather than one hook a row.
    if (result.enrolled > 0) await this.reports.refreshFromBaseTables(regionCode);
    return result;
  }

  /**
   * The assignments of the admin's region (and under it), newest first, with how their workers are doing now. The
   * region scope is part of the query; the progress is counted for the page's assignments only.
   */
  /** The assignments that reach a region (its own, those above it, those under it), for the reports' "not enrolled" list. */
  targetsReaching(region: string): Promise<{ courseId: string; pillars: Pillar[]; regionCode: string | null }[]> {
    return this.repository.targetsReaching(region);
  }

  async list(admin: AuthUser, query: AssignmentListQuery): Promise<Page<AssignmentSummaryDto>> {
    // An unknown course matches no assignment (null), as an unknown slug matches no course.
    const courseId = query.course === undefined ? undefined : await this.courses.courseIdOf(query.course);
    const { total, rows } = await this.repository.page(scopeOf(admin), courseId, query.page, query.pageSize);
    const regionNames = await this.regions.namesOf(rows.flatMap((row) => (row.region_code ? [row.region_code] : [])));
    const adminNames = await this.users.namesOf(rows.flatMap((row) => (row.assigned_by_id ? [row.assigned_by_id] : [])));
    const items = await Promise.all(
      rows.map(async (row) => toSummary(row, await this.courses.version(this.db.manager, row.course_version_id), regionNames, adminNames)),
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The region asked for (or the admin's own; null: every region, for the national admin), in scope and known. */
  private async regionToAssign(admin: AuthUser, requested: string | undefined): Promise<string | null> {
    const scope = scopeOf(admin);
    const regionCode = requested ?? (scope.all ? null : scope.code);
    if (regionCode !== null && !inScope(regionCode, scope)) throw regionOutOfScope();
    if (regionCode === null && !scope.all) throw noWorkRegion();
    if (regionCode !== null && !(await this.regions.exists(regionCode))) throw regionNotFound(regionCode, HttpStatus.BAD_REQUEST, 'regionCode');
    return regionCode;
  }
}

/** The pillar asked for, when the course is meant for it; else every pillar the course is meant for. */
function pillarsToAssign(version: ResolvedVersion, dto: AssignDto): Pillar[] {
  const meantFor = version.pillars;
  const forAll = meantFor.includes(ALL_PILLARS);
  if (dto.pillar && !forAll && !meantFor.includes(dto.pillar)) throw courseNotForPillar(dto.course, dto.pillar);
  return dto.pillar ? [dto.pillar] : forAll ? Object.values(Pillar) : (meantFor as Pillar[]);
}

function toSummary(
  row: AssignmentRow,
  version: Pick<CourseVersionFacts, 'slug' | 'title' | 'number'>,
  regionNames: Map<string, string>,
  adminNames: Map<string, string>,
): AssignmentSummaryDto {
  return {
    id: row.id,
    course: { slug: version.slug, title: version.title, version: version.number },
    pillars: row.pillars,
    region: row.region_code ? { code: row.region_code, name: regionNames.get(row.region_code) ?? row.region_code } : null,
    dueAt: row.due_at,
    assignedBy: row.assigned_by_id ? (adminNames.get(row.assigned_by_id) ?? null) : null,
    assignedAt: row.created_at,
    newlyEnrolled: row.enrolled_count,
    alreadyEnrolled: row.already_enrolled_count,
    progress: { enrolled: row.enrolled, started: row.started, completed: row.completed, overdue: row.overdue },
  };
}
