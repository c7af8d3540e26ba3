import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { readListFilters, readPeopleFilters, readReportFilters } from '~/components/reports/report-query';
import { orThrow, throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import type { UserDto } from '~/utils/api-types';
import { api, idempotencyKey, newKey, type ApiResult } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

export interface Crumb {
  code: string;
  name: string;
}

/**
 * The way from the admin's own region down to `code`: the admin's region first (Indonesia for the national admin),
 * never a region above it (the API would refuse it anyway). The last crumb is `code` itself, named `name`.
 */
export async function breadcrumbs(user: UserDto, code: string, name: string, nationName: string): Promise<Crumb[]> {
  const root = user.role === 'ADMIN_PUSAT' ? '' : user.regionCode ?? '';
  const crumbs: Crumb[] = root ? [] : [{ code: '', name: nationName }];
  if (code) {
    const { data } = await api().GET('/api/regions/{code}', { params: { path: { code } } });
    for (const region of data?.ancestry ?? []) {
      if (!root || region.code === root || region.code.startsWith(`${root}.`)) crumbs.push({ code: region.code, name: region.name });
    }
    crumbs.push({ code, name });
  }
  return crumbs;
}

/**
 * What a report list page shows around its rows: the region's name (a region outside the caller's scope is a 404, as
 * in the API), the breadcrumbs down to it and the course filter's choices.
 */
export async function listSurroundings(request: Request, user: UserDto, region: string | undefined) {
  const client = api(request);
  const [summary, courses] = await Promise.all([
    client.GET('/api/reports/summary', { params: { query: { region } } }),
    client.GET('/api/reports/courses', { params: { query: { region } } }),
  ]);
  const scope = orThrow(summary);
  return { regionName: scope.regionName, crumbs: await breadcrumbs(user, scope.region, scope.regionName, 'Indonesia'), courses: courses.data?.items ?? [] };
}

/** Who may read the reports: the admins, and trainers (read-only, their region), as the API allows. */
export const REPORT_READERS = [...ADMIN_ROLES, 'PELATIH'] as const;

/**
 * A report list page's data: the page of the list (`empty` when the API refused it; `error` then says why, `failure`
 * when the API says nothing), what the page shows around the rows, and a key for a background export.
 */
export async function loadReportList<Page>(request: Request, user: UserDto, region: string | undefined, list: Promise<ApiResult<Page>>, { failure, empty }: { failure: string; empty: Page }) {
  const [result, surroundings] = await Promise.all([list, listSurroundings(request, user, region)]);
  throwIfUnavailable(result);
  const error = result.data ? null : await pageProblem(request, result, failure);
  return { ...surroundings, page: result.data ?? empty, error, exportKey: newKey() };
}

/** Starts a background export of a report list (`start` posts the page's filters in `format`), then shows its progress. */
export async function startExportJob(
  { request, context }: ActionFunctionArgs,
  start: (format: 'xlsx' | 'csv', headers: { 'idempotency-key': string }) => Promise<ApiResult<{ jobId: string }>>,
) {
  await requireUser({ request, context }, REPORT_READERS);
  const form = await request.formData();
  const started = await start(form.get('format') === 'csv' ? 'csv' : 'xlsx', idempotencyKey(form.get('idempotencyKey')));
  if (!started.data) return { error: await pageProblem(request, started, 'Unduhan tidak dapat dimulai. Coba lagi.') };
  return redirect(`/admin/laporan/unduhan/${started.data.jobId}`);
}

/** The admin's region when the URL names none. */
export function defaultRegion(user: UserDto): string {
  return user.role === 'ADMIN_PUSAT' ? '' : user.regionCode ?? '';
}

/** Streams the API's export of the people list (the page's filters, every row) to the browser. */
export async function streamReportExport({ request, context }: LoaderFunctionArgs, format: 'xlsx' | 'csv'): Promise<Response> {
  await requireUser({ request, context }, REPORT_READERS);
  const { page: _page, ...filters } = readPeopleFilters(new URL(request.url).searchParams);
  const path = format === 'xlsx' ? '/api/reports/export.xlsx' : '/api/reports/export.csv';
  return streamThrough(request, await api(request).GET(path, { params: { query: filters }, parseAs: 'stream' }), format);
}

/** Streams the API's export of one of the other people lists (GET /api/reports/people.xlsx / .csv) to the browser. */
export async function streamListExport({ request, context }: LoaderFunctionArgs, format: 'xlsx' | 'csv'): Promise<Response> {
  await requireUser({ request, context }, REPORT_READERS);
  const { page: _page, ...filters } = readListFilters(new URL(request.url).searchParams);
  const path = format === 'xlsx' ? '/api/reports/people.xlsx' : '/api/reports/people.csv';
  return streamThrough(request, await api(request).GET(path, { params: { query: filters }, parseAs: 'stream' }), format);
}

/** The desa gaps of the page's region and pillar as XLSX or CSV (GET /api/reports/gaps/desa.xlsx|csv, audited by the API). */
export async function streamDesaGapsExport({ request, context }: LoaderFunctionArgs, format: 'xlsx' | 'csv'): Promise<Response> {
  await requireUser({ request, context }, REPORT_READERS);
  const params = new URL(request.url).searchParams;
  const { region } = readReportFilters(params);
  const pillar = params.get('pillar') === 'KARANG_TARUNA' ? 'KARANG_TARUNA' : 'PSM';
  const path = format === 'xlsx' ? '/api/reports/gaps/desa.xlsx' : '/api/reports/gaps/desa.csv';
  return streamThrough(request, await api(request).GET(path, { params: { query: { region, pillar } }, parseAs: 'stream' }), format);
}

async function streamThrough(request: Request, result: { response: Response }, format: 'xlsx' | 'csv'): Promise<Response> {
  const { response } = result;
  throwIfUnavailable(result);
  if (!response.ok || !response.body) {
    throw new Response(await pageProblem(request, result, 'Unduhan gagal. Coba lagi.'), { status: response.status >= 400 ? response.status : 502 });
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? `attachment; filename="laporan-peserta.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
