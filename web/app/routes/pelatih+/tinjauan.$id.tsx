import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { RubricTable, StatusBadge } from '~/components/tasks/task-parts';
import { orThrow, throwIfUnavailable } from '~/utils/api-error';
import { formProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import type { components } from '~/utils/api-schema';
import { formatDateTime } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { REVIEWER_ROLES, reviewHandle } from './__review';

type Detail = components['schemas']['SubmissionDetailDto'];
type Decision = components['schemas']['ReviewBody']['decision'];
const DECISIONS: Decision[] = ['pass', 'revise', 'fail'];

export const handle = reviewHandle;
export const meta: MetaFunction = () => [{ title: 'Tinjau laporan tugas — Bimtek Pilar' }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, REVIEWER_ROLES);
  const id = args.params.id ?? '';
  const detail = orThrow(await api(args.request).GET('/api/submissions/{id}', { params: { path: { id } } }));
  return { detail, me: user.id, formKey: newKey() };
}

type ActionResult = { formErrors?: string[]; fieldErrors?: Record<string, string[]> };

/** `claim` holds the submission for 30 minutes; `review` saves the levels, the comment and the decision. */
export async function action(args: ActionFunctionArgs): Promise<ActionResult | Response> {
  await requireUser(args, REVIEWER_ROLES);
  const id = args.params.id ?? '';
  const form = await args.request.formData();
  const client = api(args.request);
  const headers = idempotencyKey(form.get('idempotencyKey'));
  if (form.get('intent') === 'claim') {
    const claimed = await client.POST('/api/submissions/{id}/claim', { params: { path: { id } }, headers });
    throwIfUnavailable(claimed);
    if (claimed.data) return redirect(`/pelatih/tinjauan/${id}?diambil=1`);
    return { formErrors: (await formProblem(args.request, claimed, { fallback: 'Laporan tidak dapat diambil.' })).formErrors };
  }
  const levels: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith('level.') && typeof value === 'string') levels[name.slice('level.'.length)] = value;
  }
  const decision = String(form.get('decision') ?? '') as Decision;
  const comments = String(form.get('comments') ?? '').trim();
  const reviewed = await client.POST('/api/submissions/{id}/review', {
    params: { path: { id } },
    body: { levels, decision, ...(comments ? { comments } : {}) },
    headers,
  });
  throwIfUnavailable(reviewed);
  if (reviewed.data) return redirect(`/pelatih/tinjauan/${id}?dinilai=1`);
  const problem = await formProblem(args.request, reviewed, { fallback: 'Penilaian belum tersimpan. Coba lagi.', inputs: ['decision', 'comments'] });
  return { formErrors: problem.formErrors, fieldErrors: problem.fieldErrors };
}

export default function ReviewSubmission() {
  const { detail } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation('tasks');
  return (
    <article className="wide stack">
      <p className="crumbs">
        <Link to="/pelatih/tinjauan">{t('review.back')}</Link>
      </p>
      <h1>{detail.taskTitle}</h1>
      <p>
        <strong>{detail.worker.name}</strong> · {detail.regionCode} · {t('review.attempt', { n: detail.attempt })} · <StatusBadge status={detail.status} />
      </p>
      <p className="meta">
        {t('sentAt', { date: formatDateTime(detail.submittedAt, i18n.language) })} · {t('review.due')}: {formatDateTime(detail.dueAt, i18n.language)}{' '}
        {detail.overdue ? <span className="badge badge--bad">{t('review.lateBadge')}</span> : null}
      </p>
      {params.get('diambil') ? <p className="alert alert--ok" role="status">{t('review.claimed')}</p> : null}
      {params.get('dinilai') ? <p className="alert alert--ok" role="status">{t('review.saved')}</p> : null}
      <FormAlert errors={acted?.formErrors} />
      <AppealOf detail={detail} />
      <h2>{t('review.report')}</h2>
      <div className="report" style={{ whiteSpace: 'pre-wrap' }} data-testid="report">
        {detail.report}
      </div>
      <Photos detail={detail} />
      <h2>{t('review.rubric')}</h2>
      <ReviewArea detail={detail} fieldErrors={acted?.fieldErrors} />
      <details className="task-rubric">
        <summary>{t('rubric')}</summary>
        <RubricTable rubric={detail.rubric} reviewer />
      </details>
    </article>
  );
}

