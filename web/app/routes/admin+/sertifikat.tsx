import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { formatNumber } from '~/utils/format';
import { adminHandle, useAdminTranslation } from '~/route-handles';
import { isPillar, PILLARS, type Pillar } from '~/utils/api-types';
import { queryString, readPage, safeBackQuery } from '~/components/admin/list-query';
import { FilterActions, FilterSelect } from '~/components/admin/filters';
import { Pager } from '~/components/admin/pager';
import { ADMIN_ROLES } from './scope.server';
import { requireUser } from '~/utils/session.server';
import { api } from '~/utils/api.server';
import { pageProblem } from '~/utils/api-problem.server';
import { FormAlert } from '~/components/forms';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Sertifikat — Bimtek Pilar' }];

const PAGE_SIZE = 25;
const STATUSES = ['valid', 'expired', 'revoked'] as const;
type Status = (typeof STATUSES)[number];
const REASONS = ['DATA_ERROR', 'FRAUD', 'DUPLICATE', 'OTHER'] as const;
type Reason = (typeof REASONS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A verification code as the API prints it (Crockford base32 in groups). */
const CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/;

/** Filters of the list: all GET parameters, so a filtered list is a URL an admin can share. */
interface CertificateFilters {
  q?: string;
  pillar?: Pillar;
  course?: string;
  status?: Status;
  page: number;
}

/** Reads the filters, dropping what the API would refuse instead of failing. */
function readFilters(params: URLSearchParams): CertificateFilters {
  const filters: CertificateFilters = { page: readPage(params) };
  const q = params.get('q')?.trim().slice(0, 100);
  if (q) filters.q = q;
  const pillar = params.get('pillar');
  if (isPillar(pillar)) filters.pillar = pillar;
  const course = params.get('course');
  if (course && UUID.test(course)) filters.course = course;
  const status = params.get('status');
  if ((STATUSES as readonly string[]).includes(status ?? '')) filters.status = status as Status;
  return filters;
}

const isReason = (value: unknown): value is Reason => typeof value === 'string' && (REASONS as readonly string[]).includes(value);
const readCode = (value: unknown): string | null => (typeof value === 'string' && CODE.test(value) ? value : null);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, ADMIN_ROLES);
  const params = new URL(request.url).searchParams;
  const filters = readFilters(params);
  const client = api(request);
  // One certificate of the admin's own list, found by its code: the list is region-scoped, so this is too.
  const one = async (code: string | null) => {
    if (!code) return null;
    const found = await client.GET('/api/certificates/issued', { params: { query: { q: code, pageSize: 1 } } });
    return found.data?.items.find((item) => item.code === code) ?? null;
  };
  const confirmCode = readCode(params.get('konfirmasi'));
  const reason = params.get('alasan');
  const revokedCode = readCode(params.get('dicabut'));
  const [list, confirm, revoked] = await Promise.all([
    client.GET('/api/certificates/issued', {
      params: { query: { q: filters.q, pillar: filters.pillar, courseId: filters.course, status: filters.status, page: filters.page, pageSize: PAGE_SIZE } },
    }),
    one(confirmCode),
    one(revokedCode),
  ]);
  return {
    filters,
    page: list.data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE, courses: [] },
    error: list.data ? null : await pageProblem(request, list, 'Daftar sertifikat tidak dapat dimuat. Coba lagi sebentar lagi.'),
    confirm: confirm && isReason(reason) && confirm.status !== 'revoked' ? { certificate: confirm, reason } : null,
    // Asked to confirm without choosing a reason, or for a certificate outside the list.
    confirmProblem: confirmCode && !confirm ? ('notFound' as const) : confirmCode && !isReason(reason) ? ('reason' as const) : null,
    revoked: revoked?.status === 'revoked' ? revoked : null,
    scopeName: user.role === 'ADMIN_PUSAT' ? null : user.regionName ?? user.regionCode ?? null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser({ request, context }, ADMIN_ROLES);
  const form = await request.formData();
  const code = readCode(form.get('code'));
  const reason = form.get('reason');
  const back = safeBackQuery(form.get('back'));
  if (form.get('intent') !== 'revoke' || !code || !isReason(reason)) return { error: 'Permintaan tidak dikenal.' };
  const result = await api(request).POST('/api/certificates/{code}/revoke', { params: { path: { code } }, body: { reason } });
  if (!result.response.ok) return { error: await pageProblem(request, result, 'Sertifikat tidak dapat dicabut. Coba lagi.') };
  const backParams = Object.fromEntries(new URLSearchParams(back));
  delete backParams.alasan;
  delete backParams.dicabut;
  return redirect(`/admin/sertifikat${queryString(backParams, { dicabut: code })}`);
}

/** `00123/BIMTEK-TKSK/32.72/2026` may wrap after a slash (a 360 px screen at 200 % text). */
function BreakableNumber({ number }: { number: string }) {
  const parts = number.split('/');
  return (
    <span>
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          {index < parts.length - 1 ? (
            <>
              /<wbr />
            </>
          ) : null}
        </span>
      ))}
    </span>
  );
}

