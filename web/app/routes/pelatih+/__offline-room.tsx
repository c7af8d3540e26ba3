import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { newNonce, useEventsTranslation } from '~/components/events/shared';
import {
  loadLastBatch,
  loadQueue,
  saveKit,
  saveLastBatch,
  saveQueue,
  queueSnapshot,
  subscribeOnline,
  subscribeQueue,
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
  const [message, setMessage] = useState<Message>(null);
  const [payload, setPayload] = useState('');
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  const queueText = useSyncExternalStore(subscribeQueue, queueSnapshot(event.id), () => '[]');
  const queue = useMemo(() => JSON.parse(queueText) as QueuedCheckin[], [queueText]);
  // The page's last loaded data is what the device knows offline (nothing reloads without the network).
  const kit = useMemo<RoomKit>(
    () => ({ eventId: event.id, key: roomKey.key, prefix: roomKey.prefix, day, roster: roster.map((p) => ({ workerId: p.workerId, name: p.name, attendedDays: p.attendedDays })) }),
    [event.id, roomKey, roster, day],
  );
  // Kept on the device too, for a page reopened from the browser's cache in the hall.
  useEffect(() => saveKit(kit), [kit]);

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
          saveQueue(event.id, loadQueue(event.id).filter((q) => !batch.some((b) => b.nonce === q.nonce)));
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
    const goOnline = () => void sync(loadQueue(event.id));
    window.addEventListener('online', goOnline);
    return () => window.removeEventListener('online', goOnline);
  }, [event.id, sync]);

  async function record(event_: React.FormEvent) {
    event_.preventDefault();
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
    setPayload('');
    setMessage({ text: t('room.queued', { name: person.name }), ok: true });
    if (navigator.onLine) void sync(next);
  }

  if (event.closedAt) return null;
  return (
    <section className="card stack" aria-labelledby="offline-title" data-testid="offline-room">
      <h2 id="offline-title">{t('room.offlineTitle')}</h2>
      <p>{t('room.offlineIntro')}</p>
      <p className="meta">{t('room.offlineReady', { count: kit.roster.length, day: kit.day })}</p>
      {online ? null : <p className="alert">{t('room.offline')}</p>}
      <form onSubmit={record} className="inline-actions">
        <label className="field">
          {t('room.payload')}
          <input name="payload" value={payload} onChange={(e) => setPayload(e.target.value)} autoComplete="off" required />
        </label>
        <button type="submit" className="button">
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
