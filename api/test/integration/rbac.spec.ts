/**
 * The RBAC matrix: every route the application serves, found from Nest's own router, called as nobody, as each role,
 * and as an admin of another region. New routes are covered automatically: declare their policy with @Public() or
 * @Authenticated(...roles) and, when a path parameter needs a real value, add it to PARAM_VALUES below.
 */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { NO_POLICY_MESSAGE, ROLE_REFUSED_MESSAGE } from '../../src/auth/auth.guard';
import { Policy, POLICY_KEY } from '../../src/auth/policy.decorator';
import { ReportsService } from '../../src/reports/reports.service';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { enroll } from './learning.helpers';
import { reportOf } from './tasks.helpers';

interface DiscoveredRoute {
  method: string;
  path: string;
  policy: Policy | undefined;
  controller: string;
  handler: string;
}

const METHODS: Record<number, string> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.OPTIONS]: 'OPTIONS',
  [RequestMethod.HEAD]: 'HEAD',
};

/** Every controller route of the application with its effective policy (handler first, then controller). */
function discoverRoutes(t: TestApp): DiscoveredRoute[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes: DiscoveredRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const paths = Reflect.getMetadata(PATH_METADATA, handler);
        const method = Reflect.getMetadata(METHOD_METADATA, handler);
        if (paths === undefined || method === undefined) continue;
        for (const prefix of base) {
          for (const sub of ([] as string[]).concat(paths)) {
            const joined = [prefix, sub].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
            const path = joined.startsWith('.well-known') ? `/${joined}` : `/api/${joined}`.replace(/\/$/, '');
            routes.push({
              method: METHODS[method] ?? String(method),
              path,
              policy: reflector.getAllAndOverride<Policy | undefined>(POLICY_KEY, [handler, controller]),
              controller: controller.name,
              handler: name,
            });
          }
        }
      }
    }
  }
  return routes;
}

