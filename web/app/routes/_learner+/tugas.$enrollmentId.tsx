import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { RubricTable, StatusBadge, type FieldTask } from '~/components/tasks/task-parts';
import type { RouteHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api, newKey } from '~/utils/api.server';
import { formatDate, formatDateTime } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { isAppeal, sendAppeal, sendReport, type ReportOutcome } from './tugas.server';

/** The worker's field tasks of one enrollment: plain HTML (the form posts multipart without JavaScript). */
export const handle = { hydrate: false, i18n: ['common', 'learner', 'tasks'] } satisfies RouteHandle;
export const meta: MetaFunction = () => [{ title: 'Tugas lapangan — Bimtek Pilar' }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const id = args.params.enrollmentId ?? '';
  const list = orThrow(await api(args.request).GET('/api/enrollments/{id}/tasks', { params: { path: { id } } }));
  return { enrollmentId: id, tasks: list.items, formKey: newKey() };
}

export async function action(args: ActionFunctionArgs): Promise<ReportOutcome | Response> {
  await requireUser(args);
  const enrollmentId = args.params.enrollmentId ?? '';
  const outcome = isAppeal(args.request) ? await sendAppeal(args.request) : await sendReport(args.request, enrollmentId);
  if ('sent' in outcome) return redirect(`/tugas/${enrollmentId}?${outcome.appeal ? 'banding' : 'terkirim'}=1#tugas-${outcome.taskId}`);
  return outcome;
}

export default function FieldTasksPage() {
  const { tasks } = useLoaderData<typeof loader>();
  const { t } = useTranslation('tasks');
  const [params] = useSearchParams();
  return (
    <article className="stack">
      <p className="crumbs">
        <Link to="/belajar">{t('backToCourse')}</Link>
      </p>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {params.get('terkirim') ? (
        <p className="alert alert--ok" role="status">
          {t('form.sent')}
        </p>
      ) : null}
      {params.get('banding') ? (
        <p className="alert alert--ok" role="status">
          {t('appeal.sent')}
        </p>
      ) : null}
      <p className="sync-status" data-task-queue role="status" aria-live="polite" hidden data-pending={t('form.queued')} data-failed={t('form.queueRefused')} />
      {tasks.length === 0 ? <p>{t('none')}</p> : tasks.map((task) => <TaskSection key={task.id} task={task} />)}
    </article>
  );
}

function TaskSection({ task }: { task: FieldTask }) {
  const { t } = useTranslation('tasks');
  return (
    <section id={`tugas-${task.id}`} className="stack" aria-labelledby={`judul-${task.id}`}>
      <h2 id={`judul-${task.id}`}>{task.title}</h2>
      <p>
        <StatusBadge status={task.status} /> <span className="meta">{t('minutes', { count: task.minutes })}</span>
      </p>
      <h3>{t('instructions')}</h3>
      <div className="prose" dangerouslySetInnerHTML={{ __html: task.instructionsHtml }} />
      <HandIn task={task} />
      <details className="task-rubric">
        <summary>{t('rubric')}</summary>
        <RubricTable rubric={task.rubric} />
      </details>
      <p className="meta">
        {t('deadline', { days: task.reviewDays })} {task.resubmissions > 0 ? t('resubmissions', { count: task.resubmissions }) : null}
      </p>
      <History task={task} />
      {task.canSubmit ? <ReportForm task={task} /> : null}
      {task.canAppeal ? <AppealForm task={task} /> : null}
    </section>
  );
}

function HandIn({ task }: { task: FieldTask }) {
  const { t } = useTranslation('tasks');
  return (
    <>
      <h3>{t('handIn')}</h3>
      <ul>
        <li>{task.reportMinWords ? t('handInReportMin', { count: task.reportMinWords }) : t('handInReport')}</li>
        <li>{task.photos.max > 0 ? t('handInPhotos', { min: task.photos.min, max: task.photos.max }) : t('handInNoPhotos')}</li>
        {task.checklist.length > 0 ? <li>{t('handInChecklist')}</li> : null}
      </ul>
    </>
  );
}

