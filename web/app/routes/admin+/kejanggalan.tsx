import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AdminList, FilterSelect, ListFilters, ListTable } from '~/components/admin/admin-list';
import { queryString, readIntegrityFlagFilters } from '~/components/admin/list-query';
import { adminHandle, useAdminTranslation } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { INTEGRITY_FLAG_KINDS } from '~/utils/api-types';
import { api } from '~/utils/api.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

export const handle = adminHandle;
export const meta: MetaFunction = () => [{ title: 'Kejanggalan ujian — Bimtek Pilar' }];

const PAGE_SIZE = 50;

/** Integrity flags (decision 023): post-tests passed implausibly fast, and the same answers from several workers. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ADMIN_ROLES);
  const { request } = args;
  const filters = readIntegrityFlagFilters(new URL(request.url).searchParams);
  const result = await api(request).GET('/api/integrity-flags', { params: { query: { ...filters, pageSize: PAGE_SIZE } } });
  throwIfUnavailable(result);
  const { data } = result;
  return {
    filters,
    page: data ?? { items: [], total: 0, page: filters.page, pageSize: PAGE_SIZE },
    error: data ? null : await pageProblem(request, result, 'Daftar kejanggalan tidak dapat dimuat. Coba lagi sebentar lagi.'),
  };
}

type Flag = ReturnType<typeof useLoaderData<typeof loader>>['page']['items'][number];

export default function IntegrityFlags() {
  const { filters, page, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useAdminTranslation();
  const filterForm = (
    <ListFilters label={t('integrity.filter')} clearTo="/admin/kejanggalan">
      <FilterSelect
        name="kind"
        label={t('integrity.kind')}
        value={filters.kind}
        allLabel={t('integrity.allKinds')}
        options={INTEGRITY_FLAG_KINDS.map((kind) => ({ value: kind, label: t(`integrity.kind_${kind}`) }))}
      />
    </ListFilters>
  );
  return (
    <section className="wide">
      <h1>{t('integrity.title')}</h1>
      <p>{t('integrity.intro')}</p>
      <AdminList
        filters={filterForm}
        error={error}
        pager={{ page: page.page, pageSize: page.pageSize, total: page.total, hrefFor: (target) => `/admin/kejanggalan${queryString(filters, { page: target })}` }}
      >
        <ListTable
          id="integrity-flags"
          className="wide-table"
          caption={t('integrity.caption', { total: formatNumber(page.total, i18n.language) })}
          columns={[t('integrity.when'), t('integrity.kind'), t('integrity.worker'), t('workers.region'), t('integrity.course'), t('integrity.why')]}
          empty={page.items.length === 0 ? t('integrity.empty') : null}
        >
          {page.items.map((flag) => (
            <FlagRow key={`${flag.kind}-${flag.attemptId}`} flag={flag} />
          ))}
        </ListTable>
      </AdminList>
    </section>
  );
}

function FlagRow({ flag }: { flag: Flag }) {
  const { t, i18n } = useAdminTranslation();
  const why =
    flag.kind === 'FAST_COMPLETION'
      ? t('integrity.fast', { taken: formatNumber(flag.minutesTaken ?? 0, i18n.language), minimum: formatNumber(flag.minimumMinutes ?? 0, i18n.language) })
      : t('integrity.same', { count: flag.otherWorkers ?? 0, group: flag.group ?? '' });
  return (
    <tr>
      <th scope="row" className="nowrap">
        {formatDateTime(flag.submittedAt, i18n.language)}
      </th>
      <td>{t(`integrity.kind_${flag.kind}`)}</td>
      <td>{flag.workerName ?? '—'}</td>
      <td>{flag.regionName ?? flag.regionCode ?? '—'}</td>
      <td>{flag.courseTitle ?? '—'}</td>
      <td>{why}</td>
    </tr>
  );
}
