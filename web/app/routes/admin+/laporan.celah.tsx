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
export const meta: MetaFunction = () => [{ title: 'Celah sertifikasi — Laporan — Bimtek Pilar' }];

const PAGE_SIZE = 50;
/** The pillars whose roster may name a desa (issue #19: PSM and Karang Taruna serve a desa each). */
type DesaPillar = 'PSM' | 'KARANG_TARUNA';
const isDesaPillar = (pillar: Pillar | undefined): pillar is DesaPillar => pillar === 'PSM' || pillar === 'KARANG_TARUNA';

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
  const wantsDesa = params.get('level') === 'desa';
  const client = api(request);
  const [gaps, summary] = await Promise.all([
    isDesaPillar(pillar) && wantsDesa
      ? client.GET('/api/reports/gaps/desa', { params: { query: { region, pillar, page, pageSize: PAGE_SIZE } } }).then((res) => ({ desa: orThrow(res) }))
      : client.GET('/api/reports/gaps', { params: { query: { region, pillar, page, pageSize: PAGE_SIZE } } }).then((res) => ({ kecamatan: orThrow(res) })),
    client.GET('/api/reports/summary', { params: { query: { region } } }),
  ]);
  const scope = orThrow(summary); // a foreign region is a 404, as in the API
  return {
    region,
    pillar,
    page,
    // One page either way: the nation has thousands of kecamatan without a certified TKSK, and more desa.
    kecamatan: 'kecamatan' in gaps ? gaps.kecamatan : null,
    desa: 'desa' in gaps ? gaps.desa : null,
    desaRefused: wantsDesa && !isDesaPillar(pillar),
    regionName: scope.regionName,
    crumbs: await breadcrumbs(user, scope.region, scope.regionName, 'Indonesia'),
  };
}

/** The page's own query: the pillar is kept even when empty (empty = all pillars, missing = TKSK). */
function gapsHref(region: string | undefined, pillar: Pillar | undefined, page = 1, level?: 'desa'): string {
  const query = queryString({ region, page, level });
  return `/admin/laporan/celah${query}${query ? '&' : '?'}pillar=${pillar ?? ''}`;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ReportGaps() {
  const data = useLoaderData<typeof loader>();
  const { region, pillar, crumbs, regionName, desa } = data;
  const { t } = useReportsTranslation();
  const pillarName = pillar ? t(`pillarShort.${pillar}`) : '';
  const title = desa ? t('gaps.desaTitle', { pillar: pillarName }) : pillar ? t('gaps.title', { pillar: pillarName }) : t('gaps.titleAll');
  return (
    <section className="wide reports">
      <ReportTrail crumbs={crumbs} filters={{ pillar }} current={title} />
      <h1>{title}</h1>
      {desa ? (
        <p>{t('gaps.desaIntro', { region: regionName, pillar: pillarName, rostered: desa.rosteredKecamatan, kecamatan: desa.kecamatan })}</p>
      ) : (
        <p>{t('gaps.intro', { region: regionName })}</p>
      )}
      {data.desaRefused ? <p className="hint">{t('gaps.desaOnly')}</p> : null}
      <AdminList
        filters={
          <ListFilters label={t('filters')} clearTo={gapsHref(region, 'TKSK')}>
            {region ? <input type="hidden" name="region" value={region} /> : null}
            <PlainSelect id="f-pillar" name="pillar" label={t('pillar')} value={pillar ?? ''} placeholder={t('gaps.pillarAll')} options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))} />
            <PlainSelect id="f-level" name="level" label={t('gaps.level')} value={desa ? 'desa' : ''} placeholder={t('gaps.levelKecamatan')} options={[{ value: 'desa', label: t('gaps.levelDesa') }]} />
          </ListFilters>
        }
        error={null}
        pager={
          desa
            ? { page: desa.page, pageSize: PAGE_SIZE, total: desa.total, hrefFor: (target) => gapsHref(region, pillar, target, 'desa') }
            : { page: data.page, pageSize: PAGE_SIZE, total: data.kecamatan?.total ?? 0, hrefFor: (target) => gapsHref(region, pillar, target) }
        }
      >
        {desa && isDesaPillar(pillar) ? <DesaGaps desa={desa} pillar={pillar} /> : <KecamatanGaps />}
      </AdminList>
    </section>
  );
}

function KecamatanGaps() {
  const { pillar, kecamatan, regionName } = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const items = kecamatan?.items ?? [];
  return (
        <ListTable
          id="report-gaps"
          caption={t('gaps.caption', { region: regionName, total: formatNumber(kecamatan?.total ?? 0, i18n.language) })}
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
  );
}

/** The desa of the kecamatan whose roster names desa for the pillar; where none does, says so instead of listing every desa. */
function DesaGaps({ desa, pillar }: { desa: NonNullable<LoaderData['desa']>; pillar: DesaPillar }) {
  const { region, regionName } = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const pillarName = t(`pillarShort.${pillar}`);
  if (desa.rosteredKecamatan === 0) return <p role="status">{t('gaps.desaNoRoster', { pillar: pillarName, region: regionName })}</p>;
  const exportQuery = `${queryString({ region })}${region ? '&' : '?'}pillar=${pillar}`;
  return (
    <>
      <p className="inline-actions">
        <a href={`/admin/laporan/celah.xlsx${exportQuery}`} download>
          {t('gaps.downloadXlsx')}
        </a>
        <a href={`/admin/laporan/celah.csv${exportQuery}`} download>
          {t('gaps.downloadCsv')}
        </a>
      </p>
      <ListTable
        id="report-desa-gaps"
        caption={t('gaps.desaCaption', { region: regionName, total: formatNumber(desa.total, i18n.language) })}
        columns={[t('gaps.desaName'), t('gaps.desaCode'), t('gaps.kecamatan'), t('gaps.actions')]}
        empty={desa.items.length === 0 ? t('gaps.desaEmpty') : null}
      >
        {desa.items.map((item) => (
          <tr key={item.code}>
            <th scope="row">{item.name}</th>
            <td>{item.code}</td>
            <td>
              {item.kecamatanName} <span className="hint">({item.kecamatanCode})</span>
            </td>
            <td className="inline-actions">
              <Link to={`/admin/laporan/peserta${queryString({ region: item.kecamatanCode, pillar })}`} aria-label={`${t('gaps.people')}: ${item.kecamatanName}`}>
                {t('gaps.people')}
              </Link>
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