describe('RBAC matrix', () => {
  let t: TestApp;
  let db: DataSource;
  let routes: DiscoveredRoute[];
  /** A worker of Kota Sukabumi (32.72) that the admin of Kabupaten Sukabumi (32.02) must never see or change. */
  let target: TestUser;
  const MARKER = 'Penanda Rahasia Kota Sukabumi';

  /** Values for path parameters, by name: add yours when a route needs a real one (default: a random UUID). */
  let PARAM_VALUES: Record<string, () => string>;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    routes = discoverRoutes(t);
    target = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK, name: MARKER, phone: '+6281277001122' });
    PARAM_VALUES = {
      id: () => target.id,
      code: () => '32.72.03',
    };
  });
  afterAll(() => t.close());

  function fill(path: string): string {
    return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(PARAM_VALUES[name]?.() ?? '00000000-0000-4000-8000-000000000000'));
  }

  async function call(route: DiscoveredRoute, headers: Record<string, string>) {
    const request = t.http[route.method.toLowerCase() as 'get'](fill(route.path)).set(headers);
    if (['POST', 'PUT', 'PATCH'].includes(route.method)) request.send({});
    return request.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  }

  function json(body: Buffer): { message?: string } {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      return {};
    }
  }

  /** Everything a response could reveal of the target worker, XLSX workbooks included. */
  async function revealsTarget(body: Buffer, contentType: string | undefined): Promise<boolean> {
    let text = body.toString('utf8');
    if (contentType?.includes('spreadsheetml')) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(body as unknown as ArrayBuffer);
      text = book.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String)).join('\n');
    }
    return [target.id, MARKER, '81277001122', '8127-700-1122', '0812-7700-1122'].some((needle) => text.includes(needle));
  }

  it('finds the routes (and Fastify serves each of them)', () => {
    expect(routes.length).toBeGreaterThan(15);
    const fastify = t.app.getHttpAdapter().getInstance();
    for (const route of routes) {
      expect({ route: `${route.method} ${route.path}`, served: fastify.hasRoute({ method: route.method, url: route.path }) }).toEqual({
        route: `${route.method} ${route.path}`,
        served: true,
      });
    }
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/workers', 'GET /api/workers/:id']));
  });

  it('every route declares a policy', () => {
    const missing = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`);
    expect(missing).toEqual([]);
  });

  it('an admin of another region (32.02) cannot read, list, change or export a worker of 32.72 by any route', async () => {
    const snapshot = () => db.query(`SELECT u.*, (SELECT count(*) FROM auth_sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL) AS sessions FROM users u WHERE u.id = $1`, [target.id]);
    const before = await snapshot();
    const leaks: string[] = [];
    for (const route of routes.filter((r) => r.policy && (r.policy.public || r.policy.roles.includes(Role.ADMIN_DINSOS)))) {
      const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
      const res = await call(route, foreign.headers);
      if (res.status >= 500) leaks.push(`${route.method} ${route.path}: ${res.status}`);
      if (await revealsTarget(res.body, res.headers['content-type'])) leaks.push(`${route.method} ${route.path} revealed the worker (${res.status})`);
    }
    // Guessing: the worker's real id on every route with an :id, and well-formed ids that exist nowhere, answer alike.
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    const guessed = await t.http.get(`/api/workers/${target.id}`).set(foreign.headers);
    const missing = await t.http.get('/api/workers/7b0a5e5e-1111-4222-8333-944444444444').set(foreign.headers);
    expect([guessed.status, guessed.body]).toEqual([missing.status, missing.body]);
    expect(guessed.status).toBe(404);
    expect(leaks).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['anonymous', null],
    [Role.PESERTA, Role.PESERTA],
    [Role.PELATIH, Role.PELATIH],
    [Role.ADMIN_DINSOS, Role.ADMIN_DINSOS],
    [Role.ADMIN_PUSAT, Role.ADMIN_PUSAT],
  ])('answers %s as each route’s policy says', async (_, role) => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.policy)) {
      const policy = route.policy!;
      const caller = role ? await createUser(t, { role }) : null;
      const res = await call(route, caller?.headers ?? {});
      const message = json(res.body).message;
      const label = `${route.method} ${route.path} as ${role ?? 'anonymous'}: ${res.status} ${message ?? ''}`;
      if (res.status >= 500) problems.push(label);
      else if (policy.public) {
        if (res.status === 401 || message === ROLE_REFUSED_MESSAGE || message === NO_POLICY_MESSAGE) problems.push(label);
      } else if (!caller) {
        if (res.status !== 401) problems.push(label);
      } else if (policy.roles.includes(caller.role)) {
        if (res.status === 401 || message === ROLE_REFUSED_MESSAGE) problems.push(label);
      } else if (res.status !== 403 || message !== ROLE_REFUSED_MESSAGE) {
        problems.push(label);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reports: the people lists (each list, with its exports) and a worker’s record never show a 32.72 worker to an admin of 32.02', async () => {
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    const local = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    // The worker is in a list of its own region (not enrolled in an assigned course) …
    const [course] = await db.query(`SELECT slug FROM courses WHERE slug = 'tksk-dasar'`);
    await t.http.post('/api/assignments').set(local.headers).send({ course: course.slug, pillar: Pillar.TKSK, regionCode: '32.72.03' }).expect(200);
    await db.query(`DELETE FROM enrollments WHERE user_id = $1`, [target.id]);
    await t.app.get(ReportsService).refreshFromBaseTables('32.72'); // as the nightly reconciliation would
    const own = await t.http.get('/api/reports/people?list=NOT_ENROLLED_ASSIGNED').set(local.headers).expect(200);
    expect(own.body.items.map((p: { userId: string }) => p.userId)).toContain(target.id);
    // … and in none of the other region's, whatever the list or the format.
    const leaks: string[] = [];
    for (const list of ['NOT_ENROLLED_ASSIGNED', 'FAILED_ALL_ATTEMPTS', 'OVERDUE_REVIEWS', 'EVENTS_ATTENDED']) {
      for (const path of [`/api/reports/people?list=${list}`, `/api/reports/people.xlsx?list=${list}`, `/api/reports/people.csv?list=${list}`, `/api/reports/people?list=${list}&region=32.72.03`]) {
        const res = await call({ method: 'GET', path, policy: undefined, controller: '', handler: '' }, foreign.headers);
        if (res.status >= 500 || (await revealsTarget(res.body, res.headers['content-type']))) leaks.push(`${path}: ${res.status}`);
      }
    }
    expect(leaks).toEqual([]);
    await t.http.get(`/api/reports/record/workers/${target.id}`).set(foreign.headers).expect(404);
    await t.http.get(`/api/reports/record/workers/${target.id}`).set(local.headers).expect(200);
  });

  it('reports per month: each reader role of each region reads its own region’s months and never 32.72’s from outside it', async () => {
    const answers: string[] = [];
    for (const role of [Role.ADMIN_DINSOS, Role.PELATIH, Role.ADMIN_PUSAT, Role.PESERTA]) {
      for (const home of ['32.72', '32.02']) {
        const caller = await createUser(t, { role, regionCode: role === Role.ADMIN_PUSAT ? null : home });
        for (const region of ['32.72', '32.72.03', '32.02']) {
          const res = await t.http.get(`/api/reports/monthly?region=${region}`).set(caller.headers);
          answers.push(`${role} of ${role === Role.ADMIN_PUSAT ? 'all' : home} → ${region}: ${res.status} ${res.body.code ?? ''}`.trim());
        }
      }
    }
    const expected = (role: string, home: string, region: string) => {
      if (role === Role.PESERTA) return '403 FORBIDDEN';
      return role === Role.ADMIN_PUSAT || region.startsWith(home) ? '200' : '404 REPORT_REGION_NOT_FOUND';
    };
    expect(answers).toEqual(
      [Role.ADMIN_DINSOS, Role.PELATIH, Role.ADMIN_PUSAT, Role.PESERTA].flatMap((role) =>
        ['32.72', '32.02'].flatMap((home) => ['32.72', '32.72.03', '32.02'].map((region) => `${role} of ${role === Role.ADMIN_PUSAT ? 'all' : home} → ${region}: ${expected(role, home, region)}`)),
      ),
    );
  });

  it('reports: the desa gaps of a 32.72 kecamatan (a PSM worker registered at a desa) never reach an admin of 32.02', async () => {
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    const local = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const psm = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.PSM });
    await t.http.patch(`/api/workers/${psm.id}`).set(local.headers).send({ regionCode: '32.72.03.1001' }).expect(200);
    await t.app.get(ReportsService).foldChanges();
    const own = await t.http.get('/api/reports/gaps/desa?pillar=PSM').set(local.headers).expect(200);
    expect(own.body.items.map((d: { code: string }) => d.code)).toContain('32.72.03.1001');
    for (const path of ['/api/reports/gaps/desa?pillar=PSM&region=32.72', '/api/reports/gaps/desa.xlsx?pillar=PSM&region=32.72.03', '/api/reports/gaps/desa.csv?pillar=PSM&region=32.72']) {
      expect([path, (await t.http.get(path).set(foreign.headers)).status]).toEqual([path, 404]);
    }
    const theirs = await t.http.get('/api/reports/gaps/desa?pillar=PSM').set(foreign.headers).expect(200);
    expect(JSON.stringify(theirs.body)).not.toContain('32.72.03');
  });

  it('events: cancelling a 32.72 event, as each role of each region (its own trainer, another trainer, admins, a worker)', async () => {
    const owner = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    const newEvent = async () =>
      (
        await t.http
          .post('/api/events')
          .set(owner.headers)
          .send({ title: 'Kegiatan Kota Sukabumi', regionCode: '32.72', venue: 'Aula', days: [{ date: '2099-12-14', start: '08:00', end: '12:00' }] })
          .expect(201)
      ).body.id as string;
    const callers: Array<[string, TestUser]> = [['its trainer', owner]];
    for (const home of ['32.72', '32.02']) {
      for (const role of [Role.PELATIH, Role.ADMIN_DINSOS, Role.PESERTA]) callers.push([`${role} of ${home}`, await createUser(t, { role, regionCode: role === Role.PESERTA ? `${home}.03` : home })]);
    }
    callers.push(['ADMIN_PUSAT', await createUser(t, { role: Role.ADMIN_PUSAT })]);
    const answers: string[] = [];
    for (const [label, caller] of callers) {
      const id = await newEvent();
      const res = await t.http.post(`/api/events/${id}/cancel`).set(caller.headers).send({ reason: 'Anggaran kegiatan dipotong tahun ini.' });
      const [row] = await db.query(`SELECT cancelled_at IS NOT NULL AS cancelled FROM events WHERE id = $1`, [id]);
      answers.push([`${label}: ${res.status}`, res.body.code, row.cancelled ? '(cancelled)' : ''].filter(Boolean).join(' '));
    }
    expect(answers).toEqual([
      'its trainer: 200 (cancelled)',
      'PELATIH of 32.72: 403 EVENT_NOT_TRAINER',
      'ADMIN_DINSOS of 32.72: 200 (cancelled)',
      'PESERTA of 32.72: 403 FORBIDDEN',
      'PELATIH of 32.02: 404 EVENT_NOT_FOUND',
      'ADMIN_DINSOS of 32.02: 404 EVENT_NOT_FOUND',
      'PESERTA of 32.02: 403 FORBIDDEN',
      'ADMIN_PUSAT: 200 (cancelled)',
    ]);
  });

  it('studio: an admin of another region (32.02) can neither see nor review a 32.72 draft by any studio route; a trainer cannot review', async () => {
    const trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    const slug = 'rahasia-kota-sukabumi';
    const draft = (await t.http.post('/api/studio/drafts').set(trainer.headers).send({ slug, title: 'Kursus Rahasia Kota' }).expect(201)).body as { id: string };
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    const leaks: string[] = [];
    for (const route of routes.filter((r) => r.path.startsWith('/api/studio/drafts/:id') && r.policy && !r.policy.public && r.policy.roles.includes(Role.ADMIN_DINSOS))) {
      const path = route.path.replace(':id', draft.id).replace(':name', 'x.webp').replace('*', 'course.yaml');
      const request = t.http[route.method.toLowerCase() as 'get'](path).set(foreign.headers);
      const res = ['POST', 'PUT'].includes(route.method) ? await request.send(route.path.endsWith('/review') ? { decision: 'approve' } : { markdown: 'x' }) : await request;
      if (res.status !== 404 || JSON.stringify(res.body).includes(slug)) leaks.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(leaks).toEqual([]);
    expect((await t.http.get('/api/studio/drafts').set(foreign.headers).expect(200)).body.items).toEqual([]);
    expect((await t.http.post(`/api/studio/drafts/${draft.id}/review`).set(trainer.headers).send({ decision: 'approve' }).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('field tasks: an admin of another region (32.02) can neither see, claim, assign nor review a 32.72 submission by any route', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03' });
    const enrollmentId = (await enroll(t, worker)).id;
    const [task] = (await t.http.get(`/api/enrollments/${enrollmentId}/tasks`).set(worker.headers).expect(200)).body.items as Array<{ id: string; reportMinWords: number | null }>;
    const submitted = await t.http
      .post(`/api/tasks/${task.id}/submissions`)
      .set(worker.headers)
      .field('enrollmentId', enrollmentId)
      .field('report', reportOf(task.reportMinWords ?? 0))
      .expect(201);
    const id = submitted.body.id as string;
    const state = () => db.query(`SELECT status, claimed_by, reviewer_id, appealed_at FROM task_submissions WHERE id = $1`, [id]);
    const before = await state();
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    const trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    const leaks: string[] = [];
    for (const route of routes.filter((r) => r.path.startsWith('/api/submissions/:id') && r.policy && !r.policy.public && r.policy.roles.includes(Role.ADMIN_DINSOS))) {
      const path = route.path.replace(':id', id).replace(':n', '1');
      const request = t.http[route.method.toLowerCase() as 'get'](path).set(foreign.headers);
      const bodies: Record<string, object> = { assign: { reviewerId: trainer.id }, review: { levels: {}, decision: 'fail' }, appeal: { reason: 'Alasan banding yang cukup panjang.' } };
      const res = route.method === 'POST' ? await request.send(bodies[path.split('/').at(-1) ?? ''] ?? {}) : await request;
      if (res.status !== 404 || JSON.stringify(res.body).includes(worker.id)) leaks.push(`${route.method} ${route.path}: ${res.status}`);
    }
    for (const path of ['/api/reviews', '/api/reviews?status=overdue', '/api/reviews/overdue-summary']) {
      const res = await t.http.get(path).set(foreign.headers).expect(200);
      if (JSON.stringify(res.body).includes(id)) leaks.push(`GET ${path} revealed the submission`);
    }
    expect(leaks).toEqual([]);
    expect(await state()).toEqual(before);
  });
});
