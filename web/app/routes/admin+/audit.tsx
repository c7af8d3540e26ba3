import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AdminList, ListFilters, ListTable } from '~/components/admin/admin-list';
import { auditActionsByGroup, describeDetails } from '~/components/admin/audit-actions';
import { queryString, readAuditFilters } from '~/components/admin/list-query';
import { adminHandle, useAdminTranslation } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Log audit — Bimtek Pilar' }];

const PAGE_SIZE = 50;

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ADMIN_ROLES);
  const { request } = args;
  const filters = readAuditFilters(new URL(request.url).searchParams);
  const result = await api(request).GET('/api/audit', { params: { query: { ...filters, pageSize: PAGE_SIZE } } });
  throwIfUnavailable(result);
  const { data } = result;
  return {
    filters,
    page: data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE },
    error: data ? null : await pageProblem(request, result, 'Log audit tidak dapat dimuat. Coba lagi sebentar lagi.'),
  };
}

type AuditEntry = ReturnType<typeof useLoaderData<typeof loader>>['page']['items'][number];

export default function Audit() {
  const { filters, page, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useAdminTranslation();
  const actionLabel = (action: string) => t(`auditAction.${action}`, { defaultValue: action });
  const columns = [t('audit.when'), t('audit.action'), t('audit.actor'), t('audit.target'), t('workers.region'), t('audit.ip'), t('audit.details')];
  const filterForm = (
    <ListFilters label={t('audit.filter')} clearTo="/admin/audit">
      <ActionFilter value={filters.action} actionLabel={actionLabel} />
    </ListFilters>
  );
  return (
    <section className="wide">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <AdminList
        filters={filterForm}
        error={error}
        pager={{ page: page.page, pageSize: page.pageSize, total: page.total, hrefFor: (target) => `/admin/audit${queryString(filters, { page: target })}` }}
      >
        <ListTable
          id="audit"
          className="wide-table audit-table"
          caption={t('audit.caption', { total: formatNumber(page.total, i18n.language) })}
          columns={columns}
          empty={page.items.length === 0 ? t('audit.empty') : null}
        >
          {page.items.map((entry) => (
            <AuditRow key={entry.id} entry={entry} actionLabel={actionLabel} />
          ))}
        </ListTable>
      </AdminList>
    </section>
  );
}

/** The action filter: every action the API records, grouped by what it concerns (accounts, workers, events…). */
function ActionFilter({ value, actionLabel }: { value: string | undefined; actionLabel: (action: string) => string }) {
  const { t } = useAdminTranslation();
  return (
    <div className="field">
      <label htmlFor="f-action">{t('audit.action')}</label>
      <select id="f-action" name="action" defaultValue={value ?? ''}>
        <option value="">{t('audit.allActions')}</option>
        {auditActionsByGroup().map(({ group, actions }) => (
          <optgroup key={group} label={t(`audit.group.${group}`)}>
            {actions.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function AuditRow({ entry, actionLabel }: { entry: AuditEntry; actionLabel: (action: string) => string }) {
  const { t, i18n } = useAdminTranslation();
  return (
    <tr>
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
