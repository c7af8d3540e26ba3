import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { FormAlert } from '~/components/forms';
import { CancelledNotice, eventsTrainerHandle, useEventsTranslation } from '~/components/events/shared';
import { isUnavailable, orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { PILLARS, isPillar } from '~/utils/api-types';
import { OfflineRoom } from './__offline-room';
import { RoomTest } from './__room-test';
import { requireEventStaff } from './events.server';

export const handle = eventsTrainerHandle;
export const meta: MetaFunction = () => [{ title: 'Ruang presensi — Bimtek Pilar' }];

/** The room for a day: the rotating code (when the day is in session), the live roster, ticks, walk-ins, offline mode. */
export async function loader(args: LoaderFunctionArgs) {
  await requireEventStaff(args);
  const client = api(args.request);
  const path = { id: args.params.id ?? '' };
  const [event, roster, code, roomKey] = await Promise.all([
    client.GET('/api/events/{id}', { params: { path } }).then(orThrow),
    client.GET('/api/events/{id}/participants', { params: { path } }).then(orThrow),
    client.GET('/api/events/{id}/checkin-code', { params: { path } }),
    client.GET('/api/events/{id}/room-key', { params: { path } }).then(orThrow),
  ]);
  if (!code.data && isUnavailable(code)) orThrow(code);
  const asked = Number(new URL(args.request.url).searchParams.get('hari'));
  const day = event.days.some((d) => d.day === asked) ? asked : (code.data?.day ?? event.days[0]?.day ?? 1);
  return { event, roster: roster.items, code: code.data ?? null, roomKey, day, formKey: newKey() };
}

export async function action(args: ActionFunctionArgs) {
  await requireEventStaff(args);
  const form = await args.request.formData();
  const client = api(args.request);
  const path = { id: args.params.id ?? '' };
  const headers = idempotencyKey(form.get('idempotencyKey'));
  const day = Number(form.get('day'));
  const nonce = String(form.get('nonce') ?? '');
  if (form.get('intent') === 'room-test') {
    const test = form.get('test') === 'pretest' ? 'pretest' : form.get('test') === 'posttest' ? 'posttest' : 'none';
    const result = await client.POST('/api/events/{id}/room-test', { params: { path }, body: { test }, headers });
    if (!result.data) return { error: await pageProblem(args.request, result, 'Tes belum dapat dibuka.') };
    return { done: null };
  }
  if (form.get('intent') === 'walk-in') {
    const pillar = form.get('pillar');
    const body = {
      name: String(form.get('name') ?? ''),
      phone: String(form.get('phone') ?? ''),
      pillar: isPillar(pillar) ? pillar : 'TKSK',
      regionCode: String(form.get('regionCode') ?? ''),
      day,
      nonce,
    } as const;
    const result = await client.POST('/api/events/{id}/walk-ins', { params: { path }, body, headers });
    if (!result.data) return { error: await pageProblem(args.request, result, 'Peserta belum dapat ditambahkan.') };
    return { done: { kind: result.data.pending ? 'walkInPending' : 'walkInDone', name: body.name } };
  }
  const workerId = String(form.get('workerId') ?? '');
  const result = await client.POST('/api/events/{id}/checkins', { params: { path }, body: { workerId, day, nonce }, headers });
  if (!result.data) return { error: await pageProblem(args.request, result, 'Presensi belum tercatat.') };
  return { done: { kind: result.data.alreadyRecorded ? 'already' : 'ticked', name: String(form.get('name') ?? '') } };
}

export default function Room() {
  const { event, day } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  useLiveRefresh(!event.cancelledAt);
  return (
    <section className="wide">
      <p className="crumbs">
        <Link to={`/pelatih/kegiatan/${event.id}`}>{event.title}</Link>
      </p>
      <h1>
        {t('room.title')} — {t('day', { day })}
      </h1>
      {event.cancelledAt ? <CancelledNotice event={event} /> : <RoomParts />}
    </section>
  );
}

/** The day's room: the days, the code, the roster to tick, the room's test, offline mode and walk-ins. */
function RoomParts() {
  const { event, day } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useEventsTranslation();
  return (
    <>
      <nav aria-label={t('room.dayPick')}>
        <ul className="actions">
          {event.days.map((d) => (
            <li key={d.day}>
              <Link to={`?hari=${d.day}`} aria-current={d.day === day ? 'page' : undefined}>
                {t('day', { day: d.day })} ({d.date})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <FormAlert errors={actionData && 'error' in actionData ? actionData.error : null} />
      {actionData && 'done' in actionData && actionData.done ? (
        <p className="alert alert--ok" role="status">
          {t(`room.${actionData.done.kind}`, { name: actionData.done.name })}
        </p>
      ) : null}
      <div className="room">
        <CodePanel />
        <Attendance />
      </div>
      <RoomTest />
      <OfflineRoom />
      <WalkIn />
    </>
  );
}

/** The room's screen refreshes itself every 5 seconds while online: a new code, who checked in. */
function useLiveRefresh(live: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!live) return;
    const timer = window.setInterval(() => {
      if (navigator.onLine && document.visibilityState === 'visible' && revalidator.state === 'idle') revalidator.revalidate();
    }, 5000);
    return () => window.clearInterval(timer);
  }, [revalidator, live]);
}

function CodePanel() {
  const { event, code } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  if (!code) return <p className="card">{t('room.notInSession', { zone: event.zone })}</p>;
  const checkinUrl = code.url.replace(/\?.*$/, '');
  return (
    <div className="card room-code">
      <h2>{t('room.codeLabel', { day: code.day })}</h2>
      <p className="room-code__code" data-testid="checkin-code" aria-live="polite">
        {code.code}
      </p>
      <img className="room-code__qr" src={`data:image/svg+xml;base64,${toBase64(code.qrSvg)}`} alt={t('room.qrAlt')} />
      <p className="hint">{t('room.codeHelp', { url: checkinUrl })}</p>
      <p className="meta">{t('room.live')}</p>
    </div>
  );
}

function toBase64(text: string): string {
  return typeof window === 'undefined' ? Buffer.from(text).toString('base64') : btoa(unescape(encodeURIComponent(text)));
}

function Attendance() {
  const { event, roster, day, formKey } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === 'submitting';
  const { t } = useEventsTranslation();
  const present = roster.filter((p) => p.attendedDays.includes(day)).length;
  return (
    <div className="card">
      <h2 data-testid="attendance-count">{t('room.attendance', { day, present, total: roster.length })}</h2>
      <ul className="roster-list" data-testid="room-roster">
        {roster.map((p) => (
          <li key={p.workerId} data-worker={p.workerId}>
            <span>{p.name}</span>
            {p.attendedDays.includes(day) ? (
              <span className="badge badge--ok">{t('room.present')}</span>
            ) : event.closedAt ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="tick" />
                <input type="hidden" name="idempotencyKey" value={`tick-${formKey}-${p.workerId}`} />
                <input type="hidden" name="workerId" value={p.workerId} />
                <input type="hidden" name="name" value={p.name} />
                <input type="hidden" name="day" value={day} />
                <input type="hidden" name="nonce" value={`tick-${formKey.slice(0, 8)}-${p.workerId.slice(0, 8)}-${day}`} />
                <button type="submit" className="button button--small" disabled={busy} aria-label={`${t('room.tick')}: ${p.name}`}>
                  {t('room.tick')}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function WalkIn() {
  const { event, day, formKey } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  if (event.closedAt) return null;
  return (
    <Form method="post" className="card stack" id="walk-in">
      <h2>{t('room.walkInTitle')}</h2>
      <p className="hint">{t('room.walkInHint')}</p>
      <input type="hidden" name="intent" value="walk-in" />
      <input type="hidden" name="idempotencyKey" value={`walk-${formKey}`} />
      <input type="hidden" name="day" value={day} />
      <input type="hidden" name="nonce" value={`walk-${formKey.slice(0, 18)}`} />
      <label className="field">
        {t('room.name')}
        <input name="name" required minLength={3} maxLength={120} autoComplete="off" />
      </label>
      <label className="field">
        {t('room.phone')}
        <input name="phone" type="tel" required maxLength={20} autoComplete="off" />
      </label>
      <label className="field">
        {t('room.pillar')}
        <select name="pillar" defaultValue={event.pillars[0] ?? 'TKSK'}>
          {PILLARS.map((pillar) => (
            <option key={pillar} value={pillar}>
              {t(`pillar.${pillar}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('room.region')}
        <input name="regionCode" required defaultValue={event.regionCode} />
      </label>
      <button type="submit" className="button">
        {t('room.addWalkIn')}
      </button>
    </Form>
  );
}
