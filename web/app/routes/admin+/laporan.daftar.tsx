import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AdminList, FilterSelect, ListFilters, ListTable } from '~/components/admin/admin-list';
import { queryString } from '~/components/admin/list-query';
import { PlainSelect } from '~/components/forms';
import { PEOPLE_LISTS, readListFilters } from '~/components/reports/report-query';
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
export const meta: MetaFunction = () => [{ title: 'Daftar orang — Laporan — Bimtek Pilar' }];

const PAGE_SIZE = 25;
/** From this many rows on, the page offers the export as a background job (a direct download would take minutes). */
const BACKGROUND_FROM = 20_000;
/** The API streams a people list up to this many rows (REPORT_PEOPLE_STREAM_LIMIT's default); longer ones only as a job. */
const STREAM_LIMIT = 200_000;

/** The people lists beyond the funnel (not enrolled in an assigned course, failed all attempts, overdue reviews, events attended). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, REPORT_READERS);
  const filters = readListFilters(new URL(request.url).searchParams);
  const [list, surroundings] = await Promise.all([
    api(request).GET('/api/reports/people', { params: { query: { ...filters, pageSize: PAGE_SIZE } } }),
    listSurroundings(request, user, filters.region),
  ]);
  throwIfUnavailable(list);
  const error = list.data ? null : await pageProblem(request, list, 'Daftar tidak dapat dimuat. Coba lagi sebentar lagi.');
  return {
    filters,
    ...surroundings,
    page: list.data ?? { list: filters.list, items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE },
    error,
    exportKey: newKey(),
  };
}

/** Starts a background export of the list with the page's filters (POST /api/reports/people/exports), then shows its progress. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser({ request, context }, REPORT_READERS);
  const form = await request.formData();
  const { page: _page, ...filters } = readListFilters(new URL(request.url).searchParams);
  const format = form.get('format') === 'csv' ? 'csv' : 'xlsx';
  const started = await api(request).POST('/api/reports/people/exports', { body: { ...filters, format }, headers: idempotencyKey(form.get('idempotencyKey')) });
  if (!started.data) return { error: await pageProblem(request, started, 'Unduhan tidak dapat dimulai. Coba lagi.') };
  return redirect(`/admin/laporan/unduhan/${started.data.jobId}`);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['page']['items'][number];

export default function ReportLists() {
  const { filters, page, error, regionName, crumbs } = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const title = t(`lists.${filters.list}`);
  const exportQuery = queryString(filters, { page: null });
  return (
    <section className="wide reports">
      <ReportTrail crumbs={crumbs} filters={{ pillar: filters.pillar, course: filters.course }} current={title} />
      <h1>{title}</h1>
      <AdminList filters={<Filters />} error={error} pager={{ page: page.page, pageSize: page.pageSize, total: page.total, hrefFor: (target) => `/admin/laporan/daftar${queryString(filters, { page: target })}` }}>
        {page.total >= BACKGROUND_FROM ? <BackgroundExport query={queryString(filters)} /> : null}
        {page.total <= STREAM_LIMIT ? (
          <p className="inline-actions">
            <a href={`/admin/laporan/daftar.xlsx${exportQuery}`} download>
              {t('people.downloadXlsx')}
            </a>
            <a href={`/admin/laporan/daftar.csv${exportQuery}`} download>
              {t('people.downloadCsv')}
            </a>
          </p>
        ) : null}
        <ListTable
          id="report-lists"
          caption={t('lists.caption', { region: regionName, total: formatNumber(page.total, i18n.language) })}
          columns={[t('people.name'), t('region'), t('pillar'), t('course'), t('lists.detail'), t('lists.date'), t(`lists.value.${filters.list}`)]}
          empty={page.items.length === 0 ? t('lists.empty') : null}
        >
          {page.items.map((row, i) => (
            <ListRow key={`${row.userId}-${row.courseId ?? ''}-${i}`} row={row} />
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
    <Form method="post" action={`/admin/laporan/daftar${query}`} className="inline-actions">
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
    <ListFilters label={t('filters')} clearTo={`/admin/laporan/daftar${queryString({ region: filters.region, list: filters.list })}`}>
      {filters.region ? <input type="hidden" name="region" value={filters.region} /> : null}
      <PlainSelect id="f-list" name="list" label={t('lists.list')} value={filters.list} placeholder={t('lists.NOT_ENROLLED_ASSIGNED')} options={PEOPLE_LISTS.filter((l) => l !== 'NOT_ENROLLED_ASSIGNED').map((value) => ({ value, label: t(`lists.${value}`) }))} />
      <FilterSelect name="pillar" label={t('pillar')} value={filters.pillar} allLabel={t('all')} options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))} />
      <FilterSelect name="course" label={t('course')} value={filters.course} allLabel={t('allCourses')} options={courses.map((course) => ({ value: course.id, label: course.title }))} />
      <p className="hint">{t('lists.pillarNote')}</p>
    </ListFilters>
  );
}

function ListRow({ row }: { row: Row }) {
  const { t, i18n } = useReportsTranslation();
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
      <td>{row.pillar ? t(`pillarShort.${row.pillar}`) : '—'}</td>
      <td>{row.courseTitle ?? '—'}</td>
      <td>{row.detail ?? '—'}</td>
      <td className="nowrap">{row.date ? formatDate(row.date, i18n.language) : '—'}</td>
      <td className="num">{row.value === null ? '—' : formatNumber(row.value, i18n.language)}</td>
    </tr>
  );
}
