import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { queryString } from '~/components/admin/list-query';
import { PlainSelect } from '~/components/forms';
import { PEOPLE_LISTS, readListFilters } from '~/components/reports/report-query';
import { PersonCells, ReportListFilterForm, ReportListPage } from '~/components/reports/report-list';
import { useReportsTranslation } from '~/components/reports/translation';
import { adminHandle } from '~/route-handles';
import { api } from '~/utils/api.server';
import { formatDate, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { loadReportList, REPORT_READERS, startExportJob } from './laporan.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Daftar orang — Laporan — Bimtek Pilar' }];

const PATH = '/admin/laporan/daftar';
const PAGE_SIZE = 25;
/** The API streams a people list up to this many rows (REPORT_PEOPLE_STREAM_LIMIT's default); longer ones only as a job. */
const STREAM_LIMIT = 200_000;

/** The people lists beyond the funnel (not enrolled in an assigned course, failed all attempts, overdue reviews, events attended). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, REPORT_READERS);
  const filters = readListFilters(new URL(request.url).searchParams);
  const list = api(request).GET('/api/reports/people', { params: { query: { ...filters, pageSize: PAGE_SIZE } } });
  const failure = 'Daftar tidak dapat dimuat. Coba lagi sebentar lagi.';
  return { filters, ...(await loadReportList(request, user, filters.region, list, { failure, empty: { list: filters.list, items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE } })) };
}

/** Starts a background export of the list with the page's filters (POST /api/reports/people/exports), then shows its progress. */
export function action(args: ActionFunctionArgs) {
  const { page: _page, ...filters } = readListFilters(new URL(args.request.url).searchParams);
  return startExportJob(args, (format, headers) => api(args.request).POST('/api/reports/people/exports', { body: { ...filters, format }, headers }));
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['page']['items'][number];

export default function ReportLists() {
  const { filters, page, error, regionName, crumbs, exportKey } = useLoaderData<typeof loader>();
  const started = useActionData<typeof action>();
  const { t, i18n } = useReportsTranslation();
  const title = t(`lists.${filters.list}`);
  const table = {
    id: 'report-lists',
    caption: t('lists.caption', { region: regionName, total: formatNumber(page.total, i18n.language) }),
    columns: [t('people.name'), t('region'), t('pillar'), t('course'), t('lists.detail'), t('lists.date'), t(`lists.value.${filters.list}`)],
    empty: page.items.length === 0 ? t('lists.empty') : null,
  };
  return (
    <ReportListPage
      path={PATH}
      title={title}
      crumbs={crumbs}
      filters={filters}
      page={page}
      error={error}
      filterForm={<Filters />}
      background={{ exportKey, error: started?.error }}
      downloadable={page.total <= STREAM_LIMIT}
      table={table}
    >
      {page.items.map((row, i) => (
        <ListRow key={`${row.userId}-${row.courseId ?? ''}-${i}`} row={row} />
      ))}
    </ReportListPage>
  );
}

function Filters() {
  const { filters, courses } = useLoaderData<typeof loader>();
  const { t } = useReportsTranslation();
  return (
    <ReportListFilterForm region={filters.region} pillar={filters.pillar} course={filters.course} courses={courses} clearTo={`${PATH}${queryString({ region: filters.region, list: filters.list })}`} hint={t('lists.pillarNote')}>
      <PlainSelect id="f-list" name="list" label={t('lists.list')} value={filters.list} placeholder={t('lists.NOT_ENROLLED_ASSIGNED')} options={PEOPLE_LISTS.filter((l) => l !== 'NOT_ENROLLED_ASSIGNED').map((value) => ({ value, label: t(`lists.${value}`) }))} />
    </ReportListFilterForm>
  );
}

function ListRow({ row }: { row: Row }) {
  const { t, i18n } = useReportsTranslation();
  return (
    <tr>
      <PersonCells {...row} />
      <td>{row.pillar ? t(`pillarShort.${row.pillar}`) : '—'}</td>
      <td>{row.courseTitle ?? '—'}</td>
      <td>{row.detail ?? '—'}</td>
      <td className="nowrap">{row.date ? formatDate(row.date, i18n.language) : '—'}</td>
      <td className="num">{row.value === null ? '—' : formatNumber(row.value, i18n.language)}</td>
    </tr>
  );
}
