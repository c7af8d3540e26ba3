import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useState } from 'react';
import { newNonce, useEventsTranslation } from '~/components/events/shared';
import {
  loadKit,
  loadLastBatch,
  loadQueue,
  saveKit,
  saveLastBatch,
  saveQueue,
  verifyPersonalQr,
  type QueuedCheckin,
  type RoomKit,
} from '~/components/events/room-offline';
import type { loader } from './kegiatan.$id.ruang';

type Message = { text: string; ok: boolean } | null;

/**
 * Offline room mode: keeps the roster and the room key on this device, records check-ins by personal QR without the
 * network, and sends the queue as one batch when the signal returns (and on "Kirim sekarang").
 */
export function OfflineRoom() {
  const { event, roster, roomKey, day } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  const revalidator = useRevalidator();
  const [kit, setKit] = useState<RoomKit | null>(null);
  const [queue, setQueue] = useState<QueuedCheckin[]>([]);
  const [online, setOnline] = useState(true);
  const [message, setMessage] = useState<Message>(null);
  const [payload, setPayload] = useState('');

  // While online, every load refreshes the kit stored on the device (the roster may have grown).
  useEffect(() => {
    const fresh: RoomKit = { eventId: event.id, key: roomKey.key, prefix: roomKey.prefix, day, roster: roster.map((p) => ({ workerId: p.workerId, name: p.name, attendedDays: p.attendedDays })) };
    if (navigator.onLine) saveKit(fresh);
    setKit(navigator.onLine ? fresh : (loadKit(event.id) ?? fresh));
    setQueue(loadQueue(event.id));
    setOnline(navigator.onLine);
  }, [event.id, roomKey, roster, day]);

  const sync = useCallback(
    async (batch: QueuedCheckin[], replay = false) => {
      if (batch.length === 0) return;
      setMessage({ text: t('room.syncing'), ok: true });
      try {
        const response = await fetch(`/pelatih/kegiatan/${event.id}/sinkron`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkins: batch }) });
        const body = (await response.json()) as { results?: unknown[]; error?: string };
        if (!response.ok || !body.results) throw new Error(body.error ?? String(response.status));
        if (!replay) {
          saveLastBatch(event.id, batch);
          const rest = loadQueue(event.id).filter((q) => !batch.some((b) => b.nonce === q.nonce));
          saveQueue(event.id, rest);
          setQueue(rest);
        }
        setMessage({ text: t('room.synced', { count: body.results.length }), ok: true });
        revalidator.revalidate();
      } catch (error) {
        setMessage({ text: t('room.syncFailed', { message: error instanceof Error ? error.message : '' }), ok: false });
      }
    },
    [event.id, revalidator, t],
  );

  useEffect(() => {
    const goOnline = () => {
      setOnline(true);
      void sync(loadQueue(event.id));
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, [event.id, sync]);

  async function record(event_: React.FormEvent) {
    event_.preventDefault();
    if (!kit) return;
    const workerId = await verifyPersonalQr(kit, payload);
    const person = kit.roster.find((p) => p.workerId === workerId);
    if (!workerId) return setMessage({ text: t('room.badQr'), ok: false });
    if (!person) return setMessage({ text: t('room.notOnRoster'), ok: false });
    const current = loadQueue(kit.eventId);
    if (person.attendedDays.includes(kit.day) || current.some((q) => q.workerId === workerId && q.day === kit.day)) {
      setPayload('');
      return setMessage({ text: t('room.queuedAlready', { name: person.name }), ok: true });
    }
    const next = [...current, { workerId, day: kit.day, nonce: newNonce('qr') }];
    saveQueue(kit.eventId, next);
    setQueue(next);
    setPayload('');
    setMessage({ text: t('room.queued', { name: person.name }), ok: true });
    if (navigator.onLine) void sync(next);
  }

  if (event.closedAt) return null;
  return (
    <section className="card stack" aria-labelledby="offline-title" data-testid="offline-room">
      <h2 id="offline-title">{t('room.offlineTitle')}</h2>
      <p>{t('room.offlineIntro')}</p>
      {kit ? <p className="meta">{t('room.offlineReady', { count: kit.roster.length, day: kit.day })}</p> : null}
      {online ? null : <p className="alert">{t('room.offline')}</p>}
      <form onSubmit={record} className="inline-actions">
        <label className="field">
          {t('room.payload')}
          <input name="payload" value={payload} onChange={(e) => setPayload(e.target.value)} autoComplete="off" required />
        </label>
        <button type="submit" className="button" disabled={!kit}>
          {t('room.record')}
        </button>
      </form>
      <p role="status" aria-live="polite" className={message ? (message.ok ? 'alert alert--ok' : 'alert alert--bad') : undefined} data-testid="offline-status">
        {message?.text}
      </p>
      <p data-testid="offline-queue">{t('room.queue', { count: queue.length })}</p>
      <div className="inline-actions">
        <button type="button" className="button button--secondary" disabled={queue.length === 0} onClick={() => void sync(loadQueue(event.id))}>
          {t('room.sync')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void sync(loadLastBatch(event.id), true)} data-testid="resend">
          {t('room.resend')}
        </button>
      </div>
    </section>
  );
}
