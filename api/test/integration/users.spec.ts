import { DataSource } from 'typeorm';
import { UsersService } from '../../src/users/users.service';
import { createUser, Pillar, refusal, Role, UserStatus } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

describe('staff accounts, roles and scopes', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('a Dinsos admin creates a trainer of its region, who activates with the code', async () => {
    const kota = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const res = await t.http.post('/api/users').set(kota.headers).send({ name: 'Euis Komariah', phone: '0812 7000 1234', role: 'PELATIH', regionCode: '32.72' }).expect(201);
    expect(res.body.user).toMatchObject({ name: 'Euis Komariah', phone: '+6281270001234', role: 'PELATIH', regionCode: '32.72', status: 'INVITED' });
    const activated = await t.http.post('/api/auth/activate').send({ phone: '081270001234', code: res.body.code, password: 'melatih dengan sabar' }).expect(200);
    expect(activated.body.user.role).toBe('PELATIH');
    const list = await t.http.get('/api/users?role=PELATIH').set(kota.headers).expect(200);
    expect(list.body.items.map((u: { name: string }) => u.name)).toEqual(['Euis Komariah']);
    await t.http.post('/api/users').set(kota.headers).send({ name: 'Lagi', phone: '0812 7000 1234', role: 'PELATIH', regionCode: '32.72' }).expect(409).expect(refusal('USER_PHONE_TAKEN', 'phone'));
  });

  it('a Dinsos admin cannot create accounts outside its region, nor national admins', async () => {
    const kota = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    await t.http.post('/api/users').set(kota.headers).send({ name: 'Asing', phone: '081270005678', role: 'ADMIN_DINSOS', regionCode: '32.02' }).expect(403).expect(refusal('USER_REGION_OUT_OF_SCOPE', 'regionCode'));
    await t.http.post('/api/users').set(kota.headers).send({ name: 'Pusat', phone: '081270005679', role: 'ADMIN_PUSAT' }).expect(403).expect(refusal('USER_ROLE_NOT_ALLOWED', 'role'));
    await t.http.post('/api/users').set(kota.headers).send({ name: 'Peserta', phone: '081270005680', role: 'PESERTA', regionCode: '32.72' }).expect(400).expect(refusal('VALIDATION_FAILED', 'role'));
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM users WHERE phone LIKE '+62812700056%'`);
    expect(n).toBe(0);
  });

  it('refuses a region that does not fit the role', async () => {
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    await t.http.post('/api/users').set(national.headers).send({ name: 'A', phone: '081270009001', role: 'ADMIN_DINSOS', regionCode: '32.72.03' }).expect(400).expect(refusal('USER_REGION_WRONG_LEVEL', 'regionCode'));
    await t.http.post('/api/users').set(national.headers).send({ name: 'B', phone: '081270009002', role: 'ADMIN_DINSOS' }).expect(400).expect(refusal('USER_REGION_WRONG_LEVEL', 'regionCode'));
    await t.http.post('/api/users').set(national.headers).send({ name: 'C', phone: '081270009003', role: 'ADMIN_PUSAT', regionCode: '32' }).expect(400).expect(refusal('USER_REGION_NOT_ALLOWED', 'regionCode'));
    await t.http.post('/api/users').set(national.headers).send({ name: 'E', phone: '081270009005', role: 'PELATIH', regionCode: '32.99' }).expect(400).expect(refusal('REGION_NOT_FOUND', 'regionCode'));
    await t.http.post('/api/users').set(national.headers).send({ name: 'F', phone: '021-555-1234', role: 'PELATIH' }).expect(400).expect(refusal('USER_PHONE_INVALID', 'phone'));
    await t.http.post('/api/users').set(national.headers).send({ name: '   ', phone: '081270009006', role: 'PELATIH' }).expect(400).expect(refusal('USER_NAME_INVALID', 'name'));
    await t.http.post('/api/users').set(national.headers).send({ name: 'D', phone: '081270009004', role: 'ADMIN_DINSOS', regionCode: '32' }).expect(201);
  });

  it('only the national admin changes roles and scopes; the change applies at once and is audited for both regions', async () => {
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    const kota = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const worker = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK });
    await t.http.patch(`/api/users/${worker.id}/role`).set(kota.headers).send({ role: 'ADMIN_DINSOS', regionCode: '32.72' }).expect(403).expect(refusal('FORBIDDEN'));
    await t.http.get('/api/workers').set(worker.headers).expect(403);
    const res = await t.http.patch(`/api/users/${worker.id}/role`).set(national.headers).send({ role: 'ADMIN_DINSOS', regionCode: '32.02' }).expect(200);
    expect(res.body).toMatchObject({ role: 'ADMIN_DINSOS', regionCode: '32.02', pillar: null });
    await t.http.get('/api/workers').set(worker.headers).expect(200);
    const trail = await t.http.get(`/api/audit?action=user.role_change&targetId=${worker.id}`).set(kota.headers).expect(200);
    expect(trail.body.items).toEqual([
      expect.objectContaining({ actorId: national.id, regionCode: '32.72.03', details: { fromRole: 'PESERTA', toRole: 'ADMIN_DINSOS', fromRegion: '32.72.03', toRegion: '32.02' } }),
    ]);
    await t.http.patch(`/api/users/${worker.id}/role`).set(national.headers).send({ role: 'PESERTA', regionCode: '32.02.01' }).expect(400).expect(refusal('USER_PILLAR_REQUIRED', 'pillar'));
    await t.http.patch(`/api/users/${national.id}/role`).set(national.headers).send({ role: 'PESERTA', regionCode: '32.02.01', pillar: 'PSM' }).expect(403).expect(refusal('USER_OWN_ROLE'));
    await t.http.patch('/api/users/5f0e0e0e-0000-4000-8000-000000000000/role').set(national.headers).send({ role: 'PELATIH' }).expect(404).expect(refusal('USER_NOT_FOUND'));
  });

  it('answers the lookups other domains make: one account, names, region, and the workers an assignment reaches', async () => {
    const users = t.app.get(UsersService);
    const tagana = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.TAGANA, name: 'Tagana Aktif' });
    const invited = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.TAGANA, status: UserStatus.INVITED, signedOut: true });
    const pending = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.TAGANA, status: UserStatus.PENDING, signedOut: true });
    const elsewhere = await createUser(t, { role: Role.PESERTA, regionCode: '32.02.01', pillar: Pillar.TAGANA });
    const psm = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.PSM });
    const trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    const unknown = '5f0e0e0e-0000-4000-8000-000000000001';

    expect(await users.findById(tagana.id)).toEqual({ id: tagana.id, name: 'Tagana Aktif', role: Role.PESERTA, pillar: Pillar.TAGANA, regionCode: '32.72.01', status: UserStatus.ACTIVE });
    expect(await users.findById(unknown)).toBeNull();
    expect(await users.namesOf([tagana.id, trainer.id, unknown])).toEqual(new Map([[tagana.id, 'Tagana Aktif'], [trainer.id, trainer.name]]));
    expect(await users.regionCodeOf(trainer.id)).toBe('32.72');
    expect(await users.regionCodeOf(unknown)).toBeNull();

    const reached = await users.workerIdsIn({ pillars: [Pillar.TAGANA], scope: { all: false, code: '32.72' } });
    expect(reached.sort()).toEqual([tagana.id, invited.id].sort());
    expect(reached).not.toContain(pending.id);
    const everywhere = await users.workerIdsIn({ pillars: [Pillar.TAGANA, Pillar.PSM], scope: { all: true } });
    expect(everywhere).toEqual(expect.arrayContaining([tagana.id, invited.id, elsewhere.id, psm.id]));
    expect(everywhere).not.toContain(trainer.id);
  });
});
