import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AdminList, FilterSelect, ListFilters, ListTable } from '~/components/admin/admin-list';
import { queryString, readWorkerFilters, safeBackQuery, type WorkerFilters } from '~/components/admin/list-query';
import { FormAlert } from '~/components/forms';
import { adminHandle, useAdminTranslation } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { PILLARS, USER_STATUSES } from '~/utils/api-types';
import { api } from '~/utils/api.server';
import { formatActivationCode, formatDateTime, formatNumber, formatPhone } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES, scopeName, scopeRegionOptions } from './scope.server';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Pekerja — Bimtek Pilar' }];

/** A reset's activation code must not be cached anywhere: it is shown once. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders);

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context }, ADMIN_ROLES);
  const params = new URL(request.url).searchParams;
  const filters = readWorkerFilters(params);
  const client = api(request);
  const confirmId = params.get('konfirmasi');
  const [list, regions, confirm] = await Promise.all([
    client.GET('/api/workers', { params: { query: { ...filters, pageSize: PAGE_SIZE } } }),
    scopeRegionOptions(user, filters.region),
    confirmId && /^[0-9a-f-]{36}$/i.test(confirmId)
      ? client.GET('/api/workers/{id}', { params: { path: { id: confirmId } } }).then((result) => result.data ?? null)
      : Promise.resolve(null),
  ]);
  throwIfUnavailable(list);
  const error = list.data ? null : await pageProblem(request, list, 'Daftar pekerja tidak dapat dimuat. Coba lagi sebentar lagi.');
  return {
    filters,
    page: list.data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE },
    error,
    regions,
    confirm,
    done: params.get('done'),
    scopeName: scopeName(user),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser({ request, context }, ADMIN_ROLES);
  const form = await request.formData();
  const intent = form.get('intent');
  const id = String(form.get('id') ?? '');
  const back = safeBackQuery(form.get('back'));
  const client = api(request);
  if (intent === 'approve') {
    const approved = await client.POST('/api/workers/{id}/approve', { params: { path: { id } } });
    if (!approved.response.ok) return { error: await pageProblem(request, approved, 'Pekerja tidak dapat disetujui. Coba lagi.') };
    return redirect(`/admin/pekerja${queryString(Object.fromEntries(new URLSearchParams(back)), { done: 'approved' })}`);
  }
  if (intent === 'reset') {
    const reset = await client.POST('/api/workers/{id}/reset', { params: { path: { id } } });
    const code = reset.data;
    if (!code) return { error: await pageProblem(request, reset, 'Kode aktivasi baru tidak dapat dibuat. Coba lagi.') };
    return data({ code }, { headers: { 'Cache-Control': 'no-store' } });
  }
  return { error: 'Permintaan tidak dikenal.' };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Worker = LoaderData['page']['items'][number];

export default function Workers() {
  const { filters, page, error, confirm, done, scopeName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useAdminTranslation();
  const code = result && 'code' in result ? result.code : null;
  return (
    <section className="wide">
      <h1>{t('workers.title')}</h1>
      {scopeName ? <p className="hint">{t('scope', { region: scopeName })}</p> : null}
      {code ? <NewCode code={code} /> : null}
      <FormAlert errors={result && 'error' in result ? result.error : null} />
      {done === 'approved' ? (
        <p className="alert alert--ok" role="status">
          {t('workers.approved')}
        </p>
      ) : null}
      {confirm && !code ? <ResetConfirm worker={confirm} back={queryString(filters)} /> : null}
      <AdminList
        filters={<Filters />}
        error={error}
        pager={{ page: page.page, pageSize: page.pageSize, total: page.total, hrefFor: (target) => `/admin/pekerja${queryString(filters, { page: target })}` }}
      >
        <p className="inline-actions">
          <a href={`/admin/pekerja.xlsx${queryString(filters, { page: null })}`} download>
            {t('workers.export')}
          </a>
        </p>
        <ListTable
          id="workers"
          caption={t('workers.caption', { total: formatNumber(page.total, i18n.language) })}
          columns={[t('form.name'), t('form.phone'), t('form.pillar'), t('workers.region'), t('workers.status'), t('actions')]}
          empty={page.items.length === 0 ? t('workers.empty') : null}
        >
          {page.items.map((worker) => (
            <WorkerRow key={worker.id} worker={worker} filters={filters} />
          ))}
        </ListTable>
      </AdminList>
    </section>
  );
}

/** A reset's new activation code, shown this once. */
function NewCode({ code }: { code: { name: string; phone: string; code: string; expiresAt: string } }) {
  const { t, i18n } = useAdminTranslation();
  return (
    <div className="alert alert--ok code-box" role="status" aria-live="polite">
      <h2>{t('workers.codeTitle', { name: code.name })}</h2>
      <p>
        {t('form.phone')}: {formatPhone(code.phone)}
      </p>
      <p className="code-box__code" aria-label={code.code.split('').join(' ')}>
        {formatActivationCode(code.code)}
      </p>
      <p>{t('workers.codeValid', { date: formatDateTime(code.expiresAt, i18n.language) })}</p>
      <p>{t('workers.codeOnce')}</p>
    </div>
  );
}

