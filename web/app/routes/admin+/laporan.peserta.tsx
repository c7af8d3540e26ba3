import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { FilterSelect } from '~/components/admin/admin-list';
import { queryString } from '~/components/admin/list-query';
import { readPeopleFilters, REPORT_STATUSES } from '~/components/reports/report-query';
import { PersonCells, ReportListFilterForm, ReportListPage } from '~/components/reports/report-list';
import { useReportsTranslation } from '~/components/reports/translation';
import { adminHandle } from '~/route-handles';
import { api } from '~/utils/api.server';
import { formatDate, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { loadReportList, REPORT_READERS, startExportJob } from './laporan.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Daftar pekerja — Laporan — Bimtek Pilar' }];

const PATH = '/admin/laporan/peserta';
const PAGE_SIZE = 25;

/** The workers by status (without a certificate unless the URL names another), a row per worker and course. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, REPORT_READERS);
  const filters = readPeopleFilters(new URL(request.url).searchParams);
  const list = api(request).GET('/api/reports/workers', { params: { query: { ...filters, pageSize: PAGE_SIZE } } });
  const failure = 'Daftar pekerja tidak dapat dimuat. Coba lagi sebentar lagi.';
  return { filters, ...(await loadReportList(request, user, filters.region, list, { failure, empty: { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE } })) };
}

/** Starts a background export of the list with the page's filters, then shows its progress. */
export function action(args: ActionFunctionArgs) {
  const { page: _page, ...filters } = readPeopleFilters(new URL(args.request.url).searchParams);
  return startExportJob(args, (format, headers) => api(args.request).POST('/api/reports/exports', { body: { ...filters, format }, headers }));
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['page']['items'][number];

export default function ReportPeople() {
  const { filters, page, error, regionName, crumbs, exportKey } = useLoaderData<typeof loader>();
  const started = useActionData<typeof action>();
  const { t, i18n } = useReportsTranslation();
  const title = filters.status === 'NOT_CERTIFIED' ? t('people.title') : t('people.titleStatus', { status: t(`statuses.${filters.status}`) });
  const table = {
    id: 'report-people',
    caption: t('people.caption', { region: regionName, total: formatNumber(page.total, i18n.language) }),
    columns: [t('people.name'), t('region'), t('pillar'), t('course'), t('people.progress'), t('people.scores'), t('people.lastActivity')],
    empty: page.items.length === 0 ? t('people.empty') : null,
  };
  return (
    <ReportListPage path={PATH} title={title} crumbs={crumbs} filters={filters} page={page} error={error} filterForm={<Filters />} background={{ exportKey, error: started?.error }} table={table}>
      {page.items.map((row) => (
        <PersonRow key={`${row.userId}-${row.courseId}`} row={row} />
      ))}
    </ReportListPage>
  );
}

function Filters() {
  const { filters, courses } = useLoaderData<typeof loader>();
  const { t } = useReportsTranslation();
  return (
    <ReportListFilterForm region={filters.region} pillar={filters.pillar} course={filters.course} courses={courses} clearTo={`${PATH}${queryString({ region: filters.region })}`}>
      <FilterSelect name="status" label={t('people.status')} value={filters.status === 'NOT_CERTIFIED' ? undefined : filters.status} allLabel={t('statuses.NOT_CERTIFIED')} options={REPORT_STATUSES.filter((s) => s !== 'NOT_CERTIFIED').map((value) => ({ value, label: t(`statuses.${value}`) }))} />
    </ReportListFilterForm>
  );
}

function PersonRow({ row }: { row: Row }) {
  const { t, i18n } = useReportsTranslation();
  const score = (value: number | null) => (value === null ? '—' : formatNumber(value, i18n.language));
  return (
    <tr>
      <PersonCells {...row} />
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
