import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { problemOf } from '~/components/account/api-problem';
import { formatDateTime, formatNumber } from '~/components/account/format';
import { AUDIT_ACTIONS, describeDetails } from '~/components/admin/audit-actions';
import { queryString, readAuditFilters } from '~/components/admin/list-query';
import { FilterActions, FilterSelect } from '~/components/admin/filters';
import { Pager } from '~/components/admin/pager';
import { ADMIN_ROLES } from '~/components/admin/scope.server';
import { api, requireUser } from '~/utils/session.server';
import { useAccountTranslation, adminHandle } from '~/components/account/i18n';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Log audit — Bimtek Pilar' }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ADMIN_ROLES);
  const filters = readAuditFilters(new URL(request.url).searchParams);
  const result = await api(request).GET('/api/audit', { params: { query: { ...filters, pageSize: PAGE_SIZE } } });
  const { data } = result;
  return {
    filters,
    page: data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE },
    error: data ? null : problemOf(result, 'Log audit tidak dapat dimuat. Coba lagi sebentar lagi.'),
  };
}

export default function Audit() {
  const { filters, page, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useAccountTranslation();
  const actionLabel = (action: string) => t(`auditAction.${action}`, { defaultValue: action });
  return (
    <section className="wide">
      <h1>{t('admin.audit.title')}</h1>
      <p>{t('admin.audit.intro')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('admin.audit.filter')}>
        <FilterSelect
          name="action"
          label={t('admin.audit.action')}
          value={filters.action}
          allLabel={t('admin.audit.allActions')}
          options={AUDIT_ACTIONS.map((action) => ({ value: action, label: actionLabel(action) }))}
        />
        <FilterActions clearTo="/admin/audit" />
      </Form>
      {error ? (
        <p className="alert alert--bad" role="alert">
          {error}
        </p>
      ) : null}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-caption">
        <table className="wide-table audit-table">
          <caption id="audit-caption">{t('admin.audit.caption', { total: formatNumber(page.total, i18n.language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.when')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.target')}</th>
              <th scope="col">{t('admin.workers.region')}</th>
              <th scope="col">{t('admin.audit.ip')}</th>
              <th scope="col">{t('admin.audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 ? (
              <tr>
                <td colSpan={7}>{t('admin.audit.empty')}</td>
              </tr>
            ) : (
              page.items.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row" className="nowrap">
                    {formatDateTime(entry.at, i18n.language)}
                  </th>
                  <td>{actionLabel(entry.action)}</td>
                  <td>
                    {entry.actorName ?? t('admin.audit.nobody')}
                    {entry.actorRole ? <span className="hint"> ({t(`role.${entry.actorRole}`, { defaultValue: entry.actorRole })})</span> : null}
                  </td>
                  <td>
                    {entry.targetType ? t(`admin.audit.targetType.${entry.targetType}`, { defaultValue: entry.targetType }) : '—'} {shortId(entry.targetId)}
                  </td>
                  <td>{entry.regionCode ?? '—'}</td>
                  <td className="nowrap">{entry.ip ?? '—'}</td>
                  <td className="details-cell">{describeDetails(entry.details) || '—'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager page={page.page} pageSize={page.pageSize} total={page.total} hrefFor={(target) => `/admin/audit${queryString(filters, { page: target })}`} />
    </section>
  );
}

/** Ids are uuids: the first block is enough to tell entries apart on screen (the full id is in the title). */
function shortId(id: string | null) {
  if (!id) return null;
  return (
    <abbr title={id} className="id">
      {id.length > 12 ? id.slice(0, 8) : id}
    </abbr>
  );
}
