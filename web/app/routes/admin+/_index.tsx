import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useAdminTranslation, adminHandle } from '~/route-handles';
import { USER_STATUSES, type UserStatus } from '~/utils/api-types';
import { throwIfUnavailable } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Beranda admin — Bimtek Pilar' }];

/** The admins' landing: how many workers in my region are in each state, with the way to each list. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, [...ADMIN_ROLES, 'PELATIH']);
  const region = user.regionName ?? user.regionCode ?? null;
  // Trainers have their own home, the studio (issue #18).
  if (user.role === 'PELATIH') throw redirect('/pelatih');
  const client = api(request);
  const totals = await Promise.all(
    USER_STATUSES.map(async (status) => {
      const result = await client.GET('/api/workers', { params: { query: { status, pageSize: 1 } } });
      throwIfUnavailable(result);
      return [status, result.data?.total ?? null] as const;
    }),
  );
  // Field task reviews past their review days in the admin's region (issue #16), counted by the API (not a page).
  const overdue = await client.GET('/api/reviews/overdue-summary');
  throwIfUnavailable(overdue);
  const overdueReviews = overdue.data?.total ?? null;
  return { role: user.role, name: user.name, region, counts: Object.fromEntries(totals) as Record<UserStatus, number | null>, overdueReviews };
}

export default function AdminHome() {
  const { role, name, region, counts, overdueReviews } = useLoaderData<typeof loader>();
  const { t, i18n } = useAdminTranslation();
  const n = (value: number | null) => (value === null ? '—' : formatNumber(value, i18n.language));
  if (!counts) {
    return (
      <section>
        <h1>{t('home.trainerTitle', { name })}</h1>
        <p>{t('home.trainerText')}</p>
        <ul className="actions">
          <li>
            <Link to="/akun">{t('nav.account')}</Link>
          </li>
        </ul>
      </section>
    );
  }
  const total = USER_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  return (
    <section className="wide">
      <h1>{t('home.title')}</h1>
      <p>{role === 'ADMIN_PUSAT' ? t('home.national') : t('scope', { region })}</p>
      <h2>{t('home.workers')}</h2>
      <ul className="stat-cards">
        <li className={counts.PENDING ? 'stat-card stat-card--attention' : 'stat-card'}>
          <Link to="/admin/pekerja?status=PENDING">
            <span className="stat-card__number">{n(counts.PENDING)}</span>
            <span className="stat-card__label">{t('home.pending')}</span>
          </Link>
        </li>
        <li className="stat-card">
          <Link to="/admin/pekerja?status=INVITED">
            <span className="stat-card__number">{n(counts.INVITED)}</span>
            <span className="stat-card__label">{t('home.invited')}</span>
          </Link>
        </li>
        <li className="stat-card">
          <Link to="/admin/pekerja?status=ACTIVE">
            <span className="stat-card__number">{n(counts.ACTIVE)}</span>
            <span className="stat-card__label">{t('home.active')}</span>
          </Link>
        </li>
        <li className="stat-card">
          <Link to="/admin/pekerja">
            <span className="stat-card__number">{n(total)}</span>
            <span className="stat-card__label">{t('home.all')}</span>
          </Link>
        </li>
      </ul>
      <h2>{t('home.reviews')}</h2>
      <ul className="stat-cards">
        <li className={overdueReviews ? 'stat-card stat-card--attention' : 'stat-card'}>
          <Link to="/admin/tinjauan" data-testid="overdue-reviews">
            <span className="stat-card__number">{n(overdueReviews)}</span>
            <span className="stat-card__label">{t('home.overdueReviews')}</span>
          </Link>
        </li>
      </ul>
      <h2>{t('home.tasks')}</h2>
      <ul className="actions">
        <li>
          <Link to="/admin/roster">{t('home.importRoster')}</Link>
        </li>
        <li>
          <Form method="post" action="/admin/kode-aktivasi.xlsx" reloadDocument>
            <input type="hidden" name="status" value="INVITED" />
            <button type="submit" className="link-button link-button--dark">
              {t('home.codes')}
            </button>
          </Form>
          <p className="hint">{t('home.codesHint')}</p>
        </li>
        <li>
          <Link to="/admin/audit">{t('home.audit')}</Link>
        </li>
      </ul>
    </section>
  );
}
