import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { FormAlert } from '~/components/forms';
import { Agenda, CancelledNotice, eventDates, eventsLearnerHandle, useEventsTranslation } from '~/components/events/shared';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';

export const handle = eventsLearnerHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.title ?? 'Kegiatan'} — Bimtek Pilar` }];

/** One event for the worker: agenda in local time, confirm or decline, check in, personal QR, share on WhatsApp. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  const mine = orThrow(await api(args.request).GET('/api/me/events'));
  const event = mine.items.find((e) => e.id === args.params.id);
  if (!event) throw new Response('Kegiatan tidak ditemukan.', { status: 404 });
  const origin = new URL(args.request.url).origin;
  const started = event.days[0] ? new Date(event.days[0].startsAt).getTime() <= Date.now() : true;
  return { event, checkinLink: `${origin}/kegiatan/${event.id}/hadir`, canAnswer: !started && !event.closedAt && !event.cancelledAt, formKey: newKey() };
}

export async function action(args: ActionFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  const form = await args.request.formData();
  const decision = form.get('decision') === 'decline' ? 'decline' : 'confirm';
  const result = await api(args.request).POST('/api/me/events/{id}/response', {
    params: { path: { id: args.params.id ?? '' } },
    body: { decision },
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  if (!result.data) return { error: await pageProblem(args.request, result, 'Jawaban belum tersimpan.') };
  return redirect(`/kegiatan/${args.params.id}?dijawab=1`);
}

export default function EventPage() {
  const { event, checkinLink } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useEventsTranslation();
  const dates = eventDates(event, i18n.language);
  const share = t('mine.shareText', { title: event.title, dates, venue: `${event.venue}, ${event.regionName}`, link: checkinLink });
  return (
    <article>
      <p className="crumbs">
        <Link to="/kegiatan">{t('mine.title')}</Link>
      </p>
      <h1>{event.title}</h1>
      <p className="meta">{dates}</p>
      <p>
        {event.venue}, {event.regionName}
      </p>
      <p>
        <span className="badge" data-testid="my-status">
          {t(`status.${event.status}`)}
        </span>
      </p>
      {params.get('dijawab') ? <p className="alert alert--ok" role="status">{t('mine.answered')}</p> : null}
      <FormAlert errors={actionData?.error} />
      <CancelledNotice event={event} note={t('mine.cancelledNote')} />
      {event.cancelledAt ? null : event.status === 'WAITLISTED' ? <p>{t('mine.waitlisted')}</p> : <Participation />}
      {event.openTest && event.testCourse && event.status !== 'WAITLISTED' && !event.cancelledAt ? (
        <div className="card" data-testid="room-test">
          <p>{t('mine.testOpen', { test: t(`test.${event.openTest}`) })}</p>
          <p>
            <Link className="button" to={`/kursus/${event.testCourse}`}>
              {t('mine.takeTest', { test: t(`test.${event.openTest}`) })}
            </Link>
          </p>
        </div>
      ) : null}
      {event.attendedDays.length ? (
        <p data-testid="my-jp">
          {t('mine.attended', { days: event.attendedDays.map((day) => t('day', { day })).join(', ') })} · {t('mine.myJp', { jp: event.myJp })}
        </p>
      ) : null}
      <h2>{t('mine.agenda')}</h2>
      <p className="hint">{t('zoneNote', { zone: event.zone })}</p>
      <Agenda event={event} />
      {event.cancelledAt ? null : (
        <p>
          <a className="button button--secondary" href={`https://wa.me/?text=${encodeURIComponent(share)}`} rel="noopener noreferrer" target="_blank">
            {t('mine.share')}
          </a>
        </p>
      )}
    </article>
  );
}

/** Confirm or decline (before the first day), check in, and the personal QR. */
function Participation() {
  const { event, canAnswer, formKey } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  return (
    <>
      {canAnswer ? (
        <div className="inline-actions">
          {(['confirm', 'decline'] as const).map((decision) => (
            <Form method="post" key={decision}>
              <input type="hidden" name="idempotencyKey" value={`${decision}-${formKey}`} />
              <input type="hidden" name="decision" value={decision} />
              <button type="submit" className={decision === 'confirm' ? 'button' : 'button button--secondary'}>
                {t(`mine.${decision}`)}
              </button>
            </Form>
          ))}
        </div>
      ) : null}
      {event.closedAt ? null : (
        <ul className="actions">
          <li>
            <Link className="button" to={`/kegiatan/${event.id}/hadir`}>
              {t('mine.checkinTitle')}
            </Link>
          </li>
          <li>
            <Link to={`/kegiatan/${event.id}/qr`}>{t('mine.qr')}</Link>
          </li>
        </ul>
      )}
    </>
  );
}
