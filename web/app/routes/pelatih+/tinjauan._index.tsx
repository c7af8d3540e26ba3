import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { ReviewTable, type ReviewColumn, type ReviewItem } from '~/components/tasks/review-table';
import { orThrow, throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey } from '~/utils/api.server';
import { formatDateTime } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { REVIEWER_ROLES, reviewHandle } from './__review';

export const handle = reviewHandle;
export const meta: MetaFunction = () => [{ title: 'Tinjauan tugas lapangan — Bimtek Pilar' }];

/** The review queue of the reviewer's region, oldest first: waiting, or only the overdue ones. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, REVIEWER_ROLES);
  const status = new URL(args.request.url).searchParams.get('status') === 'overdue' ? 'overdue' : 'waiting';
  const queue = orThrow(await api(args.request).GET('/api/reviews', { params: { query: { status } } }));
  return { status, items: queue.items, me: user.id };
}

/** Claim a submission, then open it. */
export async function action(args: ActionFunctionArgs) {
  await requireUser(args, REVIEWER_ROLES);
  const form = await args.request.formData();
  const id = String(form.get('id') ?? '');
  const result = await api(args.request).POST('/api/submissions/{id}/claim', { params: { path: { id } }, headers: idempotencyKey(form.get('idempotencyKey')) });
  throwIfUnavailable(result);
  if (result.data) return redirect(`/pelatih/tinjauan/${id}?diambil=1`);
  return { error: await pageProblem(args.request, result, 'Laporan tidak dapat diambil. Coba lagi.') };
}

export default function ReviewQueue() {
  const { status, items } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useTranslation('tasks');
  return (
    <section className="wide stack">
      <h1>{t('review.title')}</h1>
      <p>{t('review.intro')}</p>
      <nav aria-label={t('review.title')} className="inline-actions">
        <Link to="/pelatih/tinjauan" aria-current={status === 'waiting' ? 'page' : undefined} className={status === 'waiting' ? 'button' : 'button button--secondary'}>
          {t('review.waiting')}
        </Link>
        <Link to="/pelatih/tinjauan?status=overdue" aria-current={status === 'overdue' ? 'page' : undefined} className={status === 'overdue' ? 'button' : 'button button--secondary'}>
          {t('review.overdue')}
        </Link>
      </nav>
      <FormAlert errors={acted?.error ? [acted.error] : undefined} />
      {items.length === 0 ? <p>{status === 'overdue' ? t('review.emptyOverdue') : t('review.empty')}</p> : <QueueTable items={items} />}
    </section>
  );
}

function QueueTable({ items }: { items: ReviewItem[] }) {
  const { t, i18n } = useTranslation('tasks');
  const columns: ReviewColumn[] = [
    { heading: t('review.submitted'), cell: (item) => formatDateTime(item.submittedAt, i18n.language) },
    {
      heading: t('review.due'),
      cell: (item) => (
        <>
          {formatDateTime(item.dueAt, i18n.language)} {item.overdue ? <span className="badge badge--bad">{t('review.lateBadge')}</span> : null}
        </>
      ),
    },
    { heading: t('review.claimedBy'), cell: (item) => item.claimedBy?.name ?? '—' },
    { heading: t('review.open'), cell: (item) => <QueueActions item={item} /> },
  ];
  return <ReviewTable testId="review-queue" caption={t('review.title')} items={items} columns={columns} />;
}

/** Open the report, and claim it unless another reviewer holds it. */
function QueueActions({ item }: { item: ReviewItem }) {
  const { me } = useLoaderData<typeof loader>();
  const { t } = useTranslation('tasks');
  const heldByOther = item.claimedBy && item.claimedBy.id !== me;
  return (
    <div className="inline-actions">
      <Link to={`/pelatih/tinjauan/${item.id}`}>{t('review.open')}</Link>
      {heldByOther ? null : (
        <Form method="post">
          <input type="hidden" name="id" value={item.id} />
          <button type="submit" className="button button--small">
            {t('review.claim')}
          </button>
        </Form>
      )}
    </div>
  );
}
