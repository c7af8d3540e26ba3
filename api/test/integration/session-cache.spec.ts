/**
 * Decision 035: each process caches sessions, and every change to a session or to the account behind it reaches every
 * process through PostgreSQL's NOTIFY at commit. Two Nest applications on one database: what one instance changes,
 * the other refuses or shows as soon as its own copy of the notification has arrived (the test waits for that
 * delivery, which a loaded CI machine once delayed past the first instance's answer); without its listening
 * connection an instance reads every session from the database.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { SESSION_LISTENER_NAME, SessionCache } from '../../src/auth/session-cache';
import { sha256 } from '../../src/auth/tokens';
import { createUser, newSessionFor, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

interface Instance {
  app: NestFastifyApplication;
  http: TestAgent;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('session cache across instances (decision 035)', () => {
  let a: TestApp;
  let b: Instance;
  let db: DataSource;

  beforeAll(async () => {
    // Off by default under NODE_ENV=test (other specs change sessions in SQL and ask again at once): on here.
    process.env.SESSION_CACHE_MS = '5000';
    a = await createTestApp();
    db = a.app.get(DataSource);
    // A second application on the same database (DATABASE_URL is still the first one's).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after createTestApp set the configuration
    const { createApp } = require('../../src/app.factory') as typeof import('../../src/app.factory.js');
    const app = await createApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    b = { app, http: supertest(app.getHttpServer()) };
    await until(() => a.app.get(SessionCache).active && b.app.get(SessionCache).active, 'both instances listen');
  }, 60_000);
  afterAll(async () => {
    await b?.app.close();
    await a?.close();
  });

  /** The statements instance `b` sends while `action` runs. */
  async function statementsOnB(action: () => Promise<unknown>): Promise<string[]> {
    const logger = b.app.get(DataSource).logger;
    const statements: string[] = [];
    const spy = jest.spyOn(logger, 'logQuery').mockImplementation((query: string) => void statements.push(query.replace(/\s+/g, ' ').trim()));
    try {
      await action();
    } finally {
      spy.mockRestore();
    }
    return statements;
  }

  /** Runs one of the API's own changes of `user` on instance a, then waits until b has heard of it. */
  async function changedOnA(user: TestUser, change: () => Promise<unknown>): Promise<void> {
    const heardOnB = b.app.get(SessionCache).heard(user.id, 5000);
    await change();
    await heardOnB.wait();
  }

  /** `user`'s session is in b's cache: its next /api/me there makes no statement. */
  async function cachedOnB(user: TestUser, token = user.token): Promise<void> {
    await b.http.get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(await statementsOnB(() => b.http.get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200))).toEqual([]);
  }

  it('answers a known session and GET /api/me from memory while nothing changed', async () => {
    const user = await createUser(a, { role: Role.PESERTA });
    const first = await statementsOnB(() => b.http.get('/api/me').set(user.headers).expect(200));
    // (b may read the region's name once, the first time it meets that region.)
    expect(first.filter((statement) => !/FROM "regions"/.test(statement))).toEqual([expect.stringMatching(/^SELECT s\.id AS session_id, .* FROM auth_sessions s JOIN users u /)]);
    const again = await statementsOnB(async () => {
      const res = await b.http.get('/api/me').set(user.headers).expect(200);
      expect(res.body).toMatchObject({ id: user.id, name: user.name, role: 'PESERTA', regionCode: '32.72.03', regionName: 'Citamiang', status: 'ACTIVE' });
    });
    expect(again).toEqual([]);
  });

  it('refuses a signed-out session on the other instance once it has heard', async () => {
    const user = await createUser(a);
    await cachedOnB(user);
    await changedOnA(user, () => a.http.post('/api/auth/logout').set(user.headers).expect(204));
    await b.http.get('/api/me').set(user.headers).expect(401);
  });

  it('refuses a session revoked from another device, and the others after a password change', async () => {
    const user = await createUser(a, { password: 'kata sandi lama sekali 1' });
    const other = await newSessionFor(a, user.id);
    const third = await newSessionFor(a, user.id);
    await cachedOnB(user, other);
    await cachedOnB(user, third);
    const [{ id: otherId }] = await db.query(`SELECT id FROM auth_sessions WHERE token_hash = $1`, [sha256(other)]);
    await changedOnA(user, () => a.http.delete(`/api/auth/sessions/${otherId}`).set(user.headers).expect(204));
    await b.http.get('/api/me').set({ Authorization: `Bearer ${other}` }).expect(401);
    await b.http.get('/api/me').set({ Authorization: `Bearer ${third}` }).expect(200);
    await changedOnA(user, () =>
      a.http.post('/api/auth/password').set(user.headers).send({ currentPassword: 'kata sandi lama sekali 1', newPassword: 'kata sandi baru sekali 2' }).expect(200),
    );
    await b.http.get('/api/me').set({ Authorization: `Bearer ${third}` }).expect(401);
    await b.http.get('/api/me').set({ Authorization: `Bearer ${other}` }).expect(401);
    await b.http.get('/api/me').set(user.headers).expect(200);
  });

  it('refuses a disabled account on the other instance: a write at once, a read as soon as the notification arrives', async () => {
    const user = await createUser(a);
    await cachedOnB(user);
    // Disabled by hand (no route does it): the write is not the API's, so nothing waits for the notification.
    const heard = b.app.get(SessionCache).heard(user.id, 5000);
    await db.query(`UPDATE users SET status = 'DISABLED' WHERE id = $1`, [user.id]);
    // A write always asks the database: refused at once, before b may even have heard.
    await b.http.post('/api/auth/sessions/revoke-others').set(user.headers).expect(401);
    // A read: from the moment b has heard of it (PostgreSQL delivers at commit; the wait is the delivery).
    await heard.wait();
    await b.http.get('/api/me').set(user.headers).expect(401);
  });

  it('applies a role change on the other instance once it has heard', async () => {
    const admin = await createUser(a, { role: Role.ADMIN_PUSAT });
    const trainer = await createUser(a, { role: Role.PELATIH, regionCode: '32.72' });
    await cachedOnB(trainer);
    await b.http.get('/api/users').set(trainer.headers).expect(403);
    await changedOnA(trainer, () => a.http.patch(`/api/users/${trainer.id}/role`).set(admin.headers).send({ role: Role.ADMIN_DINSOS, regionCode: '32.72' }).expect(200));
    const me = await b.http.get('/api/me').set(trainer.headers).expect(200);
    expect(me.body).toMatchObject({ role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    await b.http.get('/api/users').set(trainer.headers).expect(200);
  });

  it('reads every session from the database while its listening connection is down, and caches again once it is back', async () => {
    const user = await createUser(a);
    await cachedOnB(user);
    // Keep the listeners from coming back while the test looks (their LISTEN fails), then cut the ones that listen.
    const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
    const listenRefused = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      if (typeof args[0] === 'string' && args[0].startsWith('LISTEN ')) return Promise.reject(new Error('LISTEN refused by the test'));
      return query.apply(this, args);
    } as typeof Client.prototype.query);
    try {
      await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [SESSION_LISTENER_NAME]);
      await until(() => !b.app.get(SessionCache).active, 'b has lost its listener');
      for (let i = 0; i < 2; i++) {
        expect(await statementsOnB(() => b.http.get('/api/me').set(user.headers).expect(200))).toEqual([expect.stringMatching(/FROM auth_sessions s JOIN users u/)]);
      }
      // No instance hears this change; b still shows it at once, as it reads the database.
      await db.query(`UPDATE users SET name = 'Nama Baru Tanpa Kabar' WHERE id = $1`, [user.id]);
      expect((await b.http.get('/api/me').set(user.headers).expect(200)).body.name).toBe('Nama Baru Tanpa Kabar');
    } finally {
      listenRefused.mockRestore();
    }
    await until(() => b.app.get(SessionCache).active, 'b listens again');
    await cachedOnB(user);
  }, 30_000);
});
