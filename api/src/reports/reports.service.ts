import { Injectable, Logger } from '@nestjs/common';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { inScope, scopeOf, type RegionScope } from '../auth/region-scope';
import { Role } from '../auth/policy.decorator';
import { CoursesService } from '../courses/courses.service';
import { type JobContext, JobsService } from '../jobs/jobs.service';
import { UserStatus } from '../users/user-status';
import { ExportFiles, PEOPLE_EXPORT } from './export-files';
import { RegionDirectory } from './region-directory';
import { UsersService } from '../users/users.service';
import { RollupMaintenance, type ReconciliationResult } from './rollup-maintenance';
import { ReportProgressStatus } from './entities/report-progress-status';
import { CertificateFacts, countsAsWorker, EnrollmentFacts, monthOf, progressOf, WorkerFacts } from './progress';
import {
  ReportCountsDto,
  ReportCoursesDto,
  ExportFormat,
  ReportExportJobBody,
  ReportExportJobDto,
  ReportExportQuery,
  ReportFilterQuery,
  ReportGapsDto,
  ReportGapsPageQuery,
  ReportGapsQuery,
  ReportMonthlyDto,
  ReportMonthlyQuery,
  ReportRegionItemDto,
  ReportRegionsDto,
  ReportRegionsQuery,
  ReportSummaryDto,
  ReportWorkerDto,
  ReportWorkerPageDto,
  ReportWorkersQuery,
  ReportWorkerStatus,
} from './reports.dto';
import { reportExportNotAllowed, reportExportNotFound, reportExportNotReady, reportExportTooLarge, reportPeriodInvalid, reportRegionNotFound } from './reports.errors';
import { ReportsClock } from './reports-clock';
import { ReportDesaGapsDto, ReportDesaGapsFilter, ReportDesaGapsQuery } from './reports-desa.dto';
import { ReportsDesaService } from './reports-desa.service';
import {
  ChangeRow,
  CounterRow,
  depthOf,
  ExpiryCountRow,
  ExpiryWindows,
  hookStatement,
  type HookStatement,
  joinedState,
  type JoinedState,
  ReportsRepository,
  stateJoin,
  WorkerCourseState,
  WorkerCursor,
  WorkerListFilter,
  WorkerListRow,
} from './reports.repository';
import { writeWorkerCsv, writeWorkerWorkbook } from './reports-workbook';

/** The single-statement hook's types, for the writers in other domains (they reach the reports through this service). */
export type { HookStatement, JoinedState };
import { completionMonths, MAX_PERIOD_MONTHS, monthsOf, resolvePeriod } from './reports-monthly.period';
import { ReportsMonthlyRepository } from './reports-monthly.repository';

/** The background export job's kind. */
export const REPORTS_EXPORT = 'reports.export';
const READER_ROLES: string[] = [Role.ADMIN_DINSOS, Role.ADMIN_PUSAT, Role.PELATIH];

/** The largest workbook one request streams. */
export const EXPORT_LIMIT = 1_000_000;
const EXPORT_BATCH = 5_000;
const NATION_NAME = 'Indonesia';
/** "Stuck": not passed and no activity for this many days (the list's filter in ReportsRepository says the same). */
const STUCK_DAYS = 14;
/** The lists whose totals move with time (need the expiry buckets). */
const TIME_DRIVEN: string[] = [ReportWorkerStatus.CERTIFIED, ReportWorkerStatus.EXPIRING, ReportWorkerStatus.EXPIRED];


