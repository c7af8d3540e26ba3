import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AdminList, FilterSelect, ListFilters, ListTable } from '~/components/admin/admin-list';
import { queryString } from '~/components/admin/list-query';
import { readPeopleFilters, REPORT_STATUSES } from '~/components/reports/report-query';
import { ReportTrail } from '~/components/reports/report-trail';
import { useReportsTranslation } from '~/components/reports/translation';
import { adminHandle } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { PILLARS } from '~/utils/api-types';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { formatDate, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { listSurroundings, REPORT_READERS } from './laporan.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Daftar pekerja — Laporan — Bimtek Pilar' }];

const PAGE_SIZE = 25;
/** From this many rows on, the page offers the export as a background job (a direct download would take minutes). */
const BACKGROUND_FROM = 20_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, REPORT_READERS);
  const filters = readPeopleFilters(new URL(request.url).searchParams);
  const [list, surroundings] = await Promise.all([
    api(request).GET('/api/reports/workers', { params: { query: { ...filters, pageSize: PAGE_SIZE } } }),
    listSurroundings(request, user, filters.region),
  ]);
  throwIfUnavailable(list);
  const error = list.data ? null : await pageProblem(request, list, 'Daftar pekerja tidak dapat dimuat. Coba lagi sebentar lagi.');
  return {
    filters,
    ...surroundings,
    page: list.data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE },
    error,
    exportKey: newKey(),
  };
}

/** Starts a background export of the list with the page's filters, then shows its progress. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser({ request, context }, REPORT_READERS);
  const form = await request.formData();
  const { page: _page, ...filters } = readPeopleFilters(new URL(request.url).searchParams);
  const format = form.get('format') === 'csv' ? 'csv' : 'xlsx';
  const started = await api(request).POST('/api/reports/exports', { body: { ...filters, format }, headers: idempotencyKey(form.get('idempotencyKey')) });
  if (!started.data) return { error: await pageProblem(request, started, 'Unduhan tidak dapat dimulai. Coba lagi.') };
  return redirect(`/admin/laporan/unduhan/${started.data.jobId}`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = LoaderData['page']['items'][number];

export default function ReportPeople() {
  const { filters, page, error, regionName, crumbs } = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const exportQuery = queryString(filters, { page: null });
  const title = filters.status === 'NOT_CERTIFIED' ? t('people.title') : t('people.titleStatus', { status: t(`statuses.${filters.status}`) });
  return (
    <section className="wide reports">
      <ReportTrail crumbs={crumbs} filters={{ pillar: filters.pillar, course: filters.course }} current={title} />
      <h1>{title}</h1>
      <AdminList
        filters={<Filters />}
        error={error}
        pager={{ page: page.page, pageSize: page.pageSize, total: page.total, hrefFor: (target) => `/admin/laporan/peserta${queryString(filters, { page: target })}` }}
      >
        {page.total >= BACKGROUND_FROM ? <BackgroundExport query={queryString(filters)} /> : null}
        <p className="inline-actions">
          <a href={`/admin/laporan/peserta.xlsx${exportQuery}`} download>
            {t('people.downloadXlsx')}
          </a>
          <a href={`/admin/laporan/peserta.csv${exportQuery}`} download>
            {t('people.downloadCsv')}
          </a>
        </p>
        <ListTable
          id="report-people"
          caption={t('people.caption', { region: regionName, total: formatNumber(page.total, i18n.language) })}
          columns={[t('people.name'), t('region'), t('pillar'), t('course'), t('people.progress'), t('people.scores'), t('people.lastActivity')]}
          empty={page.items.length === 0 ? t('people.empty') : null}
        >
          {page.items.map((row) => (
            <PersonRow key={`${row.userId}-${row.courseId}`} row={row} />
          ))}
        </ListTable>
      </AdminList>
    </section>
  );
}

function BackgroundExport({ query }: { query: string }) {
  const { t } = useReportsTranslation();
  const { exportKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Form method="post" action={`/admin/laporan/peserta${query}`} className="inline-actions">
      <p>{t('people.background')}</p>
      {result?.error ? <p className="alert">{result.error}</p> : null}
      <input type="hidden" name="idempotencyKey" value={exportKey} />
      <button type="submit" name="format" value="xlsx" className="button button--secondary">
        {t('people.backgroundXlsx')}
      </button>
      <button type="submit" name="format" value="csv" className="button button--secondary">
        {t('people.backgroundCsv')}
      </button>
    </Form>
  );
}

function Filters() {
  const { filters, courses } = useLoaderData<typeof loader>();
  const { t } = useReportsTranslation();
  return (
    <ListFilters label={t('filters')} clearTo={`/admin/laporan/peserta${queryString({ region: filters.region })}`}>
      {filters.region ? <input type="hidden" name="region" value={filters.region} /> : null}
      <FilterSelect name="status" label={t('people.status')} value={filters.status === 'NOT_CERTIFIED' ? undefined : filters.status} allLabel={t('statuses.NOT_CERTIFIED')} options={REPORT_STATUSES.filter((s) => s !== 'NOT_CERTIFIED').map((value) => ({ value, label: t(`statuses.${value}`) }))} />
      <FilterSelect name="pillar" label={t('pillar')} value={filters.pillar} allLabel={t('all')} options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))} />
      <FilterSelect name="course" label={t('course')} value={filters.course} allLabel={t('allCourses')} options={courses.map((course) => ({ value: course.id, label: course.title }))} />
    </ListFilters>
  );
}

function PersonRow({ row }: { row: Row }) {
  const { t, i18n } = useReportsTranslation();
  const score = (value: number | null) => (value === null ? '—' : formatNumber(value, i18n.language));
  return (
    <tr>
      <th scope="row">
        <Link to={`/admin/laporan/pekerja/${row.userId}`} aria-label={t('lists.record', { name: row.name })}>
          {row.name}
        </Link>
      </th>
      <td>
        {row.regionName} <span className="hint">({row.regionCode})</span>
      </td>
      <td>{t(`pillarShort.${row.pillar}`)}</td>
      <td>{row.courseTitle}</td>
      <td>{t(`progress.${row.status}`)}</td>
      <td className="nowrap">
        {score(row.pretestScore)} / {score(row.posttestScore)}
      </td>
      <td className="nowrap">{formatDate(row.lastActivityAt, i18n.language)}</td>
    </tr>
  );
}
