import { Injectable, Logger } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { inScope, scopeOf, type RegionScope } from '../auth/region-scope';
import { Pillar } from '../common/pillar';
import { CoursesService } from '../courses/courses.service';
import { EventsService } from '../events/events.service';
import { AssignmentsService } from '../learning/assignments.service';
import { EnrollmentsService } from '../learning/enrollments.service';
import { RegionsService } from '../regions/regions.service';
import { TasksService } from '../tasks/tasks.service';
import { UsersService } from '../users/users.service';
import { type JobContext, JobsService } from '../jobs/jobs.service';
import { UserStatus } from '../users/user-status';
import { ExportFiles, PEOPLE_EXPORT } from './export-files';
import { ReportPeopleExportJobBody, ReportPeopleFilter, ReportPeopleList, ReportPeoplePageDto, ReportPersonDto } from './reports-lists.dto';
import { ReportsListsRepository, type ListCursor } from './reports-lists.repository';
import { writePeopleCsv, writePeopleWorkbook } from './reports-lists.workbook';
import type { ExportFormat, ReportExportJobDto } from './reports.dto';
import { reportExportNeedsJob, reportExportNotAllowed, reportExportTooLarge, reportRegionNotFound } from './reports.errors';

const BATCH = 2_000;
const EXPORT_PAGE = 1_000;
/**
 * The longest list one request streams (REPORT_PEOPLE_STREAM_LIMIT, default 200,000): a longer one runs as a
 * background job (POST /api/reports/people/exports), which stops at PEOPLE_JOB_LIMIT (the workers export's limit).
 */
export const PEOPLE_EXPORT_LIMIT = 200_000;
export const PEOPLE_JOB_LIMIT = 1_000_000;
const READER_ROLES: string[] = ['ADMIN_DINSOS', 'ADMIN_PUSAT', 'PELATIH'];

/** The configured limit of a streamed people-list export (a test lowers it). */
export function peopleStreamLimit(): number {
  const configured = Number(process.env.REPORT_PEOPLE_STREAM_LIMIT);
  return Number.isInteger(configured) && configured > 0 ? configured : PEOPLE_EXPORT_LIMIT;
}

/** A person before names are added: ids and codes only. */
type Person = Omit<ReportPersonDto, 'name' | 'regionName' | 'courseTitle'>;

/** One pillar of one region that an assignment of a course reaches. */
interface Target {
  courseId: string;
  pillar: Pillar;
  region: string;
}

/**
 * The people lists that need other domains (issue #19): not enrolled in an assigned course, failed all attempts,
 * overdue field-task reviews, events attended. Each is scoped inside the owning domain's query (or the reports' rows),
 * paged, and exportable like the workers list. A module of its own (ReportsListsModule): learning, tasks and events
 * depend on ReportsModule for their hooks.
 */