/**
 * Dinsos reports (issue #19): who is trained and certified, where the gaps are, down to the person. Views read the
 * rollups of the reports' own tables, never the base tables. Other domains record their changes through the
 * record… methods, in their own transaction (the `manager`), so a report row commits or rolls back with the event.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly reports: ReportsRepository,
    private readonly maintenance: RollupMaintenance,
    private readonly directory: RegionDirectory,
    private readonly users: UsersService,
    private readonly courses: CoursesService,
    private readonly audit: AuditService,
    private readonly clock: ReportsClock,
    private readonly jobs: JobsService,
    private readonly monthRows: ReportsMonthlyRepository,
    private readonly desa: ReportsDesaService,
    private readonly files: ExportFiles,
  ) {}

  // ── Hooks: the only way other domains change the reports ────────────────────────────────────────────────────────

  /** An enrollment was created or changed (lesson finished, test scored, completed, renewed). */
  async recordEnrollmentChange(manager: EntityManager, facts: EnrollmentFacts): Promise<void> {
    if (!facts.regionCode || !facts.pillar) return;
    const old = await this.reports.lockForHookAndReadState(manager, facts.userId, facts.courseId);
    const write = enrollmentChange(facts, old);
    if (write) await this.reports.writeState(manager, write.next, write.changes);
  }

  /**
   * The worker's current-state row read beside a writer's own read (a lateral join on its `user`, `course` columns):
   * for a writer that then tells its change in its own single statement (`enrollmentChangeStatement`).
   */
  stateJoin(user: string, course: string): string {
    return stateJoin(user, course);
  }

  joinedState(row: Record<string, unknown>): JoinedState {
    return joinedState(row);
  }

  /**
   * recordEnrollmentChange as part of the writer's own single statement (a graded submit, issue #22, decision 037):
   * the same row and contributions, planned over the row as the writer read it (`stateJoin`), written only if the row
   * is still that version, under the same hook lock, atomically with the writer's own rows. See `HookStatement`.
   */
  enrollmentChangeStatement(facts: EnrollmentFacts, read: JoinedState, firstParam: number): HookStatement {
    return hookStatement(firstParam, facts.userId, facts.courseId, read.version, enrollmentChange(facts, read.state));
  }

  /** A certificate was issued or revoked. Call it after recordEnrollmentChange of the completion, in the same transaction. */
  async recordCertificateChange(manager: EntityManager, facts: CertificateFacts): Promise<void> {
    const old = await this.reports.lockForHookAndReadState(manager, facts.userId, facts.courseId);
    if (!old || old.enrollmentId !== facts.enrollmentId) return; // not the current cycle: nothing the reports show
    if (facts.revoked && old.certificateId !== facts.certificateId) return;
    const next: WorkerCourseState = facts.revoked
      ? { ...old, status: old.completedAt ? ReportProgressStatus.COMPLETED : ReportProgressStatus.STARTED, certificateId: null, certifiedAt: null, certificateExpiresAt: null }
      : { ...old, status: ReportProgressStatus.CERTIFIED, certificateId: facts.certificateId, certifiedAt: facts.issuedAt, certificateExpiresAt: facts.validUntil };
    await this.replaceState(manager, old, next);
  }

  /** An account was created, approved, disabled, moved to another region or pillar (pass null for none). */
  recordWorkerChange(manager: EntityManager, userId: string, before: WorkerFacts | null, after: WorkerFacts | null): Promise<void> {
    return this.recordWorkerChanges(manager, [{ userId, before, after }]);
  }

  /**
   * Accounts changed (UsersService tells, in its transaction): the headcounts follow, and a worker's course rows move
   * with the account to its new region or pillar, or leave the reports when it is no longer a worker (a role change).
   */
  async recordWorkerChanges(manager: EntityManager, changes: { userId: string; before: WorkerFacts | null; after: WorkerFacts | null }[]): Promise<void> {
    if (changes.length === 0) return;
    await this.reports.lockForHook(manager);
    await this.reports.appendChanges(manager, changes.flatMap(({ before, after }) => headcountChanges(before, after)));
    for (const { userId, before, after } of changes) {
      if (!before || !movesCourseRows(before, after)) continue;
      const tracked = after?.role === 'PESERTA' && after.regionCode && after.pillar ? { regionCode: after.regionCode, pillar: after.pillar } : null;
      for (const old of await this.reports.lockStates(manager, userId, null)) {
        if (tracked) {
          await this.replaceState(manager, old, { ...old, ...tracked });
        } else {
          await this.reports.deleteState(manager, old.userId, old.courseId);
          await this.reports.appendChanges(manager, [contribution(-1, old)]);
        }
      }
    }
  }

  /** The row and its contributions in one statement; none when the rollups would not move (only the row changed). */
  private async replaceState(manager: EntityManager, old: WorkerCourseState | null, next: WorkerCourseState): Promise<void> {
    await this.reports.writeState(manager, next, changesBetween(old, next));
  }

  // ── Maintenance: fold, refresh, reconcile ───────────────────────────────────────────────────────────────────────

  /** Folds every pending change into the rollups (the reports.fold job). Returns how many changes were folded. */
  foldChanges(): Promise<number> {
    return this.maintenance.foldChanges();
  }

  pendingChanges(): Promise<number> {
    return this.maintenance.pendingChanges();
  }

  /** Rebuilds a region ('' or null: everything) from the base tables: backfill, repair, and the stand-in for unwired hooks. */
  refreshFromBaseTables(scope: string | null): Promise<{ rows: number }> {
    return this.maintenance.refreshFromBaseTables(scope);
  }

  /** Recomputes one province from the base tables, records and logs any difference, and (by default) repairs it. */
  reconcile(provinceCode: string, repair = true): Promise<ReconciliationResult> {
    return this.maintenance.reconcile(provinceCode, repair);
  }

  /** The nightly job: the province checked least recently. */
  reconcileNext(): Promise<ReconciliationResult | null> {
    return this.maintenance.reconcileNext();
  }

  // ── Views ───────────────────────────────────────────────────────────────────────────────────────────────────────

  async summary(caller: AuthUser, query: ReportFilterQuery): Promise<ReportSummaryDto> {
    const scope = scopeOf(caller);
    const code = await this.resolveRegion(scope, query.region, 'region');
    const counts = await this.countsOf([code], scope, query);
    const names = await this.namesOf([code]);
    return { region: code, regionName: names.get(code) ?? code, ...counts.get(code)!, generatedAt: this.clock.now() };
  }

  async regionsOf(caller: AuthUser, query: ReportRegionsQuery): Promise<ReportRegionsDto> {
    const scope = scopeOf(caller);
    const parent = await this.resolveRegion(scope, query.parent, 'parent');
    const children = depthOf(parent) >= 3 ? [] : await this.directory.children(parent);
    const codes = [parent, ...children.map((child) => child.code)];
    const counts = await this.countsOf(codes, scope, query);
    const items: ReportRegionItemDto[] = children.map((child) => ({ code: child.code, name: child.name, ...counts.get(child.code)! }));
    const rest = remainder(counts.get(parent)!, items);
    if (rest) items.push({ code: parent, name: `${(await this.namesOf([parent])).get(parent) ?? parent} (langsung)`, ...rest });
    return { parent, items };
  }

  /**
   * Completions and certificates issued per month (WIB) over a period, with its totals (decision 036): one range of
   * report_months rows, whatever the region's size. Months without a row are zeros.
   */
  async monthly(caller: AuthUser, query: ReportMonthlyQuery): Promise<ReportMonthlyDto> {
    const code = await this.resolveRegion(scopeOf(caller), query.region, 'region');
    const period = resolvePeriod(this.clock.now(), query.from, query.to);
    if (!period) throw reportPeriodInvalid(MAX_PERIOD_MONTHS);
    const rows = await this.monthRows.months(code, { pillar: query.pillar, courseId: query.course }, period.from, period.to);
    const byMonth = new Map(rows.map((row) => [row.month, row]));
    const items = monthsOf(period).map((month) => byMonth.get(month) ?? { month, completed: 0, certified: 0 });
    const total = (key: 'completed' | 'certified') => items.reduce((sum, item) => sum + item[key], 0);
    return { region: code, ...period, items, completed: total('completed'), certified: total('certified') };
  }

  /** The course filter's choices: the courses with enrollments in the region (default: the caller's scope). */
  async courseChoices(caller: AuthUser, query: ReportGapsQuery): Promise<ReportCoursesDto> {
    const code = await this.resolveRegion(scopeOf(caller), query.region, 'region');
    const ids = await this.reports.coursesAt(code);
    const titles = await this.courses.titlesOf(ids);
    return { items: ids.map((id) => ({ id, title: titles.get(id) ?? id })).sort((a, b) => a.title.localeCompare(b.title, 'id')) };
  }

  /** The kecamatan without a certified worker (of the pillar), a page at a time: the nation has thousands. */
  async gaps(caller: AuthUser, query: ReportGapsPageQuery): Promise<ReportGapsDto> {
    const scope = scopeOf(caller);
    const code = await this.resolveRegion(scope, query.region, 'region');
    const [kecamatan, covered] = await Promise.all([this.directory.kecamatanUnder(code), this.reports.coveredKecamatan(code, query.pillar, scope, this.windows())]);
    const uncovered = kecamatan.filter((k) => !covered.has(k.code));
    const start = (query.page - 1) * query.pageSize;
    return { items: uncovered.slice(start, start + query.pageSize), total: uncovered.length, page: query.page, pageSize: query.pageSize };
  }

  /** The desa without a certified PSM or Karang Taruna worker, where the roster has the pillar at desa level (decision 033). */
  async desaGaps(caller: AuthUser, query: ReportDesaGapsQuery): Promise<ReportDesaGapsDto> {
    const scope = scopeOf(caller);
    const code = await this.resolveRegion(scope, query.region, 'region');
    return this.desa.gaps(code, query, scope, this.windows());
  }

  /** The desa gaps as XLSX or CSV (audit-logged); a region outside the scope is refused before the first byte. */
  async desaGapsExport(caller: AuthUser, query: ReportDesaGapsFilter, meta: RequestMeta, format: ExportFormat): Promise<{ stream: Readable; filename: string }> {
    const scope = scopeOf(caller);
    const code = await this.resolveRegion(scope, query.region, 'region');
    return this.desa.export({ caller, code, scope, windows: this.windows(), ip: meta.ip }, query, format);
  }

  async workers(caller: AuthUser, query: ReportWorkersQuery): Promise<ReportWorkerPageDto> {
    const filter = await this.listFilter(caller, query);
    const [rows, total] = await Promise.all([
      this.reports.pageOfWorkers(filter, query.pageSize, (query.page - 1) * query.pageSize),
      this.totalOf(filter, query),
    ]);
    return { items: await this.toWorkerDtos(rows), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * How many rows the list has: from the rollups (a few rows, whatever the region's size). "Stuck" (not passed, no
   * activity for 14 days) is the rollups' not-passed count less the rows active in the last 14 days (activity day buckets).
   */
  private async totalOf(filter: WorkerListFilter, query: ReportExportQuery): Promise<number> {
    const code = filter.region ?? (filter.scope.all ? '' : filter.scope.code);
    if (TIME_DRIVEN.includes(filter.status ?? '')) {
      const c = (await this.countsOf([code], filter.scope, query)).get(code)!;
      if (filter.status === ReportWorkerStatus.CERTIFIED) return c.certified;
      return filter.status === ReportWorkerStatus.EXPIRING ? c.expiringSoon : c.expired;
    }
    // The other lists need the course counters only (one small read): held = certified, expired or not.
    const stuckSince = new Date(filter.now.getTime() - STUCK_DAYS * 24 * 3600 * 1000);
    const [counters, active] = await Promise.all([
      this.reports.counters([code], { pillar: query.pillar, courseId: query.course }, filter.scope),
      filter.status === ReportWorkerStatus.STUCK ? this.reports.countRecentlyActive(code, filter, stuckSince) : Promise.resolve(0),
    ]);
    const c = counters.get(code);
    const [enrolled, started, completed, held] = [c?.enrolled ?? 0, c?.started ?? 0, c?.completed ?? 0, c?.certified ?? 0];
    switch (filter.status) {
      case ReportWorkerStatus.STUCK: return enrolled - completed - active;
      case ReportWorkerStatus.ENROLLED: return enrolled - started;
      case ReportWorkerStatus.STARTED: return started - completed;
      case ReportWorkerStatus.COMPLETED: return completed - held;
      case ReportWorkerStatus.NOT_CERTIFIED: return enrolled - held;
      default: return enrolled;
    }
  }

  /**
   * The people list as an XLSX workbook, streamed batch by batch (never the whole list in memory). Refusals (a region
   * outside the scope) come before the first byte; the export is audit-logged when the workbook is complete.
   */
  async exportWorkers(caller: AuthUser, query: ReportExportQuery, meta: RequestMeta, format: ExportFormat = 'xlsx'): Promise<{ stream: Readable; filename: string }> {
    const filter = await this.listFilter(caller, query);
    const stream = new PassThrough();
    this.writeExport(caller, query, filter, format, stream, meta.ip).catch((error: Error) => {
      this.logger.error(`export failed: ${error.message}`);
      stream.destroy(error);
    });
    return { stream, filename: this.exportFilename(format) };
  }

  /**
   * The same export as a background job (pg-boss), written to a file with its progress at GET /api/jobs/{id}: for
   * lists too long to wait for. A region outside the scope is refused now, before anything is queued.
   */
  async startExport(caller: AuthUser, body: ReportExportJobBody, meta: RequestMeta): Promise<ReportExportJobDto> {
    await this.listFilter(caller, body);
    const params = { region: body.region ?? null, pillar: body.pillar ?? null, course: body.course ?? null, status: body.status ?? null, format: body.format, ip: meta.ip };
    return { jobId: await this.jobs.enqueue(REPORTS_EXPORT, { owner: caller, regionCode: caller.regionCode, params }) };
  }

  /** The export job's handler: the owner as they are now (a role taken away since no longer applies). */
  async runExportJob(job: JobContext): Promise<{ rows: number; format: ExportFormat; filename: string; download: string }> {
    const owner = job.ownerId ? await this.users.findById(job.ownerId) : null;
    if (!owner || owner.status !== UserStatus.ACTIVE || !READER_ROLES.includes(owner.role)) throw reportExportNotAllowed();
    const caller: AuthUser = { id: owner.id, name: owner.name, role: owner.role, regionCode: owner.regionCode, pillar: owner.pillar };
    const param = (key: string) => (typeof job.params[key] === 'string' ? (job.params[key] as string) : undefined);
    const query = { region: param('region'), pillar: param('pillar'), course: param('course'), status: param('status') } as ReportExportQuery;
    const format: ExportFormat = param('format') === 'csv' ? 'csv' : 'xlsx';
    const filter = await this.listFilter(caller, query);
    const total = await this.totalOf(filter, query);
    await job.progress(0, total);
    await this.files.deleteOld();
    const file = await this.files.create(job.id, format);
    let done = 0;
    try {
      const rows = await this.writeExport(caller, query, filter, format, file.stream, param('ip') ?? null, async (batch) => {
        done += batch;
        await job.progress(done, Math.max(total, done));
      });
      await file.finish();
      return { rows, format, filename: this.exportFilename(format), download: `/api/reports/exports/${job.id}/file` };
    } catch (error) {
      await file.discard();
      throw error;
    }
  }

  /** A finished export job's file, for its owner (and the national admin, as every job); anyone else: 404, as for a missing one. */
  async exportFile(caller: AuthUser, jobId: string): Promise<{ stream: Readable; filename: string; format: ExportFormat }> {
    const job = await this.jobs.get(jobId, caller).catch(() => null);
    if (!job || (job.kind !== REPORTS_EXPORT && job.kind !== PEOPLE_EXPORT)) throw reportExportNotFound();
    if (String(job.status) !== 'DONE') throw reportExportNotReady(); // JobStatus.DONE (the jobs domain's entity stays its own)
    const result = job.result as { format: ExportFormat; filename: string };
    const stream = await this.files.open(jobId, result.format);
    if (!stream) throw reportExportNotFound();
    return { stream, filename: result.filename, format: result.format };
  }

  private exportFilename(format: ExportFormat): string {
    return `laporan-peserta-${this.clock.now().toISOString().slice(0, 10)}.${format}`;
  }

  /**
   * Writes the people list (XLSX or CSV) to `output` batch by batch (never the whole list in memory), then
   * audit-logs the export. Returns the number of rows.
   */
  private async writeExport(
    caller: AuthUser,
    query: ReportExportQuery,
    filter: WorkerListFilter,
    format: ExportFormat,
    output: Writable,
    ip: string | null,
    onBatch?: (rows: number) => Promise<void>,
  ): Promise<number> {
    const generatedAt = this.clock.now();
    const filters: [string, string][] = [
      ['Wilayah', filter.region ?? (filter.scope.all ? 'Seluruh Indonesia' : filter.scope.code)],
      ['Pilar', query.pillar ?? 'Semua'],
      ['Kursus', query.course ?? 'Semua'],
      ['Status', query.status ?? 'Semua'],
      ['Dibuat oleh', caller.name],
      ['Waktu pembuatan (UTC)', generatedAt.toISOString()],
    ];
    const batches = this.exportBatches(filter, onBatch);
    const rows = format === 'csv' ? await writeWorkerCsv(output, batches) : await writeWorkerWorkbook(output, batches, filters);
    await this.audit.record({
      action: AuditAction.REPORT_EXPORT,
      actor: caller,
      targetType: 'region',
      targetId: filter.region ?? caller.regionCode,
      regionCode: filter.region ?? caller.regionCode,
      ip,
      details: { rows, format, pillar: query.pillar ?? null, course: query.course ?? null, status: query.status ?? null },
    });
    return rows;
  }

  /** The list in keyset order, EXPORT_BATCH rows at a time. */
  private async *exportBatches(filter: WorkerListFilter, onBatch?: (rows: number) => Promise<void>): AsyncGenerator<ReportWorkerDto[]> {
    let cursor: WorkerCursor | null = null;
    let count = 0;
    for (;;) {
      const rows = await this.reports.nextWorkers(filter, cursor, EXPORT_BATCH);
      if (rows.length === 0) return;
      count += rows.length;
      if (count > EXPORT_LIMIT) throw reportExportTooLarge(EXPORT_LIMIT);
      const last = rows[rows.length - 1];
      cursor = { regionCode: last.region_code, userId: last.user_id, courseId: last.course_id };
      yield await this.toWorkerDtos(rows);
      await onBatch?.(rows.length);
    }
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The region a view is for: the one asked for, if it exists and lies inside the caller's scope, else a 404 (the same
   * answer for a foreign region and a missing one); without one, the caller's whole scope ('' = the nation).
   */
  private async resolveRegion(scope: RegionScope, requested: string | undefined, field: string): Promise<string> {
    if (requested === undefined) {
      if (scope.all) return '';
      if (!scope.code) throw reportRegionNotFound(field);
      return scope.code;
    }
    if (!inScope(requested, scope) || !(await this.directory.exists(requested))) throw reportRegionNotFound(field);
    return requested;
  }

  private async listFilter(caller: AuthUser, query: ReportExportQuery): Promise<WorkerListFilter> {
    const scope = scopeOf(caller);
    const region = await this.resolveRegion(scope, query.region, 'region');
    return { scope, region: region || undefined, pillar: query.pillar, courseId: query.course, status: query.status, now: this.clock.now() };
  }

  /** The counts of each code (its rollup rows; a parent and its children at most), the time-driven ones from the expiry buckets. */
  private async countsOf(codes: string[], scope: RegionScope, filter: { pillar?: string; course?: string }): Promise<Map<string, ReportCountsDto>> {
    const rollupFilter = { pillar: filter.pillar, courseId: filter.course };
    // Two independent reads, run at once (each a few index ranges; the parent's expiry comes with its children's).
    const [{ counters, heads }, expiry] = await Promise.all([
      this.reports.countersAndHeadcounts(codes, rollupFilter, scope),
      this.reports.expiryCounts(codes, rollupFilter, scope, this.windows()),
    ]);
    return new Map(codes.map((code) => [code, toCounts(counters.get(code), heads.get(code) ?? 0, expiry.get(code))]));
  }

  private windows(): ExpiryWindows {
    const now = this.clock.now();
    const soonEnd = new Date(now.getTime() + 90 * 24 * 3600 * 1000);
    const todayStart = startOfUtcDay(now);
    const soonDayStart = startOfUtcDay(soonEnd);
    return {
      now,
      thisMonth: monthOf(now)!,
      soonEnd,
      soonMonth: monthOf(soonEnd)!,
      today: todayStart.toISOString().slice(0, 10),
      todayStart,
      soonDay: soonDayStart.toISOString().slice(0, 10),
      soonDayStart,
    };
  }

  private async namesOf(codes: string[]): Promise<Map<string, string>> {
    const names = await this.directory.namesOf(codes.filter(Boolean));
    if (codes.includes('')) names.set('', NATION_NAME);
    return names;
  }

  private async toWorkerDtos(rows: WorkerListRow[]): Promise<ReportWorkerDto[]> {
    const [names, regionNames, titles] = await Promise.all([
      this.users.namesOf(rows.map((r) => r.user_id)),
      this.directory.namesOf([...new Set(rows.map((r) => r.region_code))]),
      this.courses.titlesOf(rows.map((r) => r.course_id)),
    ]);
    const score = (value: string | null) => (value === null ? null : Number(value));
    return rows.map((row) => ({
      userId: row.user_id,
      name: names.get(row.user_id) ?? '',
      regionCode: row.region_code,
      regionName: regionNames.get(row.region_code) ?? '',
      pillar: row.pillar,
      courseId: row.course_id,
      courseTitle: titles.get(row.course_id) ?? '',
      status: row.status,
      pretestScore: score(row.pretest_score),
      posttestScore: score(row.posttest_score),
      jp: Number(row.jp),
      enrolledAt: row.enrolled_at,
      lastActivityAt: row.last_activity_at,
      completedAt: row.completed_at,
      certifiedAt: row.certified_at,
      certificateExpiresAt: row.certificate_expires_at,
    }));
  }
}

/**
 * What an enrollment change writes over the worker's current row `old`: the next row and its contributions; null
 * when nothing is written (no region or pillar; the change is of an older cycle than the row's).
 */
function enrollmentChange(facts: EnrollmentFacts, old: WorkerCourseState | null): { next: WorkerCourseState; changes: ChangeRow[] } | null {
  if (!facts.regionCode || !facts.pillar) return null;
  if (old && old.enrollmentId !== facts.enrollmentId && old.enrolledAt > facts.createdAt) return null; // an older cycle
  const keepsCertificate = !!old?.certificateId && old.enrollmentId === facts.enrollmentId;
  const next: WorkerCourseState = {
    userId: facts.userId,
    courseId: facts.courseId,
    enrollmentId: facts.enrollmentId,
    regionCode: facts.regionCode,
    pillar: facts.pillar,
    status: keepsCertificate ? ReportProgressStatus.CERTIFIED : progressOf(facts),
    pretestScore: facts.pretestScore,
    posttestScore: facts.bestPosttestScore,
    jp: facts.completedAt ? facts.hours : 0,
    enrolledAt: facts.createdAt,
    lastActivityAt: facts.updatedAt,
    completedAt: facts.completedAt,
    certificateId: keepsCertificate ? old.certificateId : null,
    certifiedAt: keepsCertificate ? old.certifiedAt : null,
    certificateExpiresAt: keepsCertificate ? old.certificateExpiresAt : null,
  };
  return { next, changes: changesBetween(old, next) };
}

/** The contributions of replacing `old` by `next`: none when the rollups would not move (only the row changed). */
function changesBetween(old: WorkerCourseState | null, next: WorkerCourseState): ChangeRow[] {
  const changes = [old && contribution(-1, old), contribution(1, next)].filter((c): c is ChangeRow => c !== null);
  return changes.length === 2 && sameContribution(changes[0], changes[1]) ? [] : changes;
}

/** A current-state row as a change-log entry. */
function contribution(sign: 1 | -1, s: WorkerCourseState): ChangeRow {
  return {
    sign,
    regionCode: s.regionCode,
    pillar: s.pillar,
    courseId: s.courseId,
    status: s.status,
    pretestScore: s.pretestScore,
    posttestScore: s.posttestScore,
    jp: s.jp,
    expiresMonth: s.status === ReportProgressStatus.CERTIFIED ? monthOf(s.certificateExpiresAt) : null,
    expiresDay: s.status === ReportProgressStatus.CERTIFIED && s.certificateExpiresAt ? s.certificateExpiresAt.toISOString().slice(0, 10) : null,
    ...completionMonths(s),
    activeDay: notPassed(s.status) ? s.lastActivityAt.toISOString().slice(0, 10) : null,
  };
}

/** Enrolled or started: the rows the "stuck" list and its activity day buckets count. */
function notPassed(status: ReportProgressStatus): boolean {
  return status === ReportProgressStatus.ENROLLED || status === ReportProgressStatus.STARTED;
}

/** The headcount rows of an account's change: -1 where it counted, +1 where it counts (nothing when both are the same). */
function headcountChanges(before: WorkerFacts | null, after: WorkerFacts | null): ChangeRow[] {
  const headcount = (sign: 1 | -1, w: { regionCode: string; pillar: string }): ChangeRow =>
    ({ sign, regionCode: w.regionCode, pillar: w.pillar, courseId: null, status: null, pretestScore: null, posttestScore: null, jp: 0, expiresMonth: null, expiresDay: null, activeDay: null,
       completedMonth: null, certifiedMonth: null });
  const was = countsAsWorker(before) ? before : null;
  const is = countsAsWorker(after) ? after : null;
  if (was && is && was.regionCode === is.regionCode && was.pillar === is.pillar) return [];
  return [...(was ? [headcount(-1, was)] : []), ...(is ? [headcount(1, is)] : [])];
}

/** Whether the worker's course rows (kept for PESERTA accounts with a region and a pillar) must move or go. */
function movesCourseRows(before: WorkerFacts, after: WorkerFacts | null): boolean {
  return !after || before.role !== after.role || before.regionCode !== after.regionCode || before.pillar !== after.pillar;
}

function sameContribution(a: ChangeRow, b: ChangeRow): boolean {
  const { sign: _a, ...left } = a;
  const { sign: _b, ...right } = b;
  return JSON.stringify(left) === JSON.stringify(right);
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function toCounts(c: CounterRow | undefined, workers: number, expiry: ExpiryCountRow | undefined): ReportCountsDto {
  const expired = expiry?.expired ?? 0;
  return {
    workers,
    enrolled: c?.enrolled ?? 0,
    started: c?.started ?? 0,
    completed: c?.completed ?? 0,
    certified: (c?.certified ?? 0) - expired,
    expiringSoon: expiry?.expiring ?? 0,
    expired,
    jp: round1(c?.jp ?? 0),
    avgPre: c?.pre_count ? round1(c.pre_sum / c.pre_count) : null,
    avgPost: c?.post_count ? round1(c.post_sum / c.post_count) : null,
    avgGain: c?.gain_count ? round1(c.gain_sum / c.gain_count) : null,
  };
}

const ADDITIVE = ['workers', 'enrolled', 'started', 'completed', 'certified', 'expiringSoon', 'expired', 'jp'] as const;

/** What the parent holds beyond its children (workers registered at the parent itself), or null when nothing. */
function remainder(parent: ReportCountsDto, children: ReportCountsDto[]): ReportCountsDto | null {
  const rest = Object.fromEntries(ADDITIVE.map((key) => [key, round1(parent[key] - children.reduce((sum, child) => sum + child[key], 0))])) as Record<(typeof ADDITIVE)[number], number>;
  if (ADDITIVE.every((key) => rest[key] === 0)) return null;
  return { ...rest, avgPre: null, avgPost: null, avgGain: null };
}
