import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { FilterSelect, ListFilters } from '~/components/admin/admin-list';
import { queryString } from '~/components/admin/list-query';
import { depthOf, PEOPLE_LISTS, percentOf, readReportFilters, REPORT_STATUSES, type ReportCounts, type ReportFilters } from '~/components/reports/report-query';
import { monthLabel, MonthlyChart, MonthlyTable, type MonthlyLabels } from '~/components/reports/monthly-chart';
import { readPeriod, type ReportPeriod } from '~/components/reports/monthly-query';
import { ReportTrail } from '~/components/reports/report-trail';
import { useReportsTranslation } from '~/components/reports/translation';
import { adminHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { PILLARS, type Pillar } from '~/utils/api-types';
import { api } from '~/utils/api.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { breadcrumbs, REPORT_READERS } from './laporan.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Laporan — Bimtek Pilar' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, REPORT_READERS);
  const params = new URL(request.url).searchParams;
  const filters = readReportFilters(params);
  const period = readPeriod(params);
  const client = api(request);
  const query = { region: filters.region, pillar: filters.pillar, course: filters.course };
  const [summary, children, courses, pillars, monthly] = await Promise.all([
    client.GET('/api/reports/summary', { params: { query } }),
    client.GET('/api/reports/regions', { params: { query: { parent: filters.region, pillar: filters.pillar, course: filters.course } } }),
    client.GET('/api/reports/courses', { params: { query: { region: filters.region } } }),
    Promise.all(PILLARS.map((pillar) => client.GET('/api/reports/summary', { params: { query: { ...query, pillar } } }))),
    client.GET('/api/reports/monthly', { params: { query: { ...query, ...period } } }),
  ]);
  const figures = orThrow(summary); // a region outside the admin's scope is a 404, as in the API
  // A period the API refuses (backwards, longer than 36 months) shows the default one with a message, not an error page.
  const periodInvalid = monthly.response.status === 400;
  const months = orThrow(periodInvalid ? await client.GET('/api/reports/monthly', { params: { query } }) : monthly);
  const crumbs = await breadcrumbs(user, figures.region, figures.regionName, 'Indonesia');
  return {
    filters,
    period: periodInvalid ? {} : period,
    periodInvalid,
    months,
    figures,
    crumbs,
    children: orThrow(children).items,
    courses: courses.data?.items ?? [],
    perPillar: pillars.flatMap((result, i) => (result.data ? [{ pillar: PILLARS[i], counts: result.data }] : [])),
  };
}

type Counts = Omit<ReportCounts, 'region' | 'regionName' | 'generatedAt'>;

export default function ReportDashboard() {
  const { figures, crumbs, filters, period, perPillar, children } = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const kecamatan = depthOf(figures.region) >= 3;
  const scope = { ...filters, region: figures.region || undefined };
  return (
    <section className="wide reports">
      <ReportTrail crumbs={crumbs} filters={filters} />
      <h1>
        {t('title')}: {figures.regionName}
      </h1>
      <p className="hint">{t('generated', { time: formatDateTime(figures.generatedAt, i18n.language) })}</p>
      <Filters />
      <Headline counts={figures} region={figures.regionName} scope={scope} />
      <p className="inline-actions">
        <Link to={`/admin/laporan/peserta${queryString(scope)}`} className="button">
          {t('peopleLink')}
        </Link>
        <Link to={`/admin/laporan/celah${queryString({ region: scope.region })}`} className="button button--secondary">
          {t('gapsLink')}
        </Link>
      </p>
      <PeopleLists scope={scope} />
      <Monthly region={figures.regionName} scope={scope} />
      {filters.pillar ? null : <PillarTable rows={perPillar} region={figures.regionName} />}
      {kecamatan ? <p>{t('kecamatanHint')}</p> : <ChildrenTable items={children} parent={figures.region} parentName={figures.regionName} filters={{ ...filters, ...period }} />}
    </section>
  );
}

