import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { FormAlert } from '~/components/forms';
import { Agenda, CancelledNotice, eventsTrainerHandle, useEventsTranslation } from '~/components/events/shared';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { formatDateTime, type ZoneName } from '~/utils/format';
import { CancelEvent } from './__cancel-event';
import { cancelStep } from './cancel-event.server';
import { requireEventStaff } from './events.server';

export const handle = eventsTrainerHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.title ?? 'Kegiatan'} — Bimtek Pilar` }];

export async function loader(args: LoaderFunctionArgs) {
  await requireEventStaff(args);
  const client = api(args.request);
  const path = { id: args.params.id ?? '' };
  const event = orThrow(await client.GET('/api/events/{id}', { params: { path } }));
  const settled = Boolean(event.closedAt || event.cancelledAt);
  const [roster, candidates] = await Promise.all([
    client.GET('/api/events/{id}/participants', { params: { path } }).then(orThrow),
    settled ? Promise.resolve({ items: [], total: 0 }) : client.GET('/api/events/{id}/candidates', { params: { path } }).then(orThrow),
  ]);
  // Offered while the API would accept it: not closed or cancelled, nobody checked in, the last day not over.
  const lastEnd = event.days.at(-1)?.endsAt;
  const cancellable = !settled && roster.items.every((p) => p.attendedDays.length === 0) && (!lastEnd || new Date(lastEnd).getTime() > Date.now());
  return { event, roster: roster.items, candidates: candidates.items, cancellable, formKey: newKey() };
}

export async function action(args: ActionFunctionArgs) {
  await requireEventStaff(args);
  const form = await args.request.formData();
  const client = api(args.request);
  const path = { id: args.params.id ?? '' };
  const headers = idempotencyKey(form.get('idempotencyKey'));
  const intent = form.get('intent');
  if (intent === 'cancel-check' || intent === 'cancel') {
    const cancel = await cancelStep(args.request, path.id, form);
    return cancel.step === 'done' ? redirect(`/pelatih/kegiatan/${path.id}?dibatalkan=1`) : { cancel };
  }
  if (intent === 'close') {
    const result = await client.POST('/api/events/{id}/close', { params: { path }, headers });
    if (!result.data) return { error: await pageProblem(args.request, result, 'Kegiatan belum dapat ditutup.') };
    return redirect(`/pelatih/kegiatan/${path.id}`);
  }
  const workerIds = form.getAll('workerIds').map(String);
  const result = await client.POST('/api/events/{id}/invitations', { params: { path }, body: { workerIds }, headers });
  if (!result.data) return { error: await pageProblem(args.request, result, 'Undangan belum terkirim.') };
  const { invited, waitlisted, alreadyInvited } = result.data;
  return redirect(`/pelatih/kegiatan/${path.id}?diundang=${invited}&tunggu=${waitlisted}&sudah=${alreadyInvited}`);
}

export default function TrainerEvent() {
  const { event, cancellable, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useEventsTranslation();
  const zone = event.zone as ZoneName;
  return (
    <section className="wide">
      <p className="crumbs">
        <Link to="/pelatih/kegiatan">{t('trainer.listTitle')}</Link>
      </p>
      <h1>{event.title}</h1>
      <p>{t('trainer.facts', { region: event.regionName, venue: event.venue, zone: event.zone })}</p>
      {params.get('dibuat') ? <p className="alert alert--ok" role="status">{t('trainer.created')}</p> : null}
      {params.has('diundang') ? (
        <p className="alert alert--ok" role="status">
          {t('trainer.invited', { invited: params.get('diundang'), waitlisted: params.get('tunggu'), already: params.get('sudah') })}
        </p>
      ) : null}
      {params.get('dibatalkan') ? <p className="alert alert--ok" role="status">{t('trainer.cancelDone')}</p> : null}
      <FormAlert errors={actionData && 'error' in actionData ? actionData.error : null} />
      <CancelledNotice event={event} />
      {event.closedAt ? <p className="alert">{t('trainer.closedAt', { at: formatDateTime(event.closedAt, i18n.language, { zone }) })}</p> : null}
      <ul className="actions">
        {event.cancelledAt ? null : (
          <li>
            <Link className="button" to={`/pelatih/kegiatan/${event.id}/ruang`}>
              {t('trainer.room')}
            </Link>
          </li>
        )}
        <li>
          <a href={`/pelatih/kegiatan/${event.id}/laporan.xlsx`} download>
            {t('trainer.report')}
          </a>
        </li>
        <li>
          <a href={`/pelatih/kegiatan/${event.id}/laporan.pdf`} download>
            {t('trainer.reportPdf')}
          </a>
        </li>
      </ul>
      <h2>{t('trainer.overview')}</h2>
      <p>{t('trainer.totalJp', { minutes: event.learningMinutes, jp: event.jp })}</p>
      <Agenda event={event} />
      <Roster />
      {event.closedAt || event.cancelledAt ? null : <Invite />}
      {event.closedAt || event.cancelledAt ? null : <CloseEvent />}
      {cancellable ? (
        <CancelEvent
          eventId={event.id}
          title={event.title}
          invited={event.invited}
          formKey={formKey}
          step={actionData && 'cancel' in actionData ? (actionData.cancel ?? null) : null}
        />
      ) : null}
    </section>
  );
}

function Roster() {
  const { roster } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  return (
    <>
      <h2>{t('trainer.rosterTitle')}</h2>
      {roster.length === 0 ? (
        <p>{t('trainer.rosterEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="roster">
            <thead>
              <tr>
                <th scope="col">{t('trainer.rosterColumns.no')}</th>
                <th scope="col">{t('trainer.rosterColumns.name')}</th>
                <th scope="col">{t('trainer.rosterColumns.status')}</th>
                <th scope="col">{t('trainer.rosterColumns.days')}</th>
                <th scope="col">{t('trainer.rosterColumns.jp')}</th>
              </tr>
            </thead>
            <tbody>
              {roster.map((p, index) => (
                <tr key={p.workerId}>
                  <td>{index + 1}</td>
                  <td>{p.name}</td>
                  <td>{t(`status.${p.status}`)}</td>
                  <td>{p.attendedDays.join(', ') || '—'}</td>
                  <td>{p.jp}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Picking workers of the event's region: check boxes, posted as `workerIds`. */
function Invite() {
  const { candidates, formKey } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  const open = candidates.filter((c) => !c.onRoster);
  return (
    <Form method="post" className="card" id="invite">
      <h2>{t('trainer.inviteTitle')}</h2>
      <p>{t('trainer.inviteIntro')}</p>
      <input type="hidden" name="idempotencyKey" value={formKey} />
      <input type="hidden" name="intent" value="invite" />
      {candidates.length === 0 ? (
        <p>{t('trainer.noCandidates')}</p>
      ) : (
        <fieldset>
          <legend>{t('trainer.inviteTitle')}</legend>
          <label className="choice">
            <input
              type="checkbox"
              onChange={(e) => {
                const boxes = document.querySelectorAll<HTMLInputElement>('#invite input[name="workerIds"]:not(:disabled)');
                boxes.forEach((box) => (box.checked = e.target.checked));
              }}
            />{' '}
            {t('trainer.selectAll')} ({open.length})
          </label>
          <ul className="roster-list">
            {candidates.map((c) => (
              <li key={c.workerId}>
                <label className="choice">
                  <input type="checkbox" name="workerIds" value={c.workerId} disabled={c.onRoster} defaultChecked={false} /> {c.name}
                  {c.onRoster ? <span className="meta"> ({t('trainer.onRoster')})</span> : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <button type="submit" className="button" disabled={open.length === 0}>
        {t('trainer.invite')}
      </button>
    </Form>
  );
}

function CloseEvent() {
  const { formKey } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  return (
    <Form method="post" className="card">
      <h2>{t('trainer.close')}</h2>
      <p>{t('trainer.closeHint')}</p>
      <input type="hidden" name="idempotencyKey" value={`close-${formKey}`} />
      <input type="hidden" name="intent" value="close" />
      <button type="submit" className="button button--secondary">
        {t('trainer.close')}
      </button>
    </Form>
  );
}