/** The worker's appeal of an earlier "fail": the reason and the earlier reviewer's notes. */
function AppealOf({ detail }: { detail: Detail }) {
  const { t } = useTranslation('tasks');
  if (!detail.appealOf) return null;
  return (
    <section className="card stack" data-testid="appeal">
      <h2>
        {t('review.appealTitle')} <span className="badge">{t('review.appealBadge')}</span>
      </h2>
      <p>{t('review.appealIntro', { name: detail.failedBy?.name ?? '—' })}</p>
      <p className="card__title">{t('review.appealReason')}</p>
      <p className="report">{detail.appealOf.reason}</p>
      {detail.appealOf.firstReview.comments ? (
        <>
          <p className="card__title">{t('review.firstComments')}</p>
          <p className="report">{detail.appealOf.firstReview.comments}</p>
        </>
      ) : null}
    </section>
  );
}

function Photos({ detail }: { detail: Detail }) {
  const { t } = useTranslation('tasks');
  return (
    <>
      <h2>{t('review.photos')}</h2>
      {detail.photosDeleted ? (
        <p>{t('review.photosDeleted')}</p>
      ) : detail.photoCount === 0 ? (
        <p>{t('review.noPhotos')}</p>
      ) : (
        <ul className="cards">
          {Array.from({ length: detail.photoCount }, (_, index) => (
            <li key={index}>
              <a href={`/pelatih/tinjauan/${detail.id}/foto/${index + 1}`}>
                <img
                  src={`/pelatih/tinjauan/${detail.id}/foto/${index + 1}`}
                  alt={t('review.photoAlt', { n: index + 1, worker: detail.worker.name })}
                  style={{ maxWidth: '100%', maxHeight: 320 }}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What the reviewer can do now: the decision made, claim first, someone else holds it, or the rubric form. */
function ReviewArea({ detail, fieldErrors }: { detail: Detail; fieldErrors?: Record<string, string[]> }) {
  const { me, formKey } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('tasks');
  if (detail.status !== 'waiting') return <DecidedReview detail={detail} />;
  const until = detail.claimedUntil ? formatDateTime(detail.claimedUntil, i18n.language) : '';
  if (detail.claimedBy && detail.claimedBy.id !== me) return <p>{t('review.claimedByOther', { name: detail.claimedBy.name, time: until })}</p>;
  if (!detail.claimedBy) {
    return (
      <Form method="post" className="stack">
        <p>{t('review.claimFirst')}</p>
        <input type="hidden" name="idempotencyKey" value={formKey} />
        <button type="submit" name="intent" value="claim" className="button">
          {t('review.claim')}
        </button>
      </Form>
    );
  }
  return (
    <Form method="post" className="stack" data-testid="review-form">
      <p className="meta">{t('review.claimedByYou', { time: until })}</p>
      <input type="hidden" name="idempotencyKey" value={formKey} />
      <input type="hidden" name="intent" value="review" />
      {detail.rubric.criteria.map((criterion) => (
        <fieldset key={criterion.id} className="stack">
          <legend>{t('review.levelFor', { criterion: criterion.title })}</legend>
          {criterion.levels.map((level) => (
            <label key={level.levelId} className="choice">
              <input type="radio" name={`level.${criterion.id}`} value={level.levelId} required />
              <span>
                <strong>{detail.rubric.levels.find((candidate) => candidate.id === level.levelId)?.title ?? level.levelId}</strong> — {level.reviewer ?? level.worker}
              </span>
            </label>
          ))}
          {fieldErrors?.[`levels.${criterion.id}`]?.map((error) => (
            <p key={error} className="field-error">
              {error}
            </p>
          ))}
        </fieldset>
      ))}
      <div className="field">
        <label htmlFor="comments">{t('review.comments')}</label>
        <textarea id="comments" name="comments" rows={5} maxLength={4000} />
      </div>
      <fieldset className="stack">
        <legend>{t('review.decision')}</legend>
        {/* An appeal's decision is final: no "revise". */}
        {DECISIONS.filter((decision) => !(detail.appeal && decision === 'revise')).map((decision) => (
          <label key={decision} className="choice">
            <input type="radio" name="decision" value={decision} required />
            <span>{t(`review.${decision}`)}</span>
          </label>
        ))}
        {fieldErrors?.decision?.map((error) => (
          <p key={error} className="field-error">
            {error}
          </p>
        ))}
      </fieldset>
      <button type="submit" className="button">
        {t('review.save')}
      </button>
    </Form>
  );
}

function DecidedReview({ detail }: { detail: Detail }) {
  const { t } = useTranslation('tasks');
  const levelTitle = new Map(detail.rubric.levels.map((level) => [level.id, level.title]));
  return (
    <div className="stack">
      <p>{t('review.decided', { status: t(`status.${detail.status}`) })}</p>
      {detail.levels ? (
        <dl className="rubric">
          {detail.rubric.criteria.map((criterion) => (
            <div key={criterion.id}>
              <dt>{criterion.title}</dt>
              <dd>{levelTitle.get(detail.levels?.[criterion.id] ?? '') ?? '—'}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {detail.comments ? <p className="report">{detail.comments}</p> : null}
    </div>
  );
}
