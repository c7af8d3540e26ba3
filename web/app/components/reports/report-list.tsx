import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AdminList, FilterSelect, ListFilters, ListTable } from '~/components/admin/admin-list';
import { queryString } from '~/components/admin/list-query';
import { PILLARS } from '~/utils/api-types';
import type { ReportFilters } from './report-query';
import { ReportTrail } from './report-trail';
import { useReportsTranslation } from './translation';

/** From this many rows on, the page offers the export as a background job (a direct download would take minutes). */
const BACKGROUND_FROM = 20_000;

interface ReportListFilters extends ReportFilters {
  page: number;
}

/**
 * A report list page (the workers by status, the other people lists): trail, title, filters, the background export
 * of a long list, the direct downloads, the table and the pager. `path` is the page's own path; its `.xlsx` and
 * `.csv` siblings stream the download, its action starts the background export.
 */
export function ReportListPage({
  path,
  title,
  crumbs,
  filters,
  page,
  error,
  filterForm,
  background,
  downloadable = true,
  table,
  children,
}: {
  path: string;
  title: string;
  crumbs: { code: string; name: string }[];
  filters: ReportListFilters;
  page: { page: number; pageSize: number; total: number };
  error: string | null;
  filterForm: ReactNode;
  background: { exportKey: string; error?: string };
  /** False where the API streams no list this long (it is offered only as a background job). */
  downloadable?: boolean;
  table: { id: string; caption: string; columns: string[]; empty: string | null };
  children: ReactNode;
}) {
  const { t } = useReportsTranslation();
  const exportQuery = queryString(filters, { page: null });
  return (
    <section className="wide reports">
      <ReportTrail crumbs={crumbs} filters={{ pillar: filters.pillar, course: filters.course }} current={title} />
      <h1>{title}</h1>
      <AdminList filters={filterForm} error={error} pager={{ page: page.page, pageSize: page.pageSize, total: page.total, hrefFor: (target) => `${path}${queryString(filters, { page: target })}` }}>
        {page.total >= BACKGROUND_FROM ? <BackgroundExport action={`${path}${queryString(filters)}`} {...background} /> : null}
        {downloadable ? (
          <p className="inline-actions">
            <a href={`${path}.xlsx${exportQuery}`} download>
              {t('people.downloadXlsx')}
            </a>
            <a href={`${path}.csv${exportQuery}`} download>
              {t('people.downloadCsv')}
            </a>
          </p>
        ) : null}
        <ListTable {...table}>{children}</ListTable>
      </AdminList>
    </section>
  );
}

function BackgroundExport({ action, exportKey, error }: { action: string; exportKey: string; error?: string }) {
  const { t } = useReportsTranslation();
  return (
    <Form method="post" action={action} className="inline-actions">
      <p>{t('people.background')}</p>
      {error ? <p className="alert">{error}</p> : null}
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

/**
 * A report list's filter form: the region kept, the list's own select (`children`), then pillar and course, and a
 * `hint` below them. "Clear" keeps only `clearTo`'s query.
 */
export function ReportListFilterForm({
  region,
  pillar,
  course,
  courses,
  clearTo,
  hint,
  children,
}: {
  region?: string;
  pillar?: string;
  course?: string;
  courses: { id: string; title: string }[];
  clearTo: string;
  hint?: string;
  children: ReactNode;
}) {
  const { t } = useReportsTranslation();
  return (
    <ListFilters label={t('filters')} clearTo={clearTo}>
      {region ? <input type="hidden" name="region" value={region} /> : null}
      {children}
      <FilterSelect name="pillar" label={t('pillar')} value={pillar} allLabel={t('all')} options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))} />
      <FilterSelect name="course" label={t('course')} value={course} allLabel={t('allCourses')} options={courses.map((item) => ({ value: item.id, label: item.title }))} />
      {hint ? <p className="hint">{hint}</p> : null}
    </ListFilters>
  );
}

/** A report row's first cells: the person (a link to the training record) and the region. */
export function PersonCells({ userId, name, regionName, regionCode }: { userId: string; name: string; regionName: string; regionCode: string }) {
  const { t } = useReportsTranslation();
  return (
    <>
      <th scope="row">
        <Link to={`/admin/laporan/pekerja/${userId}`} aria-label={t('lists.record', { name })}>
          {name}
        </Link>
      </th>
      <td>
        {regionName} <span className="hint">({regionCode})</span>
      </td>
    </>
  );
}
