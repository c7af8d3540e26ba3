import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * A participant's personal QR for the trainer's offline room mode (decision 029): `BP1.<eventId>.<workerId>.<mac>`,
 * the MAC being HMAC-SHA256 under a key of that event alone. The event's trainers receive the key before the event, so
 * their page verifies a QR without the network; a key for one event signs nothing for another, and a trainer who could
 * forge a QR with it can tick that person anyway.
 */
export const QR_PREFIX = 'BP1';
const MAC_LENGTH = 22;

/** The event's room key, derived from the NIK HMAC secret with its own label (no secret to provision). */
export function deriveRoomKey(baseSecret: string, eventId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', baseSecret, `bimtek-pilar:${eventId}`, 'events.personal-qr.v1', 32));
}

export function personalQrMac(roomKey: Buffer, eventId: string, workerId: string): string {
  return createHmac('sha256', roomKey).update(`${eventId}:${workerId}`).digest('base64url').slice(0, MAC_LENGTH);
}

export function personalQrPayload(roomKey: Buffer, eventId: string, workerId: string): string {
  return `${QR_PREFIX}.${eventId}.${workerId}.${personalQrMac(roomKey, eventId, workerId)}`;
}

/** The worker a payload names when its MAC is right for this event; null otherwise. */
export function verifyPersonalQr(roomKey: Buffer, eventId: string, payload: string): string | null {
  const [prefix, event, worker, mac] = payload.trim().split('.');
  if (prefix !== QR_PREFIX || event !== eventId || !worker || !mac) return null;
  const expected = Buffer.from(personalQrMac(roomKey, eventId, worker));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? worker : null;
}
