import type { ActionFunctionArgs } from '@remix-run/node';
import { action as adminReviews } from '~/routes/admin+/tinjauan';
import { action as workerTasks } from '~/routes/_learner+/tugas.$enrollmentId';

/**
 * Issue #16, the forms around field-task reviews, against a fake API: the worker's appeal (a plain urlencoded form
 * on the multipart page) and the admin's reassignment (the empty choice releases).
 */
jest.mock('../app/styles/app.css?url', () => '/app.css', { virtual: true });

const E = '11111111-1111-4111-8111-111111111111';
const S = '22222222-2222-4222-8222-222222222222';
const T = '33333333-3333-4333-8333-333333333333';
const P = '44444444-4444-4444-8444-444444444444';
const worker = { id: 'u1', name: 'Siti', role: 'PESERTA', regionCode: '32.72.03', status: 'ACTIVE' };
const admin = { id: 'a1', name: 'Admin', role: 'ADMIN_DINSOS', regionCode: '32.72', status: 'ACTIVE' };

let me: object;
let answerFor: (method: string, path: string) => Response;
let calls: Array<{ method: string; path: string; body: unknown }>;

beforeEach(() => {
  calls = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const path = new URL(request.url).pathname;
    if (path === '/api/me') return Response.json(me);
    const text = request.method === 'GET' ? '' : await request.text();
    calls.push({ method: request.method, path, body: text ? JSON.parse(text) : null });
    return answerFor(request.method, path);
  });
});
afterEach(() => jest.restoreAllMocks());

const post = (path: string, fields: Record<string, string>): ActionFunctionArgs => ({
  request: new Request(`http://web.test${path}`, {
    method: 'POST',
    headers: { cookie: 'bimtek_session=t', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }),
  params: { enrollmentId: E },
  context: { cspNonce: 'n' },
});

describe('the worker’s appeal form', () => {
  beforeEach(() => {
    me = worker;
  });

  it('posts the reason to the appeal route and comes back to the task with a notice', async () => {
    answerFor = () => Response.json({ id: S, status: 'waiting' });
    const res = (await workerTasks(post(`/tugas/${E}`, { taskId: T, submissionId: S, reason: 'Foto kedua menunjukkan rujukan.', idempotencyKey: 'k1' }))) as Response;
    expect(calls).toEqual([{ method: 'POST', path: `/api/submissions/${S}/appeal`, body: { reason: 'Foto kedua menunjukkan rujukan.' } }]);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/tugas/${E}?banding=1#tugas-${T}`);
  });

  it('keeps the reason and shows the API’s refusal on the appeal form', async () => {
    answerFor = () => Response.json({ statusCode: 409, code: 'TASK_ALREADY_APPEALED', message: 'Banding sudah diajukan.' }, { status: 409 });
    const outcome = await workerTasks(post(`/tugas/${E}`, { taskId: T, submissionId: S, reason: 'Alasan saya.' }));
    expect(outcome).toMatchObject({ error: true, appeal: true, taskId: T, report: 'Alasan saya.' });
  });
});

describe('the admin’s reassignment form', () => {
  beforeEach(() => {
    me = admin;
    answerFor = () => Response.json({ id: S });
  });

  it('gives the report to the chosen trainer', async () => {
    const res = (await adminReviews(post('/admin/tinjauan', { id: S, reviewerId: P }))) as Response;
    expect(calls).toEqual([{ method: 'POST', path: `/api/submissions/${S}/assign`, body: { reviewerId: P } }]);
    expect(res.headers.get('location')).toBe('/admin/tinjauan?dipindah=1');
  });

  it('releases it with the empty choice', async () => {
    await adminReviews(post('/admin/tinjauan', { id: S, reviewerId: '' }));
    expect(calls).toEqual([{ method: 'POST', path: `/api/submissions/${S}/assign`, body: { reviewerId: null } }]);
  });
});
