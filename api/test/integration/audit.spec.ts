import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../../src/audit/audit.service';
import { createUser, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

describe('audit log', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('an admin reads the entries of their own region only; the national admin reads all', async () => {
    const kota = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const kabupaten = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    const inKota = await createUser(t, { regionCode: '32.72.03', password: 'masuk dari kota', signedOut: true });
    const inKabupaten = await createUser(t, { regionCode: '32.02.01', password: 'masuk dari kabupaten', signedOut: true });
    await t.http.post('/api/auth/login').send({ phone: inKota.phone, password: 'masuk dari kota' }).expect(200);
    await t.http.post('/api/auth/login').send({ phone: inKabupaten.phone, password: 'masuk dari kabupaten' }).expect(200);
    await t.http.post('/api/auth/login').send({ phone: inKabupaten.phone, password: 'salah' }).expect(401);

    const kotaView = await t.http.get('/api/audit?action=auth.login').set(kota.headers).expect(200);
    expect(kotaView.body.items.map((e: { targetId: string }) => e.targetId)).toEqual([inKota.id]);
    expect(kotaView.body.items[0]).toMatchObject({ action: 'auth.login', actorId: inKota.id, actorName: inKota.name, regionCode: '32.72.03', ip: expect.any(String) });

    const kabupatenView = await t.http.get('/api/audit').set(kabupaten.headers).expect(200);
    expect(kabupatenView.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['auth.login', 'auth.login_failed']);
    expect(JSON.stringify(kabupatenView.body)).not.toContain(inKota.id);

    const all = await t.http.get(`/api/audit?targetId=${inKabupaten.id}`).set(national.headers).expect(200);
    expect(all.body.total).toBe(2);
    const paged = await t.http.get('/api/audit?pageSize=1&page=2').set(national.headers).expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, items: [expect.any(Object)] });
  });

  it('filters by time and refuses bad filters', async () => {
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    const future = await t.http.get('/api/audit?from=2999-01-01').set(national.headers).expect(200);
    expect(future.body.total).toBe(0);
    await t.http.get('/api/audit?from=kemarin').set(national.headers).expect(400);
    await t.http.get('/api/audit?actorId=123').set(national.headers).expect(400);
  });

  it('filters by an action of any domain, and refuses an action it does not know with a coded 400', async () => {
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    await t.app.get(AuditService).record({ action: AuditAction.EVENT_CANCEL, actor: national, targetType: 'event', targetId: 'filter-test-event', details: { reason: 'banjir' } });
    const cancelled = await t.http.get('/api/audit?action=event.cancel').set(national.headers).expect(200);
    expect(cancelled.body.items).toEqual([expect.objectContaining({ action: 'event.cancel', targetId: 'filter-test-event' })]);

    const countBefore = (await db.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n;
    for (const unknown of ['event.explode', 'test.secret', 'EVENT_CANCEL']) {
      const refused = await t.http.get(`/api/audit?action=${unknown}`).set(national.headers).expect(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'action', code: 'IS_ENUM', message: expect.stringContaining('action') }] });
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n).toBe(countBefore);
  });

  it('is closed to workers and trainers', async () => {
    await t.http.get('/api/audit').set((await createUser(t)).headers).expect(403);
    await t.http.get('/api/audit').set((await createUser(t, { role: Role.PELATIH })).headers).expect(403);
  });

  it('never keeps a NIK, password, code or token in its details', async () => {
    const details = { nik: '3272031505900001', password: 'x', activationCode: 'ABCDEFGH', token: 't', regionCode: '32.72', rows: 3 };
    await t.app.get(AuditService).record({ action: AuditAction.WORKER_UPDATE, targetType: 'user', targetId: 'secret-test', details });
    const [row] = await db.query(`SELECT details FROM audit_log WHERE target_id = 'secret-test'`);
    expect(row.details).toEqual({ regionCode: '32.72', rows: 3 });
  });
});
