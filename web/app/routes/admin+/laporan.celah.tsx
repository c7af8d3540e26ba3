import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AdminList, ListFilters, ListTable } from '~/components/admin/admin-list';
import { queryString, readPage } from '~/components/admin/list-query';
import { PlainSelect } from '~/components/forms';
import { readReportFilters } from '~/components/reports/report-query';
import { ReportTrail } from '~/components/reports/report-trail';
import { useReportsTranslation } from '~/components/reports/translation';
import { adminHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { isPillar, PILLARS, type Pillar } from '~/utils/api-types';
import { api } from '~/utils/api.server';
import { formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { breadcrumbs, REPORT_READERS } from './laporan.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Kecamatan tanpa pekerja bersertifikat — Laporan — Bimtek Pilar' }];

const PAGE_SIZE = 50;

/**
 * Without a pillar in the URL the page shows TKSK (one per kecamatan: "kecamatan tanpa TKSK bersertifikat" is the list
 * a Dinsos asks for first); an empty pillar (the "all pillars" choice) shows kecamatan with no certified worker at all.
 */
function pillarOf(params: URLSearchParams): Pillar | undefined {
  if (!params.has('pillar')) return 'TKSK';
  const pillar = params.get('pillar');
  return isPillar(pillar) ? pillar : undefined;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, REPORT_READERS);
  const params = new URL(request.url).searchParams;
  const { region } = readReportFilters(params);
  const pillar = pillarOf(params);
  const page = readPage(params);
  const client = api(request);
  const [gaps, summary] = await Promise.all([
    client.GET('/api/reports/gaps', { params: { query: { region, pillar, page, pageSize: PAGE_SIZE } } }),
    client.GET('/api/reports/summary', { params: { query: { region } } }),
  ]);
  const scope = orThrow(summary); // a foreign region is a 404, as in the API
  const { items, total } = orThrow(gaps);
  return {
    region,
    pillar,
    page,
    total,
    items, // one page: the nation has thousands of kecamatan without a certified TKSK
    regionName: scope.regionName,
    crumbs: await breadcrumbs(user, scope.region, scope.regionName, 'Indonesia'),
  };
}

/** The page's own query: the pillar is kept even when empty (empty = all pillars, missing = TKSK). */
function gapsHref(region: string | undefined, pillar: Pillar | undefined, page = 1): string {
  const query = queryString({ region, page });
  return `/admin/laporan/celah${query}${query ? '&' : '?'}pillar=${pillar ?? ''}`;
}

export default function ReportGaps() {
  const { region, pillar, page, total, items, regionName, crumbs } = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const title = pillar ? t('gaps.title', { pillar: t(`pillarShort.${pillar}`) }) : t('gaps.titleAll');
  return (
    <section className="wide reports">
      <ReportTrail crumbs={crumbs} filters={{ pillar }} current={title} />
      <h1>{title}</h1>
      <p>{t('gaps.intro', { region: regionName })}</p>
      <AdminList
        filters={
          <ListFilters label={t('filters')} clearTo={gapsHref(region, 'TKSK')}>
            {region ? <input type="hidden" name="region" value={region} /> : null}
            <PlainSelect id="f-pillar" name="pillar" label={t('pillar')} value={pillar ?? ''} placeholder={t('gaps.pillarAll')} options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))} />
          </ListFilters>
        }
        error={null}
        pager={{ page, pageSize: PAGE_SIZE, total, hrefFor: (target) => gapsHref(region, pillar, target) }}
      >
        <ListTable
          id="report-gaps"
          caption={t('gaps.caption', { region: regionName, total: formatNumber(total, i18n.language) })}
          columns={[t('gaps.name'), t('gaps.code'), t('gaps.actions')]}
          empty={items.length === 0 ? t('gaps.empty') : null}
        >
          {items.map((item) => (
            <tr key={item.code}>
              <th scope="row">{item.name}</th>
              <td>{item.code}</td>
              <td className="inline-actions">
                <Link to={`/admin/laporan${queryString({ region: item.code, pillar })}`} aria-label={`${t('gaps.dashboard')}: ${item.name}`}>
                  {t('gaps.dashboard')}
                </Link>
                <Link to={`/admin/laporan/peserta${queryString({ region: item.code, pillar })}`} aria-label={`${t('gaps.people')}: ${item.name}`}>
                  {t('gaps.people')}
                </Link>
              </td>
            </tr>
          ))}
        </ListTable>
      </AdminList>
    </section>
  );
}
