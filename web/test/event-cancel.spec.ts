import type { ActionFunctionArgs } from '@remix-run/node';
import events from '~/locales/events.id';
import id from '~/locales/id';
import { action, loader } from '~/routes/pelatih+/kegiatan.$id._index';
import { loader as workerEventLoader } from '~/routes/_learner+/kegiatan.$id._index';

/**
 * "Batalkan kegiatan" on the trainer's (and admin's) event page, against a fake API: the reason is checked and
 * confirmed before anything is sent, the confirmed POST goes to the API as JSON with the form's Idempotency-Key, and a
 * refusal comes back to the reason form worded by its code, in Indonesian.
 */
jest.mock('../app/styles/app.css?url', () => '/app.css', { virtual: true });

const EVENT = '11111111-1111-4111-8111-111111111111';
const REASON = 'Aula batal dipakai karena renovasi gedung.';
const trainer = { id: 'u1', name: 'Pelatih', role: 'PELATIH', regionCode: '32.72', status: 'ACTIVE' };

const worker = { id: 'w1', name: 'Siti', role: 'PESERTA', regionCode: '32.72.03', status: 'ACTIVE' };

let me: object;
let answer: Response;
let calls: Array<{ method: string; path: string; body: unknown; idempotencyKey: string | null }>;
/** The GET answers of the fake API, by path. */
let reads: Record<string, unknown>;

beforeEach(() => {
  calls = [];
  me = trainer;
  reads = {};
  answer = Response.json({ cancelledAt: '2026-12-01T03:00:00.000Z', cancelReason: REASON });
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const path = new URL(request.url).pathname;
    if (path === '/api/me') return Response.json(me);
    if (request.method === 'GET' && path in reads) return Response.json(reads[path]);
    const text = request.method === 'GET' ? '' : await request.text();
    calls.push({ method: request.method, path, body: text ? JSON.parse(text) : null, idempotencyKey: request.headers.get('idempotency-key') });
    return answer;
  });
});
afterEach(() => jest.restoreAllMocks());