/** Every people list of the region, each a link with the dashboard's filters: the funnel's states, then the other lists. */
function PeopleLists({ scope }: { scope: ReportFilters }) {
  const { t } = useReportsTranslation();
  return (
    <nav aria-labelledby="people-lists-title" className="people-lists">
      <h2 id="people-lists-title">{t('listsTitle')}</h2>
      <p className="hint">{t('listsIntro')}</p>
      <ul>
        {REPORT_STATUSES.map((status) => (
          <li key={status}>
            <Link to={`/admin/laporan/peserta${queryString(scope, { status: status === 'NOT_CERTIFIED' ? undefined : status })}`}>{t(`statuses.${status}`)}</Link>
          </li>
        ))}
        {PEOPLE_LISTS.map((list) => (
          <li key={list}>
            <Link to={`/admin/laporan/daftar${queryString(scope, { list })}`}>{t(`lists.${list}`)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}


function Filters() {
  const { filters, courses, period, months } = useLoaderData<typeof loader>();
  const { t } = useReportsTranslation();
  return (
    <ListFilters label={t('filters')} clearTo={`/admin/laporan${queryString({ region: filters.region })}`}>
      {filters.region ? <input type="hidden" name="region" value={filters.region} /> : null}
      <FilterSelect name="pillar" label={t('pillar')} value={filters.pillar} allLabel={t('all')} options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))} />
      <FilterSelect name="course" label={t('course')} value={filters.course} allLabel={t('allCourses')} options={courses.map((course) => ({ value: course.id, label: course.title }))} />
      <MonthField name="from" label={t('monthly.from')} value={period.from ?? months.from} />
      <MonthField name="to" label={t('monthly.to')} value={period.to ?? months.to} />
    </ListFilters>
  );
}

/** A month of the period: a month picker where the browser has one, else a text field taking 'YYYY-MM'. */
function MonthField({ name, label, value }: { name: keyof ReportPeriod; label: string; value: string }) {
  const { t } = useReportsTranslation();
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <input id={`f-${name}`} name={name} type="month" defaultValue={value} pattern="\d{4}-\d{2}" aria-describedby="f-period-hint" />
      {name === 'to' ? (
        <p className="hint" id="f-period-hint">
          {t('monthly.periodHint')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Completions and certificates issued per month of the period, as a chart (server-rendered SVG) and as a table, with
 * the period's totals. The people lists do not filter by month yet, so the month figures are not links; the lists of
 * everyone completed and certified are.
 */
function Monthly({ region, scope }: { region: string; scope: ReportFilters }) {
  const { months, periodInvalid } = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const language = i18n.language;
  const range = { from: monthLabel(months.from, language, true), to: monthLabel(months.to, language, true) };
  const n = (value: number) => formatNumber(value, language);
  const labels: MonthlyLabels = {
    title: t('monthly.caption', { region, ...range }),
    description: t('monthly.description', { ...range, completed: n(months.completed), certified: n(months.certified) }),
    month: t('monthly.month'),
    completed: t('monthly.completed'),
    certified: t('monthly.certified'),
    total: t('monthly.total'),
  };
  return (
    <section aria-labelledby="monthly-title" className="monthly">
      <h2 id="monthly-title">{t('monthly.title', range)}</h2>
      {periodInvalid ? (
        <p className="alert alert--bad" role="alert">
          {t('monthly.periodInvalid')}
        </p>
      ) : null}
      <ul className="stat-cards">
        {(['completed', 'certified'] as const).map((key) => (
          <li key={key} className="stat-card" data-figure={`period-${key}`}>
            <div className="stat-card__plain">
              <span className="stat-card__number">{n(months[key])}</span>
              <span className="stat-card__label">{t(`monthly.${key}InPeriod`)}</span>
            </div>
          </li>
        ))}
      </ul>
      <MonthlyChart items={months.items} labels={labels} language={language} />
      <MonthlyTable items={months.items} labels={labels} language={language} />
      <p className="hint">
        {t('monthly.peopleHint')} <Link to={peopleHref(scope, 'completed')}>{t('lists.ALL_COMPLETED')}</Link> ·{' '}
        <Link to={peopleHref(scope, 'certified')}>{t('statuses.CERTIFIED')}</Link>
      </p>
    </section>
  );
}

const HEADLINE = ['workers', 'enrolled', 'started', 'completed', 'certified', 'expiringSoon', 'expired', 'jp'] as const;
/** The people behind each figure: a status of the workers list, or one of the other lists (JP: the completed courses). */
const PEOPLE_OF: Record<(typeof HEADLINE)[number], { status: string } | { list: string }> = {
  workers: { list: 'ALL_WORKERS' },
  enrolled: { list: 'ALL_ENROLLED' },
  started: { list: 'ALL_STARTED' },
  completed: { list: 'ALL_COMPLETED' },
  certified: { status: 'CERTIFIED' },
  expiringSoon: { status: 'EXPIRING' },
  expired: { status: 'EXPIRED' },
  jp: { list: 'ALL_COMPLETED' },
};

function peopleHref(scope: ReportFilters, key: (typeof HEADLINE)[number]): string {
  const target = PEOPLE_OF[key];
  return 'status' in target ? `/admin/laporan/peserta${queryString(scope, target)}` : `/admin/laporan/daftar${queryString(scope, target)}`;
}

function Headline({ counts, region, scope }: { counts: Counts; region: string; scope: ReportFilters }) {
  const { t, i18n } = useReportsTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const score = (value: number | null) => (value === null ? '—' : n(value));
  return (
    <>
      <h2>{t('headline', { region })}</h2>
      <ul className="stat-cards">
        {HEADLINE.map((key) => {
          const body = (
            <>
              <span className="stat-card__number">{n(counts[key])}</span>
              <span className="stat-card__label">{t(`figures.${key}`)}</span>
            </>
          );
          return (
            <li key={key} className="stat-card" data-figure={key}>
              <Link to={peopleHref(scope, key)}>{body}</Link>
            </li>
          );
        })}
      </ul>
      <h3>{t('averagesTitle')}</h3>
      <ul className="stat-cards" aria-describedby="averages-text">
        {(['avgPre', 'avgPost', 'avgGain'] as const).map((key) => (
          <li key={key} className="stat-card" data-figure={key}>
            <div className="stat-card__plain">
              <span className="stat-card__number">{score(counts[key])}</span>
              <span className="stat-card__label">{t(`figures.${key}`)}</span>
            </div>
          </li>
        ))}
      </ul>
      <p id="averages-text">{t('averages', { pre: score(counts.avgPre), post: score(counts.avgPost), gain: score(counts.avgGain) })}</p>
    </>
  );
}

/** Certified out of the workers, as a bar (CSS width) with the number beside it for screen readers and print. */
function ShareBar({ part, whole }: { part: number; whole: number }) {
  const { t } = useReportsTranslation();
  const percent = percentOf(part, whole);
  return (
    <span className="share">
      <span className="share__bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
      <span className="share__text">{t('share', { percent })}</span>
    </span>
  );
}

function CountCells({ counts }: { counts: Counts }) {
  const { i18n } = useReportsTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <>
      <td className="num">{n(counts.workers)}</td>
      <td className="num">{n(counts.enrolled)}</td>
      <td className="num">{n(counts.completed)}</td>
      <td className="num">{n(counts.certified)}</td>
      <td className="num">{n(counts.expiringSoon)}</td>
      <td>
        <ShareBar part={counts.certified} whole={counts.workers} />
      </td>
    </>
  );
}

function useCountColumns(first: string): string[] {
  const { t } = useReportsTranslation();
  return [first, t('figures.workers'), t('figures.enrolled'), t('figures.completed'), t('figures.certified'), t('figures.expiringSoon'), t('certifiedShare')];
}

function PillarTable({ rows, region }: { rows: { pillar: Pillar; counts: Counts }[]; region: string }) {
  const { t } = useReportsTranslation();
  const columns = useCountColumns(t('pillar'));
  return (
    <>
      <h2>{t('byPillar')}</h2>
      <CountTable id="by-pillar" caption={t('byPillarCaption', { region })} columns={columns}>
        {rows.map(({ pillar, counts }) => (
          <tr key={pillar}>
            <th scope="row">{t(`pillarShort.${pillar}`)}</th>
            <CountCells counts={counts} />
          </tr>
        ))}
      </CountTable>
    </>
  );
}

function ChildrenTable({ items, parent, parentName, filters }: { items: (Counts & { code: string; name: string })[]; parent: string; parentName: string; filters: ReportFilters }) {
  const { t } = useReportsTranslation();
  const columns = useCountColumns(t('region'));
  if (items.length === 0) return <p>{t('noChildren', { region: parentName })}</p>;
  return (
    <>
      <h2>{t('children')}</h2>
      <CountTable id="by-region" caption={t('childrenCaption', { region: parentName, count: items.length })} columns={columns}>
        {items.map((item) => (
          <tr key={item.code}>
            <th scope="row">
              {item.code === parent ? (
                item.name
              ) : (
                <Link to={`/admin/laporan${queryString({ ...filters, region: item.code })}`} aria-label={t('drill', { name: item.name })}>
                  {item.name}
                </Link>
              )}{' '}
              <span className="hint">({item.code})</span>
            </th>
            <CountCells counts={item} />
          </tr>
        ))}
      </CountTable>
    </>
  );
}

function CountTable({ id, caption, columns, children }: { id: string; caption: string; columns: string[]; children: React.ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table className="wide-table report-table" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
