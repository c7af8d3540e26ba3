import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { FormAlert } from '~/components/forms';
import { CancelledNotice, eventsLearnerHandle, useEventsTranslation } from '~/components/events/shared';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';

export const handle = eventsLearnerHandle;
export const meta: MetaFunction = () => [{ title: 'Presensi — Bimtek Pilar' }];

/** Check-in by the rotating code, without JavaScript. The QR on the trainer's screen opens this page with `?kode=`. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  const event = orThrow(await api(args.request).GET('/api/events/{id}', { params: { path: { id: args.params.id ?? '' } } }));
  const code = (new URL(args.request.url).searchParams.get('kode') ?? '').slice(0, 12);
  return {
    event: { id: event.id, title: event.title, zone: event.zone, cancelledAt: event.cancelledAt, cancelReason: event.cancelReason },
    code,
    formKey: newKey(),
  };
}

export async function action(args: ActionFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  const form = await args.request.formData();
  const code = String(form.get('code') ?? '').trim().slice(0, 12);
  const result = await api(args.request).POST('/api/events/{id}/checkins', {
    params: { path: { id: args.params.id ?? '' } },
    body: { code },
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  if (!result.data) return { error: await pageProblem(args.request, result, 'Presensi belum tercatat. Coba lagi.'), code };
  return { checkin: { alreadyRecorded: result.data.alreadyRecorded, time: result.data.localTime } };
}

export default function CheckIn() {
  const { event } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useEventsTranslation();
  const checkin = actionData && 'checkin' in actionData ? actionData.checkin : null;
  const error = actionData && 'error' in actionData ? actionData.error : null;
  return (
    <section>
      <p className="crumbs">
        <Link to={`/kegiatan/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t('mine.checkinTitle')}</h1>
      {checkin ? (
        <p className="alert alert--ok" role="status" data-testid="checkin-result">
          {checkin.alreadyRecorded ? t('mine.alreadyRecorded', { time: checkin.time }) : t('mine.recorded', { time: checkin.time })}
        </p>
      ) : null}
      <FormAlert errors={error} />
      <CancelledNotice event={event} note={t('mine.cancelledNote')} />
      {event.cancelledAt ? null : <CodeForm />}
    </section>
  );
}

/** The code to type, prefilled from the QR's `?kode=`; a failed try keeps what was typed. */
function CodeForm() {
  const { event, code, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useEventsTranslation();
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="idempotencyKey" value={formKey} />
      <label className="field">
        {t('mine.code')}
        <input
          className="checkin-code-input"
          name="code"
          defaultValue={(actionData && 'code' in actionData ? actionData.code : null) ?? code}
          required
          minLength={6}
          maxLength={6}
          autoComplete="off"
          autoCapitalize="characters"
          aria-describedby="code-hint"
        />
        <span className="hint" id="code-hint">
          {t('mine.checkinIntro')} {t('zoneNote', { zone: event.zone })}
        </span>
      </label>
      <button type="submit" className="button">
        {t('mine.send')}
      </button>
    </Form>
  );
}
