import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AdminList, FilterSelect, ListCards, ListFilters } from '~/components/admin/admin-list';
import { queryString, readCertificateFilters, safeBackQuery, type CertificateFilters } from '~/components/admin/list-query';
import { FormAlert, PlainSelect } from '~/components/forms';
import { adminHandle, useAdminTranslation } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { CERTIFICATE_STATUSES, isRevocationReason, PILLARS, REVOCATION_REASONS, type RevocationReason } from '~/utils/api-types';
import { api } from '~/utils/api.server';
import { formatDate, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES, scopeName } from './scope.server';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Sertifikat — Bimtek Pilar' }];

const PAGE_SIZE = 25;
/** A verification code as the API prints it (Crockford base32 in groups). */
const CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/;
const readCode = (value: unknown): string | null => (typeof value === 'string' && CODE.test(value) ? value : null);

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, ADMIN_ROLES);
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const filters = readCertificateFilters(params);
  const client = api(request);
  // One certificate of the admin's own list, found by its code: the list is region-scoped, so this is too.
  const one = async (code: string | null) => {
    if (!code) return null;
    const found = await client.GET('/api/certificates/issued', { params: { query: { q: code, pageSize: 1 } } });
    return found.data?.items.find((item) => item.code === code) ?? null;
  };
  const confirmCode = readCode(params.get('konfirmasi'));
  const reason = params.get('alasan');
  const [list, confirm, revoked] = await Promise.all([
    client.GET('/api/certificates/issued', {
      params: { query: { q: filters.q, pillar: filters.pillar, courseId: filters.course, status: filters.status, page: filters.page, pageSize: PAGE_SIZE } },
    }),
    one(confirmCode),
    one(readCode(params.get('dicabut'))),
  ]);
  throwIfUnavailable(list);
  return {
    filters,
    page: list.data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE, courses: [] },
    error: list.data ? null : await pageProblem(request, list, 'Daftar sertifikat tidak dapat dimuat. Coba lagi sebentar lagi.'),
    confirm: confirm && isRevocationReason(reason) && confirm.status !== 'revoked' ? { certificate: confirm, reason } : null,
    // Asked to confirm without choosing a reason, or for a certificate outside the list.
    confirmProblem: confirmCode && !confirm ? ('notFound' as const) : confirmCode && !isRevocationReason(reason) ? ('reason' as const) : null,
    revoked: revoked?.status === 'revoked' ? revoked : null,
    scopeName: scopeName(user),
  };
}