/** "Reset this worker's code?" after the list's reset link (a GET with `konfirmasi`), then a POST. */
function ResetConfirm({ worker, back }: { worker: { id: string; name: string }; back: string }) {
  const { t } = useAdminTranslation();
  const busy = useNavigation().state !== 'idle';
  return (
    <section className="alert confirm" aria-labelledby="reset-title">
      <h2 id="reset-title">{t('workers.resetTitle', { name: worker.name })}</h2>
      <p id="reset-text">{t('workers.resetText')}</p>
      <Form method="post" action={`/admin/pekerja${back}`} className="inline-actions">
        <input type="hidden" name="intent" value="reset" />
        <input type="hidden" name="id" value={worker.id} />
        <input type="hidden" name="back" value={back} />
        <button type="submit" className="button" disabled={busy}>
          {t('workers.resetConfirm')}
        </button>
        <Link to={`/admin/pekerja${back}`} className="button button--secondary">
          {t('cancel')}
        </Link>
      </Form>
    </section>
  );
}

function Filters() {
  const { filters, regions } = useLoaderData<typeof loader>();
  const { t } = useAdminTranslation();
  return (
    <ListFilters label={t('workers.filters')} clearTo="/admin/pekerja" search={{ label: t('workers.search'), hint: t('workers.searchHint'), value: filters.q }}>
      <FilterSelect
        name="pillar"
        label={t('form.pillar')}
        value={filters.pillar}
        allLabel={t('all')}
        options={PILLARS.map((value) => ({ value, label: t(`pillarShort.${value}`) }))}
      />
      <FilterSelect
        name="status"
        label={t('workers.status')}
        value={filters.status}
        allLabel={t('all')}
        options={USER_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
      />
      <FilterSelect
        name="region"
        label={t('workers.region')}
        value={filters.region}
        allLabel={t('allRegions')}
        options={regions.map((region) => ({ value: region.code, label: `${region.name} (${region.code})` }))}
      />
    </ListFilters>
  );
}

function WorkerRow({ worker, filters }: { worker: Worker; filters: WorkerFilters }) {
  const { t } = useAdminTranslation();
  return (
    <tr>
      <th scope="row">{worker.name}</th>
      <td className="nowrap">{formatPhone(worker.phone)}</td>
      <td>{worker.pillar ? t(`pillarShort.${worker.pillar}`) : '—'}</td>
      <td>{worker.regionName ? `${worker.regionName} (${worker.regionCode})` : worker.regionCode ?? '—'}</td>
      <td>
        <span className={`badge status-badge status-badge--${worker.status.toLowerCase()}`}>{t(`status.${worker.status}`)}</span>
      </td>
      <td>
        <WorkerAction worker={worker} filters={filters} />
      </td>
    </tr>
  );
}

/** Approve a self-registered worker; give an invited or active one a new activation code (after a confirmation). */
function WorkerAction({ worker, filters }: { worker: Worker; filters: WorkerFilters }) {
  const { t } = useAdminTranslation();
  const busy = useNavigation().state !== 'idle';
  const back = queryString(filters);
  if (worker.status === 'PENDING') {
    return (
      <Form method="post" action={`/admin/pekerja${back}`}>
        <input type="hidden" name="intent" value="approve" />
        <input type="hidden" name="id" value={worker.id} />
        <input type="hidden" name="back" value={back} />
        <button type="submit" className="button button--small" disabled={busy} aria-label={t('workers.approveNamed', { name: worker.name })}>
          {t('workers.approve')}
        </button>
      </Form>
    );
  }
  if (worker.status !== 'ACTIVE' && worker.status !== 'INVITED') return null;
  return (
    <Link to={`/admin/pekerja${queryString(filters, { konfirmasi: worker.id })}`} className="button button--small button--secondary" aria-label={t('workers.resetNamed', { name: worker.name })}>
      {t('workers.reset')}
    </Link>
  );
}
