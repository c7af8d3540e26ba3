import { Link } from '@remix-run/react';
import { queryString } from '~/components/admin/list-query';
import { useReportsTranslation } from './translation';

/**
 * The report pages' breadcrumbs: the dashboard of each region from the admin's own down (each keeping `filters`), then
 * `current`, the page itself. Without `current` the last region is the page (the dashboard).
 */
export function ReportTrail({ crumbs, filters, current }: { crumbs: { code: string; name: string }[]; filters: Record<string, string | undefined>; current?: string }) {
  const { t } = useReportsTranslation();
  const links = current === undefined ? crumbs.slice(0, -1) : crumbs;
  const here = current ?? crumbs.at(-1)?.name;
  return (
    <nav aria-label={t('breadcrumb')} className="breadcrumbs">
      <ol>
        {links.map((crumb) => (
          <li key={crumb.code || 'nation'}>
            <Link to={`/admin/laporan${queryString({ ...filters, region: crumb.code || undefined })}`}>{crumb.name}</Link>
          </li>
        ))}
        {here === undefined ? null : (
          <li>
            <span aria-current="page">{here}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}