export async function action(args: ActionFunctionArgs) {
  await requireUser(args, ADMIN_ROLES);
  const { request } = args;
  const form = await request.formData();
  const code = readCode(form.get('code'));
  const reason = form.get('reason');
  const back = safeBackQuery(form.get('back'));
  if (form.get('intent') !== 'revoke' || !code || !isRevocationReason(reason)) return { error: 'Permintaan tidak dikenal.' };
  const result = await api(request).POST('/api/certificates/{code}/revoke', { params: { path: { code } }, body: { reason } });
  if (!result.response.ok) return { error: await pageProblem(request, result, 'Sertifikat tidak dapat dicabut. Coba lagi.') };
  const backParams = Object.fromEntries(new URLSearchParams(back));
  delete backParams.alasan;
  delete backParams.dicabut;
  return redirect(`/admin/sertifikat${queryString(backParams, { dicabut: code })}`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Certificate = LoaderData['page']['items'][number];

export default function IssuedCertificates() {
  const { filters, page, error, confirm, scopeName } = useLoaderData<typeof loader>();
  const { t, i18n } = useAdminTranslation();
  return (
    <section className="wide">
      <h1>{t('certificates.title')}</h1>
      <p className="hint">{scopeName ? t('scope', { region: scopeName }) : t('home.national')}</p>
      <p>{t('certificates.intro')}</p>
      <Notices />
      {confirm ? <RevokeConfirm certificate={confirm.certificate} reason={confirm.reason} back={queryString(filters)} /> : null}
      <AdminList
        filters={<Filters />}
        error={error}
        pager={{ page: page.page, pageSize: page.pageSize, total: page.total, hrefFor: (target) => `/admin/sertifikat${queryString(filters, { page: target })}` }}
      >
        <ListCards
          id="certificates"
          caption={t('certificates.caption', { total: formatNumber(page.total, i18n.language) })}
          empty={page.items.length === 0 ? t('certificates.empty') : null}
        >
          {page.items.map((item) => (
            <CertificateCard key={item.code} item={item} filters={filters} />
          ))}
        </ListCards>
      </AdminList>
    </section>
  );
}

/** The action's refusal, a revocation just done, or a confirmation link that could not be followed. */
function Notices() {
  const { confirmProblem, revoked } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useAdminTranslation();
  return (
    <>
      <FormAlert errors={result?.error} />
      {revoked ? (
        <p className="alert alert--ok" role="status">
          {t('certificates.revoked', { number: revoked.number })} <a href={`/verify/${revoked.code}`}>{t('certificates.verify')}</a>
        </p>
      ) : null}
      <FormAlert errors={confirmProblem === 'notFound' ? t('certificates.notFound') : confirmProblem === 'reason' ? t('certificates.reasonMissing') : null} />
    </>
  );
}

function RevokeConfirm({ certificate, reason, back }: { certificate: Certificate; reason: RevocationReason; back: string }) {
  const { t } = useAdminTranslation();
  const busy = useNavigation().state !== 'idle';
  return (
    <section className="alert confirm" aria-labelledby="revoke-title">
      <h2 id="revoke-title">{t('certificates.confirmTitle', { number: certificate.number })}</h2>
      <p>{t('certificates.confirmText', { holder: certificate.holderName, course: certificate.courseTitle, reason: t(`certificates.reasons.${reason}`) })}</p>
      <Form method="post" action={`/admin/sertifikat${back}`} className="inline-actions">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="code" value={certificate.code} />
        <input type="hidden" name="reason" value={reason} />
        <input type="hidden" name="back" value={back} />
        <button type="submit" className="button" disabled={busy}>
          {t('certificates.confirm')}
        </button>
        <Link to={`/admin/sertifikat${back}`} className="button button--secondary">
          {t('cancel')}
        </Link>
      </Form>
    </section>
  );
}

function Filters() {
  const { filters, page } = useLoaderData<typeof loader>();
  const { t } = useAdminTranslation();
  return (
    <ListFilters label={t('certificates.filters')} clearTo="/admin/sertifikat" search={{ label: t('certificates.search'), hint: t('certificates.searchHint'), value: filters.q }}>
      <FilterSelect name="pillar" label={t('form.pillar')} value={filters.pillar} allLabel={t('all')} options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))} />
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
        options={CERTIFICATE_STATUSES.map((value) => ({ value, label: t(`certificates.statusValue.${value}`) }))}
      />
    </ListFilters>
  );
}

function CertificateCard({ item, filters }: { item: Certificate; filters: CertificateFilters }) {
  const { t, i18n } = useAdminTranslation();
  const date = (value: string | null | undefined) => formatDate(value, i18n.language);
  return (
    <li className="card">
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
        {t('certificates.issuedAt')}: {date(item.issuedAt)} · {t('certificates.validUntil')}: {item.validUntil ? date(item.validUntil) : t('certificates.noExpiry')}
      </p>
      <p>
        <span className={`badge badge--${item.status === 'valid' ? 'ok' : 'bad'}`}>{t(`certificates.statusValue.${item.status}`)}</span>
        {item.status === 'revoked' && item.revocationReason ? (
          <span className="meta"> {t('certificates.revokedOn', { date: date(item.revokedAt), reason: t(`certificates.reasons.${item.revocationReason}`) })}</span>
        ) : null}
      </p>
      <p>
        <a href={`/verify/${item.code}`} aria-label={t('certificates.verifyNamed', { number: item.number })}>
          {t('certificates.verify')}
        </a>
      </p>
      {item.status !== 'revoked' ? <RevokeForm item={item} filters={filters} /> : null}
    </li>
  );
}

/** "Revoke…": a GET that keeps the list's filters and asks for the reason, then the page asks to confirm. */
function RevokeForm({ item, filters }: { item: Certificate; filters: CertificateFilters }) {
  const { t } = useAdminTranslation();
  const hiddenFilters = Object.entries(filters).filter(([key, value]) => value !== undefined && !(key === 'page' && value === 1));
  return (
    <Form method="get" action="/admin/sertifikat" className="inline-actions">
      {hiddenFilters.map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={String(value)} />
      ))}
      <input type="hidden" name="konfirmasi" value={item.code} />
      <PlainSelect
        id={`reason-${item.code}`}
        name="alasan"
        label={t('certificates.reason')}
        placeholder="—"
        options={REVOCATION_REASONS.map((value) => ({ value, label: t(`certificates.reasons.${value}`) }))}
        required
      />
      <button type="submit" className="button button--small button--secondary" aria-label={t('certificates.revokeNamed', { number: item.number })}>
        {t('certificates.revoke')}
      </button>
    </Form>
  );
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