/** Every hand-in, newest first, with the reviewer's levels and comments. */
function History({ task }: { task: FieldTask }) {
  const { t, i18n } = useTranslation('tasks');
  if (task.submissions.length === 0) return null;
  const levelTitle = new Map(task.rubric.levels.map((level) => [level.id, level.title]));
  return (
    <>
      <h3>{t('history')}</h3>
      <ol className="stack" reversed>
        {[...task.submissions].reverse().map((submission) => (
          <li key={submission.id} className="card" data-testid={`kiriman-${submission.attempt}`}>
            <p className="card__title">
              {t('attempt', { n: submission.attempt })} <StatusBadge status={submission.status} />
            </p>
            <p className="meta">
              {t('sentAt', { date: formatDateTime(submission.submittedAt, i18n.language) })} · {t('photoCount', { count: submission.photoCount })}
              {submission.status === 'waiting' ? <> · {t('deadlineOf', { date: formatDate(submission.dueAt, i18n.language) })}</> : null}
              {submission.reviewedAt ? <> · {t('reviewedAt', { date: formatDateTime(submission.reviewedAt, i18n.language) })}</> : null}
            </p>
            {submission.levels ? (
              <dl className="rubric">
                {task.rubric.criteria.map((criterion) => (
                  <div key={criterion.id}>
                    <dt>{criterion.title}</dt>
                    <dd>{levelTitle.get(submission.levels?.[criterion.id] ?? '') ?? '—'}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {submission.comments ? (
              <>
                <p className="card__title">{t('comments')}</p>
                <p className="report">{submission.comments}</p>
              </>
            ) : null}
            {submission.appeal ? <AppealNote appeal={submission.appeal} /> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

type Appeal = NonNullable<FieldTask['submissions'][number]['appeal']>;

/** The worker's appeal and the "fail" it replaced (the submission's own result is the appeal's decision). */
function AppealNote({ appeal }: { appeal: Appeal }) {
  const { t, i18n } = useTranslation('tasks');
  return (
    <div className="stack" data-testid="banding">
      <p className="card__title">{t('appeal.yours')}</p>
      <p className="report">{appeal.reason}</p>
      <p className="meta">
        {t('sentAt', { date: formatDateTime(appeal.appealedAt, i18n.language) })} · {t('appeal.final')}
      </p>
      <p className="meta">
        {t('appeal.firstReview')} ({formatDateTime(appeal.firstReview.reviewedAt, i18n.language)})
      </p>
      {appeal.firstReview.comments ? <p className="report">{appeal.firstReview.comments}</p> : null}
    </div>
  );
}

/** The appeal of a failed hand-in (once): a reason, posted as a plain form (no JavaScript needed). */
function AppealForm({ task }: { task: FieldTask }) {
  const { formKey } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useTranslation('tasks');
  const mine = outcome && 'error' in outcome && outcome.appeal && outcome.taskId === task.id ? outcome : null;
  const latest = task.submissions.at(-1);
  if (!latest) return null;
  const error = mine?.fieldErrors?.reason?.[0] ?? '';
  return (
    <Form method="post" className="card stack" aria-labelledby={`banding-${task.id}`}>
      <h3 id={`banding-${task.id}`}>{t('appeal.title')}</h3>
      <p>{t('appeal.intro')}</p>
      <FormAlert errors={mine?.formErrors} />
      <input type="hidden" name="idempotencyKey" value={formKey} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="submissionId" value={latest.id} />
      <div className="field">
        <label htmlFor={`reason-${task.id}`}>{t('appeal.reason')}</label>
        <textarea
          id={`reason-${task.id}`}
          name="reason"
          rows={6}
          required
          minLength={20}
          maxLength={2000}
          defaultValue={mine?.report ?? ''}
          aria-describedby={`reason-hint-${task.id} reason-error-${task.id}`}
          aria-invalid={error ? true : undefined}
        />
        <p className="hint" id={`reason-hint-${task.id}`}>
          {t('appeal.reasonHint')}
        </p>
        <p className="field-error" id={`reason-error-${task.id}`}>
          {error}
        </p>
      </div>
      <button type="submit" className="button">
        {t('appeal.submit')}
      </button>
    </Form>
  );
}

/** The report form: text, photos, the task's checklist and the privacy statement. Works without JavaScript. */
function ReportForm({ task }: { task: FieldTask }) {
  const { formKey } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useTranslation('tasks');
  const mine = outcome && 'error' in outcome && !outcome.appeal && outcome.taskId === task.id ? outcome : null;
  const again = task.submissions.length > 0;
  const latest = task.submissions.at(-1);
  const fieldError = (name: string) => mine?.fieldErrors?.[name]?.[0] ?? '';
  return (
    <Form method="post" encType="multipart/form-data" className="card stack" data-task-form aria-labelledby={`form-${task.id}`}>
      <h3 id={`form-${task.id}`}>{again ? t('form.titleAgain') : t('form.title')}</h3>
      <FormAlert errors={mine?.formErrors} />
      <input type="hidden" name="idempotencyKey" value={formKey} />
      <input type="hidden" name="taskId" value={task.id} />
      <div className="field">
        <label htmlFor={`report-${task.id}`}>{t('form.report')}</label>
        <textarea
          id={`report-${task.id}`}
          name="report"
          rows={14}
          required
          maxLength={20000}
          defaultValue={mine?.report ?? latest?.report ?? task.reportTemplate ?? ''}
          aria-describedby={`report-hint-${task.id} report-error-${task.id}`}
          aria-invalid={fieldError('report') ? true : undefined}
        />
        <p className="hint" id={`report-hint-${task.id}`}>
          {t('form.reportHint')}
        </p>
        <p className="field-error" id={`report-error-${task.id}`}>
          {fieldError('report')}
        </p>
      </div>
      {task.photos.max > 0 ? (
        <div className="field">
          <label htmlFor={`photos-${task.id}`}>{t('form.photos', { min: task.photos.min, max: task.photos.max })}</label>
          <input
            id={`photos-${task.id}`}
            type="file"
            name="photos"
            accept="image/*"
            multiple
            required={task.photos.min > 0}
            data-max={task.photos.max}
            data-blur-label={t('form.blur')}
            data-blur-hint={t('form.blurHint')}
            aria-describedby={`photos-hint-${task.id} photos-error-${task.id}`}
            aria-invalid={fieldError('photos') ? true : undefined}
          />
          <p className="hint" id={`photos-hint-${task.id}`}>
            {t('form.photosHint')}
          </p>
          <p className="field-error" id={`photos-error-${task.id}`}>
            {fieldError('photos')}
          </p>
        </div>
      ) : null}
      <fieldset className="stack" aria-describedby={`check-error-${task.id}`}>
        <legend>{t('form.privacyTitle')}</legend>
        <label className="choice">
          <input type="checkbox" name="privacy" value="1" required />
          <span>{t('form.privacy')}</span>
        </label>
        {task.checklist.map((item, index) => (
          <label key={item} className="choice">
            <input type="checkbox" name="checklist" value={String(index)} required />
            <span>{item}</span>
          </label>
        ))}
        <p className="field-error" id={`check-error-${task.id}`}>
          {fieldError('privacy')}
        </p>
      </fieldset>
      <button type="submit" className="button">
        {t('form.submit')}
      </button>
    </Form>
  );
}