@Injectable()
export class ReportsListsService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly rows: ReportsListsRepository,
    private readonly assignments: AssignmentsService,
    private readonly enrollments: EnrollmentsService,
    private readonly tasks: TasksService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly courses: CoursesService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly files: ExportFiles,
  ) {}

  async page(caller: AuthUser, query: ReportPeopleFilter & { page: number; pageSize: number }): Promise<ReportPeoplePageDto> {
    const scope = scopeOf(caller);
    const region = await this.resolveRegion(scope, query.region);
    const { items, total } = await this.slice(scope, region, query, (query.page - 1) * query.pageSize, query.pageSize, true);
    return { list: query.list, items: await this.named(items), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * The list as XLSX or CSV, streamed page by page; audit-logged like the workers export. Refusals come before the first
   * byte, among them a list longer than the stream limit (REPORT_EXPORT_NEEDS_JOB: start the background export).
   */
  async export(caller: AuthUser, query: ReportPeopleFilter, meta: RequestMeta, format: ExportFormat): Promise<{ stream: Readable; filename: string }> {
    const scope = scopeOf(caller);
    const region = await this.resolveRegion(scope, query.region);
    const limit = peopleStreamLimit();
    const { total } = await this.slice(scope, region, query, 0, 1, true);
    if (total > limit) throw reportExportNeedsJob(limit);
    const stream = new PassThrough();
    this.writeExport(caller, scope, region, query, format, stream, meta.ip, limit).catch((error: Error) => {
      this.logger.error(`people export failed: ${error.message}`);
      stream.destroy(error);
    });
    return { stream, filename: this.exportFilename(query, format) };
  }

  /** The same export as a background job (pg-boss): a region outside the scope is refused now, before anything is queued. */
  async startExport(caller: AuthUser, body: ReportPeopleExportJobBody, meta: RequestMeta): Promise<ReportExportJobDto> {
    await this.resolveRegion(scopeOf(caller), body.region);
    const params = { list: body.list, region: body.region ?? null, pillar: body.pillar ?? null, course: body.course ?? null, format: body.format, ip: meta.ip };
    return { jobId: await this.jobs.enqueue(PEOPLE_EXPORT, { owner: caller, regionCode: caller.regionCode, params }) };
  }

  /**
   * The job's handler: the owner as they are now (a role or region taken away since no longer applies), the file
   * written batch by batch to disk under a temporary name, progress after each batch, audit-logged when complete.
   */
  async runExportJob(job: JobContext): Promise<{ rows: number; format: ExportFormat; filename: string; download: string }> {
    const owner = job.ownerId ? await this.users.findById(job.ownerId) : null;
    if (!owner || owner.status !== UserStatus.ACTIVE || !READER_ROLES.includes(owner.role)) throw reportExportNotAllowed();
    const caller: AuthUser = { id: owner.id, name: owner.name, role: owner.role, regionCode: owner.regionCode, pillar: owner.pillar };
    const param = (key: string) => (typeof job.params[key] === 'string' ? (job.params[key] as string) : undefined);
    const query = { list: param('list'), region: param('region'), pillar: param('pillar'), course: param('course') } as ReportPeopleFilter;
    const format: ExportFormat = param('format') === 'csv' ? 'csv' : 'xlsx';
    const scope = scopeOf(caller);
    const region = await this.resolveRegion(scope, query.region);
    const { total } = await this.slice(scope, region, query, 0, 1, true);
    if (total > PEOPLE_JOB_LIMIT) throw reportExportTooLarge(PEOPLE_JOB_LIMIT);
    await job.progress(0, total);
    await this.files.deleteOld();
    const file = await this.files.create(job.id, format);
    let done = 0;
    try {
      const rows = await this.writeExport(caller, scope, region, query, format, file.stream, param('ip') ?? null, PEOPLE_JOB_LIMIT, async (batch) => {
        done += batch;
        await job.progress(done, Math.max(total, done));
      });
      await file.finish();
      return { rows, format, filename: this.exportFilename(query, format), download: `/api/reports/exports/${job.id}/file` };
    } catch (error) {
      await file.discard();
      throw error;
    }
  }

  private exportFilename(query: ReportPeopleFilter, format: ExportFormat): string {
    return `laporan-${query.list.toLowerCase().replace(/_/g, '-')}-${new Date().toISOString().slice(0, 10)}.${format}`;
  }

  /** Writes the list to `output` batch by batch (never the whole list in memory), then audit-logs it. Returns the rows. */
  private async writeExport(
    caller: AuthUser,
    scope: RegionScope,
    region: string,
    query: ReportPeopleFilter,
    format: ExportFormat,
    output: NodeJS.WritableStream,
    ip: string | null,
    limit: number,
    onBatch?: (rows: number) => Promise<void>,
  ): Promise<number> {
    const filters: [string, string][] = [
      ['Daftar', query.list],
      ['Wilayah', region || 'Seluruh Indonesia'],
      ['Pilar', query.pillar ?? 'Semua'],
      ['Kursus', query.course ?? 'Semua'],
      ['Dibuat oleh', caller.name],
      ['Waktu pembuatan (UTC)', new Date().toISOString()],
    ];
    const batches = this.exportBatches(scope, region, query, limit, onBatch);
    const rows = format === 'csv' ? await writePeopleCsv(output, batches) : await writePeopleWorkbook(output, batches, filters);
    await this.audit.record({
      action: AuditAction.REPORT_EXPORT,
      actor: caller,
      targetType: 'region',
      targetId: region || caller.regionCode,
      regionCode: region || caller.regionCode,
      ip,
      details: { rows, format, list: query.list, pillar: query.pillar ?? null, course: query.course ?? null, background: onBatch !== undefined },
    });
    return rows;
  }

  private async *exportBatches(scope: RegionScope, region: string, query: ReportPeopleFilter, limit: number, onBatch?: (rows: number) => Promise<void>): AsyncGenerator<ReportPersonDto[]> {
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const { items } = await this.slice(scope, region, query, offset, EXPORT_PAGE, false);
      if (items.length === 0) return;
      if (offset + items.length > limit) throw reportExportTooLarge(limit);
      yield await this.named(items);
      await onBatch?.(items.length);
      if (items.length < EXPORT_PAGE) return;
    }
  }

  /** A page of the list; `counted` false skips the total (an export's batches need only the rows). */
  private slice(scope: RegionScope, region: string, query: ReportPeopleFilter, offset: number, limit: number, counted: boolean): Promise<{ items: Person[]; total: number }> {
    switch (query.list) {
      case ReportPeopleList.ALL_WORKERS:
        return this.allWorkers(region, query, offset, limit, counted);
      case ReportPeopleList.ALL_ENROLLED:
        return this.states(scope, region, query, null, offset, limit, counted);
      case ReportPeopleList.ALL_STARTED:
        return this.states(scope, region, query, ['STARTED', 'COMPLETED', 'CERTIFIED'], offset, limit, counted);
      case ReportPeopleList.ALL_COMPLETED:
        return this.states(scope, region, query, ['COMPLETED', 'CERTIFIED'], offset, limit, counted);
      case ReportPeopleList.NOT_ENROLLED_ASSIGNED:
        return this.notEnrolled(region, query, offset, limit, counted);
      case ReportPeopleList.FAILED_ALL_ATTEMPTS:
        return this.failedAll(scope, region, query, offset, limit, counted);
      case ReportPeopleList.OVERDUE_REVIEWS:
        return this.overdueReviews(scope, region, offset, limit);
      case ReportPeopleList.EVENTS_ATTENDED:
        return this.eventsAttended(scope, region, query, offset, limit);
    }
  }

  /** The people behind the dashboard's "workers": every pillar (or the filter's), region by region, through the users domain. */
  private async allWorkers(region: string, query: ReportPeopleFilter, offset: number, limit: number, counted: boolean): Promise<{ items: Person[]; total: number }> {
    const pillars = query.pillar ? [query.pillar] : Object.values(Pillar);
    let total = 0;
    for (const pillar of counted ? pillars : []) total += await this.users.countWorkers(pillar, region);
    const items: Person[] = [];
    let skip = offset;
    for (const pillar of pillars) {
      let after: { regionCode: string; id: string } | null = null;
      while (items.length < limit) {
        const workers = await this.users.workersAfter(pillar, region, after, Math.min(BATCH, skip + limit - items.length));
        if (workers.length === 0) break;
        after = { regionCode: workers[workers.length - 1].regionCode, id: workers[workers.length - 1].id };
        for (const w of workers) {
          if (skip > 0) skip--;
          else if (items.length < limit) items.push({ userId: w.id, regionCode: w.regionCode, pillar, courseId: null, detail: null, date: null, value: null });
        }
      }
      if (items.length >= limit) break;
    }
    return { items, total };
  }

  /** The people behind the funnel's figures: the reports' own current-state rows (one per worker and course). */
  private async states(scope: RegionScope, region: string, query: ReportPeopleFilter, statuses: string[] | null, offset: number, limit: number, counted: boolean): Promise<{ items: Person[]; total: number }> {
    const { rows, total } = await this.rows.statesPage(scope, region, { pillar: query.pillar, courseId: query.course }, statuses, limit, offset, counted);
    return {
      total,
      items: rows.map((r) => ({
        userId: r.user_id,
        regionCode: r.region_code,
        pillar: r.pillar as Pillar,
        courseId: r.course_id,
        detail: null,
        date: statuses?.includes('COMPLETED') && !statuses.includes('STARTED') ? r.completed_at : r.enrolled_at,
        value: r.posttest_score === null ? null : Number(r.posttest_score),
      })),
    };
  }

  /**
   * Workers an assignment reaches without an enrollment in its course. The total is exact from two counts per target
   * (workers of the pillar and region, minus those enrolled); the page walks the workers in order and skips the enrolled.
   */
  private async notEnrolled(region: string, query: ReportPeopleFilter, offset: number, limit: number, counted: boolean): Promise<{ items: Person[]; total: number }> {
    const targets = targetsOf(await this.assignments.targetsReaching(region), region, query);
    let total = 0;
    for (const t of counted ? targets : []) total += (await this.users.countWorkers(t.pillar, t.region)) - (await this.rows.countEnrolled(t.courseId, t.pillar, t.region));
    const items: Person[] = [];
    let skip = offset;
    for (const t of targets) {
      let after: { regionCode: string; id: string } | null = null;
      while (items.length < limit) {
        const workers = await this.users.workersAfter(t.pillar, t.region, after, BATCH);
        if (workers.length === 0) break;
        after = { regionCode: workers[workers.length - 1].regionCode, id: workers[workers.length - 1].id };
        const enrolled = await this.rows.enrolledAmong(t.courseId, workers.map((w) => w.id));
        for (const w of workers) {
          if (enrolled.has(w.id)) continue;
          if (skip > 0) skip--;
          else if (items.length < limit) items.push({ userId: w.id, regionCode: w.regionCode, pillar: t.pillar, courseId: t.courseId, detail: null, date: null, value: null });
        }
      }
      if (items.length >= limit) break;
    }
    return { items, total };
  }

  /**
   * Unfinished enrollments whose every allowed post-test attempt is used: the reports' rows with a post-test score
   * (scoped in the query) checked in batches against learning's attempt counts and the course's limit.
   */
  private async failedAll(scope: RegionScope, region: string, query: ReportPeopleFilter, offset: number, limit: number, counted: boolean): Promise<{ items: Person[]; total: number }> {
    const items: Person[] = [];
    let total = 0;
    let after: ListCursor | null = null;
    while (counted || items.length < limit) {
      const batch = await this.rows.attemptedAfter(scope, region, { pillar: query.pillar, courseId: query.course }, after, BATCH);
      if (batch.length === 0) break;
      const last = batch[batch.length - 1];
      after = { regionCode: last.region_code, userId: last.user_id, courseId: last.course_id };
      const exhausted = await this.enrollments.exhaustedAmong(batch.map((row) => row.enrollment_id));
      for (const row of batch) {
        if (!exhausted.has(row.enrollment_id)) continue;
        if (total >= offset && items.length < limit) {
          items.push({ userId: row.user_id, regionCode: row.region_code, pillar: row.pillar as Pillar, courseId: row.course_id, detail: null, date: null, value: Number(row.posttest_score) });
        }
        total++;
      }
    }
    return { items, total };
  }

  private async overdueReviews(scope: RegionScope, region: string, offset: number, limit: number): Promise<{ items: Person[]; total: number }> {
    const { items, total } = await this.tasks.overdueReviews(scope, region, limit, offset);
    return {
      total,
      items: items.map((r) => ({ userId: r.workerId, regionCode: r.regionCode, pillar: null, courseId: null, detail: r.taskTitle, date: r.dueAt, value: null })),
    };
  }

  private async eventsAttended(scope: RegionScope, region: string, query: ReportPeopleFilter, offset: number, limit: number): Promise<{ items: Person[]; total: number }> {
    const { rows, total } = await this.events.attendedIn(scope, region, query.course ?? null, limit, offset);
    return {
      total,
      items: rows.map((r) => ({ userId: r.userId, regionCode: r.regionCode, pillar: null, courseId: r.courseId, detail: r.title, date: r.firstCheckinAt, value: r.attendedDays })),
    };
  }

  /** Names of people, regions and courses, one read per kind. */
  private async named(items: Person[]): Promise<ReportPersonDto[]> {
    const courseIds = items.flatMap((i) => (i.courseId ? [i.courseId] : []));
    const [names, regionNames, titles] = await Promise.all([
      this.users.namesOf(items.map((i) => i.userId)),
      this.regions.namesOf(items.map((i) => i.regionCode)),
      this.courses.titlesOf(courseIds),
    ]);
    return items.map((i) => ({
      ...i,
      name: names.get(i.userId) ?? '',
      regionName: regionNames.get(i.regionCode) ?? '',
      courseTitle: i.courseId ? (titles.get(i.courseId) ?? '') : null,
    }));
  }

  /** As ReportsService: a foreign region and a missing one answer alike (404); none means the caller's whole scope ('' = nation). */
  private async resolveRegion(scope: RegionScope, requested: string | undefined): Promise<string> {
    if (requested === undefined) {
      if (scope.all) return '';
      if (!scope.code) throw reportRegionNotFound('region');
      return scope.code;
    }
    if (!inScope(requested, scope) || !(await this.regions.exists(requested))) throw reportRegionNotFound('region');
    return requested;
  }
}

/**
 * The disjoint (course, pillar, region) sets the assignments reach inside `region`: an assignment above the region
 * counts for the region, one under it for its own region; a set inside another of the same course and pillar is dropped.
 */
export function targetsOf(assigned: { courseId: string; pillars: Pillar[]; regionCode: string | null }[], region: string, filter: { pillar?: Pillar; course?: string }): Target[] {
  const under = (code: string, parent: string) => parent === '' || code === parent || code.startsWith(`${parent}.`);
  const all: Target[] = [];
  for (const a of assigned) {
    if (filter.course && a.courseId !== filter.course) continue;
    const own = a.regionCode ?? '';
    const at = under(own, region) ? own : region;
    for (const pillar of a.pillars) if (!filter.pillar || pillar === filter.pillar) all.push({ courseId: a.courseId, pillar, region: at });
  }
  const key = (t: Target) => `${t.courseId}|${t.pillar}|${t.region}`;
  const unique = [...new Map(all.map((t) => [key(t), t])).values()];
  return unique
    .filter((t) => !unique.some((o) => o !== t && o.courseId === t.courseId && o.pillar === t.pillar && o.region !== t.region && under(t.region, o.region)))
    .sort((a, b) => key(a).localeCompare(key(b)));
}
