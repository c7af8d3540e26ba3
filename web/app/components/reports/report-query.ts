import type { components } from '~/utils/api-schema';
import { isPillar, type Pillar } from '~/utils/api-types';
import { readPage } from '~/components/admin/list-query';

export type ReportWorkerStatus = components['schemas']['ReportWorkerStatus'];
export type ReportCounts = components['schemas']['ReportSummaryDto'];

export const REPORT_STATUSES: readonly ReportWorkerStatus[] = ['NOT_CERTIFIED', 'ENROLLED', 'STARTED', 'COMPLETED', 'CERTIFIED', 'EXPIRING', 'EXPIRED', 'STUCK'];
const isReportStatus = (value: unknown): value is ReportWorkerStatus => typeof value === 'string' && (REPORT_STATUSES as readonly string[]).includes(value);

/** The reports' filters: all GET parameters, so a view is a URL an admin can share. */
export interface ReportFilters {
  region?: string;
  pillar?: Pillar;
  course?: string;
}

export interface PeopleFilters extends ReportFilters {
  status: ReportWorkerStatus;
  page: number;
}

const REGION = /^\d{2}(\.\d{2}(\.\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the filters, dropping what the API would refuse instead of failing. */
export function readReportFilters(params: URLSearchParams): ReportFilters {
  const filters: ReportFilters = {};
  const region = params.get('region')?.trim();
  if (region && REGION.test(region)) filters.region = region;
  const pillar = params.get('pillar');
  if (isPillar(pillar)) filters.pillar = pillar;
  const course = params.get('course');
  if (course && UUID.test(course)) filters.course = course;
  return filters;
}

/** The people list's filters; without a status: the workers without a certificate. */
export function readPeopleFilters(params: URLSearchParams): PeopleFilters {
  const status = params.get('status');
  return { ...readReportFilters(params), status: isReportStatus(status) ? status : 'NOT_CERTIFIED', page: readPage(params) };
}

/** '' (the nation) → 0, '32' → 1, '32.72' → 2, '32.72.03' → 3. */
export const depthOf = (code: string) => (code ? code.split('.').length : 0);

/** Percent of `part` in `whole`, whole numbers, 0 when there is no whole. */
export const percentOf = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.round((part / whole) * 100)) : 0);

export type ReportPeopleList = components['schemas']['ReportPeopleList'];

/** The people lists beyond the funnel (GET /api/reports/people), in the dashboard's order. */
export const PEOPLE_LISTS: readonly ReportPeopleList[] = ['NOT_ENROLLED_ASSIGNED', 'FAILED_ALL_ATTEMPTS', 'OVERDUE_REVIEWS', 'EVENTS_ATTENDED', 'ALL_WORKERS', 'ALL_ENROLLED', 'ALL_STARTED', 'ALL_COMPLETED'];
const isPeopleList = (value: unknown): value is ReportPeopleList => typeof value === 'string' && (PEOPLE_LISTS as readonly string[]).includes(value);

export interface ListFilters extends ReportFilters {
  list: ReportPeopleList;
  page: number;
}

/** The other lists' filters; without a list: the workers not enrolled in an assigned course. */
export function readListFilters(params: URLSearchParams): ListFilters {
  const list = params.get('list');
  return { ...readReportFilters(params), list: isPeopleList(list) ? list : 'NOT_ENROLLED_ASSIGNED', page: readPage(params) };
}
