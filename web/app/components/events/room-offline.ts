/**
 * Offline room mode on the trainer's device (decision 029): the roster and the event's room key are kept in
 * localStorage while online; a participant's personal QR (`BP1.<eventId>.<workerId>.<mac>`) is verified with Web Crypto
 * (HMAC-SHA256, as api/src/events/personal-qr.ts) without the network, and the check-in is queued with a nonce. The queue
 * is sent as one idempotent batch when the signal returns; a replay changes nothing on the server.
 */
export interface RoomKit {
  eventId: string;
  key: string;
  prefix: string;
  day: number;
  roster: { workerId: string; name: string; attendedDays: number[] }[];
}

export interface QueuedCheckin {
  workerId: string;
  day: number;
  nonce: string;
}

const kitKey = (eventId: string) => `bp-room-kit-${eventId}`;
const queueKey = (eventId: string) => `bp-room-queue-${eventId}`;
const lastKey = (eventId: string) => `bp-room-last-${eventId}`;

function read<T>(key: string, fallback: T): T {
  try {
    const text = window.localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export const saveKit = (kit: RoomKit) => window.localStorage.setItem(kitKey(kit.eventId), JSON.stringify(kit));
export const loadQueue = (eventId: string) => read<QueuedCheckin[]>(queueKey(eventId), []);
const QUEUE_CHANGED = 'bp-room-queue';

export function saveQueue(eventId: string, queue: QueuedCheckin[]): void {
  window.localStorage.setItem(queueKey(eventId), JSON.stringify(queue));
  window.dispatchEvent(new Event(QUEUE_CHANGED));
}

/** For useSyncExternalStore: the queue's stored text, and a subscription to its changes (this tab and others). */
export const queueSnapshot = (eventId: string) => () => window.localStorage.getItem(queueKey(eventId)) ?? '[]';
export function subscribeQueue(onChange: () => void): () => void {
  window.addEventListener(QUEUE_CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(QUEUE_CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** For useSyncExternalStore: whether the browser thinks it has a network. */
export function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}
export const loadLastBatch = (eventId: string) => read<QueuedCheckin[]>(lastKey(eventId), []);
export const saveLastBatch = (eventId: string, batch: QueuedCheckin[]) => window.localStorage.setItem(lastKey(eventId), JSON.stringify(batch));

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The worker a personal QR names when its MAC is right for this event; null otherwise. */
export async function verifyPersonalQr(kit: RoomKit, payload: string): Promise<string | null> {
  const [prefix, eventId, workerId, mac] = payload.trim().split('.');
  if (prefix !== kit.prefix || eventId !== kit.eventId || !workerId || !mac) return null;
  const key = await crypto.subtle.importKey('raw', fromBase64url(kit.key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${eventId}:${workerId}`)));
  return toBase64url(signature).slice(0, 22) === mac ? workerId : null;
}
