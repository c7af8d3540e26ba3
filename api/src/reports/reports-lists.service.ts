import { Injectable, Logger } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { AuditService } from '../audit/audit.service';
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
import { ReportPeopleFilter, ReportPeopleList, ReportPeoplePageDto, ReportPersonDto } from './reports-lists.dto';
import { ReportsListsRepository, type ListCursor } from './reports-lists.repository';
import { writePeopleCsv, writePeopleWorkbook } from './reports-lists.workbook';
import { reportExportTooLarge, reportRegionNotFound } from './reports.errors';

const BATCH = 2_000;
const EXPORT_PAGE = 1_000;
/** The lists read other domains page by page: an export stops here (narrow the filters beyond it). */
export const PEOPLE_EXPORT_LIMIT = 200_000;

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
  ) {}

  async page(caller: AuthUser, query: ReportPeopleFilter & { page: number; pageSize: number }): Promise<ReportPeoplePageDto> {
    const scope = scopeOf(caller);
    const region = await this.resolveRegion(scope, query.region);
    const { items, total } = await this.slice(scope, region, query, (query.page - 1) * query.pageSize, query.pageSize, true);
    return { list: query.list, items: await this.named(items), total, page: query.page, pageSize: query.pageSize };
  }

  /** The list as XLSX or CSV, streamed page by page; audit-logged like the workers export. Refusals come before the first byte. */
  async export(caller: AuthUser, query: ReportPeopleFilter, meta: RequestMeta, format: 'xlsx' | 'csv'): Promise<{ stream: Readable; filename: string }> {
    const scope = scopeOf(caller);
    const region = await this.resolveRegion(scope, query.region);
    const stream = new PassThrough();
    const filters: [string, string][] = [
      ['Daftar', query.list],
      ['Wilayah', region || 'Seluruh Indonesia'],
      ['Pilar', query.pillar ?? 'Semua'],
      ['Kursus', query.course ?? 'Semua'],
      ['Dibuat oleh', caller.name],
      ['Waktu pembuatan (UTC)', new Date().toISOString()],
    ];
    const batches = this.exportBatches(scope, region, query);
    (format === 'csv' ? writePeopleCsv(stream, batches) : writePeopleWorkbook(stream, batches, filters))
      .then((rows) =>
        this.audit.record({
          action: 'report.export',
          actor: caller,
          targetType: 'region',
          targetId: region || caller.regionCode,
          regionCode: region || caller.regionCode,
          ip: meta.ip,
          details: { rows, format, list: query.list, pillar: query.pillar ?? null, course: query.course ?? null },
        }),
      )
      .catch((error: Error) => {
        this.logger.error(`people export failed: ${error.message}`);
        stream.destroy(error);
      });
    const day = new Date().toISOString().slice(0, 10);
    return { stream, filename: `laporan-${query.list.toLowerCase().replace(/_/g, '-')}-${day}.${format}` };
  }

  private async *exportBatches(scope: RegionScope, region: string, query: ReportPeopleFilter): AsyncGenerator<ReportPersonDto[]> {
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const { items } = await this.slice(scope, region, query, offset, EXPORT_PAGE, false);
      if (items.length === 0) return;
      if (offset + items.length > PEOPLE_EXPORT_LIMIT) throw reportExportTooLarge(PEOPLE_EXPORT_LIMIT);
      yield await this.named(items);
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