const post = (fields: Record<string, string>): ActionFunctionArgs => ({
  request: new Request(`http://web.test/pelatih/kegiatan/${EVENT}`, {
    method: 'POST',
    headers: { cookie: 'bimtek_session=t', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }),
  params: { id: EVENT },
  context: { cspNonce: 'n' },
});

describe('cancelling an event from its page', () => {
  it('asks for confirmation of a trimmed reason first, sending nothing', async () => {
    const outcome = await action(post({ intent: 'cancel-check', reason: `  ${REASON}  ` }));
    expect(outcome).toEqual({ cancel: { step: 'confirm', reason: REASON } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['too short', 'Batal.    '],
    ['too long', 'x'.repeat(501)],
  ])('keeps a reason that is %s on the form with its error, sending nothing', async (_, reason) => {
    const outcome = await action(post({ intent: 'cancel', reason }));
    expect(outcome).toEqual({ cancel: { step: 'edit', reason: reason.trim(), fieldError: events.trainer.cancelReasonInvalid } });
    expect(calls).toEqual([]);
  });

  it('sends the confirmed reason to the API as JSON with the form’s key, then shows the page with its notice', async () => {
    const res = (await action(post({ intent: 'cancel', reason: REASON, idempotencyKey: 'cancel-key-0001' }))) as Response;
    expect(calls).toEqual([{ method: 'POST', path: `/api/events/${EVENT}/cancel`, body: { reason: REASON }, idempotencyKey: 'cancel-key-0001' }]);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/pelatih/kegiatan/${EVENT}?dibatalkan=1`);
  });

  it('words a refusal by its code, whatever the API’s message says', async () => {
    answer = Response.json({ statusCode: 409, code: 'EVENT_HAS_ATTENDANCE', message: 'Kata-kata lain.' }, { status: 409 });
    const outcome = await action(post({ intent: 'cancel', reason: REASON }));
    expect(outcome).toEqual({ cancel: { step: 'edit', reason: REASON, fieldError: undefined, formError: id.common.errors.EVENT_HAS_ATTENDANCE } });
  });

  it('puts a refused reason on the reason field', async () => {
    answer = Response.json(
      { statusCode: 400, code: 'EVENT_CANCEL_REASON_INVALID', message: 'x', fields: [{ field: 'reason', code: 'EVENT_CANCEL_REASON_INVALID', message: 'x' }] },
      { status: 400 },
    );
    const outcome = await action(post({ intent: 'cancel', reason: REASON }));
    expect(outcome).toEqual({ cancel: { step: 'edit', reason: REASON, fieldError: id.common.errors.EVENT_CANCEL_REASON_INVALID, formError: undefined } });
  });
});

/** An event as the API describes it, one day, ending `endsAt`. */
function eventDto(extra: Record<string, unknown> = {}, endsAt = '2099-12-14T09:00:00.000Z') {
  return {
    id: EVENT,
    title: 'Bimtek TKSK',
    regionCode: '32.72',
    regionName: 'Kota Sukabumi',
    venue: 'Aula',
    timeZone: 'Asia/Jakarta',
    zone: 'WIB',
    courseId: null,
    capacity: null,
    pillars: ['TKSK'],
    trainerIds: ['u1'],
    learningMinutes: 0,
    jp: 0,
    invited: 1,
    waitlisted: 0,
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
    openTest: null,
    testCourse: null,
    days: [{ day: 1, date: '2099-12-14', start: '08:00', end: '16:00', startsAt: '2099-12-14T01:00:00.000Z', endsAt, agenda: [], learningMinutes: 0, jp: 0 }],
    ...extra,
  };
}

const get = (path: string) => ({
  request: new Request(`http://web.test${path}`, { headers: { cookie: 'bimtek_session=t' } }),
  params: { id: EVENT },
  context: { cspNonce: 'n' },
});

describe('when the page offers "Batalkan kegiatan"', () => {
  const participant = (attendedDays: number[]) => ({
    position: 1,
    workerId: 'w1',
    name: 'Siti',
    status: 'INVITED',
    attendedDays,
    jp: 0,
    pretest: null,
    posttest: null,
    gain: null,
  });

  it.each([
    ['a scheduled event without attendance', true, eventDto(), []],
    ['an event with attendance', false, eventDto(), [1]],
    ['an event that has ended', false, eventDto({}, '2020-01-01T09:00:00.000Z'), []],
    ['a closed event', false, eventDto({ closedAt: '2099-12-14T09:00:00.000Z' }), []],
    ['a cancelled event', false, eventDto({ cancelledAt: '2026-12-01T03:00:00.000Z', cancelReason: REASON }), []],
  ])('%s: offered %s', async (_, cancellable, event, attended) => {
    reads = {
      [`/api/events/${EVENT}`]: event,
      [`/api/events/${EVENT}/participants`]: { items: [participant(attended as number[])] },
      [`/api/events/${EVENT}/candidates`]: { items: [], total: 0 },
    };
    const data = (await loader(get(`/pelatih/kegiatan/${EVENT}`))) as { cancellable: boolean };
    expect(data.cancellable).toBe(cancellable);
  });
});

describe('the worker’s page of a cancelled event', () => {
  it('offers no confirm or decline', async () => {
    me = worker;
    const cancelled = { ...eventDto({ cancelledAt: '2026-12-01T03:00:00.000Z', cancelReason: REASON }), status: 'INVITED', attendedDays: [], myJp: 0 };
    reads = { '/api/me/events': { items: [cancelled] } };
    const data = (await workerEventLoader(get(`/kegiatan/${EVENT}`))) as { canAnswer: boolean; event: { cancelReason: string } };
    expect(data).toMatchObject({ canAnswer: false, event: { cancelReason: REASON } });
    reads = { '/api/me/events': { items: [{ ...cancelled, cancelledAt: null, cancelReason: null }] } };
    expect(((await workerEventLoader(get(`/kegiatan/${EVENT}`))) as { canAnswer: boolean }).canAnswer).toBe(true);
  });
});
