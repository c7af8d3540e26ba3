import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { formatDateTime, formatNumber } from '~/utils/format';
import { AUDIT_ACTIONS, describeDetails } from '~/components/admin/audit-actions';
import { queryString, readAuditFilters } from '~/components/admin/list-query';
import { FilterActions, FilterSelect } from '~/components/admin/filters';
import { Pager } from '~/components/admin/pager';
import { ADMIN_ROLES } from './scope.server';
import { requireUser } from '~/utils/session.server';
import { useAdminTranslation, adminHandle } from '~/route-handles';
import { api } from '~/utils/api.server';
import { pageProblem } from '~/utils/api-problem.server';
import { FormAlert } from '~/components/forms';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Log audit — Bimtek Pilar' }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context }, ADMIN_ROLES);
  const filters = readAuditFilters(new URL(request.url).searchParams);
  const result = await api(request).GET('/api/audit', { params: { query: { ...filters, pageSize: PAGE_SIZE } } });
  const { data } = result;
  return {
    filters,
    page: data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE },
    error: data ? null : await pageProblem(request, result, 'Log audit tidak dapat dimuat. Coba lagi sebentar lagi.'),
  };
}

export default function Audit() {
  const { filters, page, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useAdminTranslation();
  const actionLabel = (action: string) => t(`auditAction.${action}`, { defaultValue: action });
  return (
    <section className="wide">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('audit.filter')}>
        <FilterSelect
          name="action"
          label={t('audit.action')}
          value={filters.action}
          allLabel={t('audit.allActions')}
          options={AUDIT_ACTIONS.map((action) => ({ value: action, label: actionLabel(action) }))}
        />
        <FilterActions clearTo="/admin/audit" />
      </Form>
      <FormAlert errors={error} />
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-caption">
        <table className="wide-table audit-table">
          <caption id="audit-caption">{t('audit.caption', { total: formatNumber(page.total, i18n.language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('workers.region')}</th>
              <th scope="col">{t('audit.ip')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 ? (
              <tr>
                <td colSpan={7}>{t('audit.empty')}</td>
              </tr>
            ) : (
              page.items.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row" className="nowrap">
                    {formatDateTime(entry.at, i18n.language)}
                  </th>
                  <td>{actionLabel(entry.action)}</td>
                  <td>
                    {entry.actorName ?? t('audit.nobody')}
                    {entry.actorRole ? <span className="hint"> ({t(`role.${entry.actorRole}`, { defaultValue: entry.actorRole })})</span> : null}
                  </td>
                  <td>
                    {entry.targetType ? t(`audit.targetType.${entry.targetType}`, { defaultValue: entry.targetType }) : '—'} {shortId(entry.targetId)}
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
