import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { FormAlert } from '~/components/forms';
import { ReviewTable, type ReviewColumn, type ReviewItem } from '~/components/tasks/review-table';
import type { RouteHandle } from '~/route-handles';
import { useAdminTranslation } from '~/route-handles';
import { orThrow, throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

type Trainer = { id: string; name: string; regionCode: string | null };

export const handle = { i18n: ['common', 'admin', 'tasks'] } satisfies RouteHandle;
export const meta: MetaFunction = () => [{ title: 'Penilaian terlambat — Bimtek Pilar' }];

const DAY_MS = 24 * 3600 * 1000;

/**
 * Field task reviews past their deadline in the admin's region (issue #16): per reviewer (who last took it) and, for
 * the national admin, per regency; each overdue report can be given to another trainer of the region or released.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, [...ADMIN_ROLES]);
  const client = api(args.request);
  const [summary, queue, trainers] = await Promise.all([
    client.GET('/api/reviews/overdue-summary'),
    client.GET('/api/reviews', { params: { query: { status: 'overdue' } } }),
    client.GET('/api/users', { params: { query: { role: 'PELATIH', pageSize: 100 } } }),
  ]);
  throwIfUnavailable(trainers);
  const picks: Trainer[] = (trainers.data?.items ?? []).filter((item) => item.status === 'ACTIVE').map(({ id, name, regionCode }) => ({ id, name, regionCode }));
  return { national: user.role === 'ADMIN_PUSAT', summary: orThrow(summary), items: orThrow(queue).items, trainers: picks, now: Date.now() };
}

/** Give one overdue report to a trainer (or release it: the empty choice). */
export async function action(args: ActionFunctionArgs) {
  await requireUser(args, [...ADMIN_ROLES]);
  const form = await args.request.formData();
  const id = String(form.get('id') ?? '');
  const reviewerId = String(form.get('reviewerId') ?? '');
  const result = await api(args.request).POST('/api/submissions/{id}/assign', { params: { path: { id } }, body: { reviewerId: reviewerId || null } });
  throwIfUnavailable(result);
  if (result.data) return redirect('/admin/tinjauan?dipindah=1');
  return { error: await pageProblem(args.request, result, 'Penilai belum dipindah. Coba lagi.') };
}

export default function OverdueReviews() {
  const { national, summary, items } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useAdminTranslation();
  return (
    <section className="wide stack">
      <p className="crumbs">
        <Link to="/admin">{t('nav.home')}</Link>
      </p>
      <h1>{t('tasks:oversight.title')}</h1>
      <p>{t('tasks:oversight.intro', { count: summary.total, total: formatNumber(summary.total, i18n.language) })}</p>
      {params.get('dipindah') ? (
        <p className="alert alert--ok" role="status">
          {t('tasks:oversight.moved')}
        </p>
      ) : null}
      <FormAlert errors={acted?.error} />
      {national ? <ByRegion /> : null}
      <ByReviewer />
      <h2>{t('tasks:oversight.reports')}</h2>
      {items.length === 0 ? <p>{t('tasks:review.emptyOverdue')}</p> : <OverdueTable items={items} />}
    </section>
  );
}

function ByReviewer() {
  const { summary } = useLoaderData<typeof loader>();
  const { t } = useAdminTranslation();
  const rows = summary.byReviewer.map((row) => ({ ...row, key: row.reviewer?.id ?? 'none', name: row.reviewer?.name ?? t('tasks:oversight.nobody') }));
  return <OverdueCounts testId="overdue-by-reviewer" heading={t('tasks:oversight.byReviewer')} nameHeading={t('tasks:oversight.reviewer')} rows={rows} />;
}

function ByRegion() {
  const { summary } = useLoaderData<typeof loader>();
  const { t } = useAdminTranslation();
  const rows = summary.byRegion.map((row) => ({ ...row, key: row.regionCode, name: row.regionCode }));
  return <OverdueCounts testId="overdue-by-region" heading={t('tasks:oversight.byRegion')} nameHeading={t('tasks:oversight.region')} rows={rows} />;
}

/** How many reviews are overdue per reviewer or per region, and the longest overdue of each; nothing when none is. */
function OverdueCounts({ testId, heading, nameHeading, rows }: { testId: string; heading: string; nameHeading: string; rows: { key: string; name: string; count: number; maxDaysOverdue: number }[] }) {
  const { t, i18n } = useAdminTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <h2>{heading}</h2>
      <div className="table-wrap">
        <table className="audit-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{nameHeading}</th>
              <th scope="col">{t('tasks:oversight.count')}</th>
              <th scope="col">{t('tasks:oversight.longest')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>{row.name}</td>
                <td>{formatNumber(row.count, i18n.language)}</td>
                <td>{t('tasks:oversight.days', { count: row.maxDaysOverdue })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function OverdueTable({ items }: { items: ReviewItem[] }) {
  const { now } = useLoaderData<typeof loader>();
  const { t, i18n } = useAdminTranslation();
  const daysOverdue = (item: ReviewItem) => Math.floor((now - new Date(item.dueAt).getTime()) / DAY_MS);
  const columns: ReviewColumn[] = [
    {
      heading: t('tasks:review.due'),
      cell: (item) => (
        <>
          {formatDateTime(item.dueAt, i18n.language)}
          <br />
          <span className="badge badge--bad">{t('tasks:oversight.days', { count: daysOverdue(item) })}</span>
        </>
      ),
    },
    { heading: t('tasks:review.claimedBy'), cell: (item) => item.claimedBy?.name ?? '—' },
    { heading: t('tasks:oversight.assign'), cell: (item) => <AssignForm item={item} /> },
  ];
  return <ReviewTable testId="overdue-reports" items={items} columns={columns} />;
}

/** Trainers whose region holds the worker's (the API checks it again). */
function AssignForm({ item }: { item: ReviewItem }) {
  const { trainers } = useLoaderData<typeof loader>();
  const { t } = useAdminTranslation();
  const fits = trainers.filter((trainer) => trainer.regionCode && (item.regionCode === trainer.regionCode || item.regionCode.startsWith(`${trainer.regionCode}.`)));
  return (
    <Form method="post" className="inline-actions">
      <input type="hidden" name="id" value={item.id} />
      <label className="visually-hidden" htmlFor={`reviewer-${item.id}`}>
        {t('tasks:oversight.assignTo', { worker: item.worker.name })}
      </label>
      <select id={`reviewer-${item.id}`} name="reviewerId" defaultValue="">
        <option value="">{t('tasks:oversight.release')}</option>
        {fits.map((trainer) => (
          <option key={trainer.id} value={trainer.id}>
            {trainer.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small">
        {t('tasks:oversight.save')}
      </button>
    </Form>
  );
}