export default function IssuedCertificates() {
  const { filters, page, error, confirm, confirmProblem, revoked, scopeName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useAdminTranslation();
  const busy = navigation.state !== 'idle';
  const back = queryString(filters);
  const hrefFor = (target: number) => `/admin/sertifikat${queryString(filters, { page: target })}`;
  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Jakarta' });
  const date = (value: string | null | undefined) => (value ? dateFormat.format(new Date(value)) : '—');
  // The filters as hidden fields of each certificate's "revoke…" form, so the list stays as it was.
  const hiddenFilters = Object.entries(filters).filter(([key, value]) => value !== undefined && !(key === 'page' && value === 1));
  return (
    <section className="wide">
      <h1>{t('certificates.title')}</h1>
      <p className="hint">{scopeName ? t('scope', { region: scopeName }) : t('home.national')}</p>
      <p>{t('certificates.intro')}</p>

      {result && 'error' in result && result.error ? (
        <p className="alert alert--bad" role="alert">
          {result.error}
        </p>
      ) : null}
      {revoked ? (
        <p className="alert alert--ok" role="status">
          {t('certificates.revoked', { number: revoked.number })}{' '}
          <a href={`/verify/${revoked.code}`}>{t('certificates.verify')}</a>
        </p>
      ) : null}
      {confirmProblem ? (
        <p className="alert alert--bad" role="alert">
          {confirmProblem === 'notFound' ? t('certificates.notFound') : t('certificates.reasonMissing')}
        </p>
      ) : null}

      {confirm ? (
        <section className="alert confirm" aria-labelledby="revoke-title">
          <h2 id="revoke-title">{t('certificates.confirmTitle', { number: confirm.certificate.number })}</h2>
          <p>
            {t('certificates.confirmText', {
              holder: confirm.certificate.holderName,
              course: confirm.certificate.courseTitle,
              reason: t(`certificates.reasons.${confirm.reason}`),
            })}
          </p>
          <Form method="post" action={`/admin/sertifikat${back}`} className="inline-actions">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="code" value={confirm.certificate.code} />
            <input type="hidden" name="reason" value={confirm.reason} />
            <input type="hidden" name="back" value={back} />
            <button type="submit" className="button" disabled={busy}>
              {t('certificates.confirm')}
            </button>
            <Link to={`/admin/sertifikat${back}`} className="button button--secondary">
              {t('cancel')}
            </Link>
          </Form>
        </section>
      ) : null}

      <Form method="get" className="filters" role="search" aria-label={t('certificates.filters')}>
        <div className="field">
          <label htmlFor="f-q">{t('certificates.search')}</label>
          <input id="f-q" name="q" type="search" defaultValue={filters.q ?? ''} aria-describedby="f-q-hint" maxLength={100} />
          <p className="hint" id="f-q-hint">
            {t('certificates.searchHint')}
          </p>
        </div>
        <FilterSelect
          name="pillar"
          label={t('form.pillar')}
          value={filters.pillar}
          allLabel={t('all')}
          options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))}
        />
        <FilterSelect
          name="course"
          label={t('certificates.course')}
          value={filters.course}
          allLabel={t('certificates.allCourses')}
          options={page.courses.map((course) => ({ value: course.id, label: course.title }))}
        />
        <FilterSelect
          name="status"
          label={t('certificates.status')}
          value={filters.status}
          allLabel={t('all')}
          options={STATUSES.map((value) => ({ value, label: t(`certificates.statusValue.${value}`) }))}
        />
        <FilterActions clearTo="/admin/sertifikat" />
      </Form>

      <FormAlert errors={error} />

      <h2 id="certificates-caption">{t('certificates.caption', { total: formatNumber(page.total, i18n.language) })}</h2>
      {page.items.length === 0 ? (
        <p>{t('certificates.empty')}</p>
      ) : (
        <ul className="cards" aria-labelledby="certificates-caption">
          {page.items.map((item) => (
            <li key={item.code} className="card">
              <h3 className="card__title">{item.holderName}</h3>
              <p className="meta">
                {t('certificates.number')}: <BreakableNumber number={item.number} />
              </p>
              <p>
                {item.courseTitle} · {item.pillarLabel}
              </p>
              <p className="meta">
                {t('certificates.region')}: {item.regionLabel}
              </p>
              <p className="meta">
                {t('certificates.issuedAt')}: {date(item.issuedAt)} · {t('certificates.validUntil')}:{' '}
                {item.validUntil ? date(item.validUntil) : t('certificates.noExpiry')}
              </p>
              <p>
                <span className={`badge badge--${item.status === 'valid' ? 'ok' : 'bad'}`}>{t(`certificates.statusValue.${item.status}`)}</span>
                {item.status === 'revoked' && item.revocationReason ? (
                  <span className="meta">
                    {' '}
                    {t('certificates.revokedOn', { date: date(item.revokedAt), reason: t(`certificates.reasons.${item.revocationReason}`) })}
                  </span>
                ) : null}
              </p>
              <p>
                <a href={`/verify/${item.code}`} aria-label={t('certificates.verifyNamed', { number: item.number })}>
                  {t('certificates.verify')}
                </a>
              </p>
              {item.status !== 'revoked' ? (
                <Form method="get" action="/admin/sertifikat" className="inline-actions">
                  {hiddenFilters.map(([key, value]) => (
                    <input key={key} type="hidden" name={key} value={String(value)} />
                  ))}
                  <input type="hidden" name="konfirmasi" value={item.code} />
                  <div className="field">
                    <label htmlFor={`reason-${item.code}`}>{t('certificates.reason')}</label>
                    <select id={`reason-${item.code}`} name="alasan" required defaultValue="">
                      <option value="" disabled>
                        —
                      </option>
                      {REASONS.map((value) => (
                        <option key={value} value={value}>
                          {t(`certificates.reasons.${value}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="button button--small button--secondary" aria-label={t('certificates.revokeNamed', { number: item.number })}>
                    {t('certificates.revoke')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pager page={page.page} pageSize={page.pageSize} total={page.total} hrefFor={hrefFor} />
    </section>
  );
}
