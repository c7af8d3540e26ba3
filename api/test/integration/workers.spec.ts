import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { createUser, Pillar, refusal, Role, type TestUser, UserStatus } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

describe('workers', () => {
  let t: TestApp;
  let db: DataSource;
  let kota: TestUser; // admin of Kota Sukabumi (32.72)
  let kabupaten: TestUser; // admin of Kabupaten Sukabumi (32.02)
  let national: TestUser;
  let citamiang: TestUser;
  let palabuhanratu: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    kota = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    kabupaten = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    national = await createUser(t, { role: Role.ADMIN_PUSAT });
    citamiang = await createUser(t, { regionCode: '32.72.03', pillar: Pillar.TKSK, name: 'Cecep Citamiang', phone: '+6281233330001' });
    palabuhanratu = await createUser(t, { regionCode: '32.02.01', pillar: Pillar.TAGANA, name: 'Pepen Palabuhanratu', phone: '+6281233330002' });
    // A region code that shares a prefix with 32.72 without being inside it must not leak either.
    await createUser(t, { regionCode: '32.73.01', pillar: Pillar.PSM, name: 'Bandung Tetangga' });
  });
  afterAll(() => t.close());

  const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((w) => w.name);

  describe('a Kota Sukabumi admin and a worker of Kabupaten Sukabumi', () => {
    it('cannot list it, filtered or not', async () => {
      expect(names(await t.http.get('/api/workers?pageSize=1000').set(kota.headers).expect(200))).toEqual(['Cecep Citamiang']);
      expect((await t.http.get('/api/workers?region=32.02').set(kota.headers).expect(200)).body.total).toBe(0);
      expect((await t.http.get('/api/workers?q=Pepen').set(kota.headers).expect(200)).body.total).toBe(0);
      expect((await t.http.get('/api/workers?q=0812-3333-0002').set(kota.headers).expect(200)).body.total).toBe(0);
    });

    it("files a foreign region's export and activation codes under the caller's own region, the filter as a detail (F-L5)", async () => {
      await t.http.get('/api/workers/export?region=32.02').set(kota.headers).buffer(true).parse(binary).expect(200);
      await t.http.post('/api/workers/activation-codes?region=32.02').set(kota.headers).expect((res) => expect(res.status).toBeLessThan(300));
      const entries = await db.query(`SELECT action, region_code, details FROM audit_log WHERE actor_id = $1 AND action IN ('worker.export', 'worker.activation_codes') ORDER BY action`, [kota.id]);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect(entry).toMatchObject({ region_code: '32.72', details: expect.objectContaining({ region: '32.02' }) });
      expect(await db.query(`SELECT 1 FROM audit_log WHERE actor_id = $1 AND region_code LIKE '32.02%'`, [kota.id])).toEqual([]);
    });

    it('cannot read it: 404 exactly like an id that does not exist', async () => {
      const guessed = await t.http.get(`/api/workers/${palabuhanratu.id}`).set(kota.headers).expect(404);
      const missing = await t.http.get('/api/workers/0b5e2b1e-0000-4000-8000-000000000000').set(kota.headers).expect(404);
      expect(guessed.body).toEqual(missing.body);
      expect(missing.body).toMatchObject({ code: 'WORKER_NOT_FOUND', message: 'Pekerja tidak ditemukan.' });
      await t.http.get('/api/workers/not-a-uuid').set(kota.headers).expect(404);
    });

    it('cannot change, approve or reset it', async () => {
      const before = await db.query(`SELECT * FROM users WHERE id = $1`, [palabuhanratu.id]);
      await t.http.patch(`/api/workers/${palabuhanratu.id}`).set(kota.headers).send({ name: 'Diubah', regionCode: '32.72.03' }).expect(404).expect(refusal('WORKER_NOT_FOUND'));
      await t.http.post(`/api/workers/${palabuhanratu.id}/approve`).set(kota.headers).expect(404).expect(refusal('WORKER_NOT_FOUND'));
      await t.http.post(`/api/workers/${palabuhanratu.id}/reset`).set(kota.headers).expect(404).expect(refusal('WORKER_NOT_FOUND'));
      expect(await db.query(`SELECT * FROM users WHERE id = $1`, [palabuhanratu.id])).toEqual(before);
      await t.http.get('/api/me').set(palabuhanratu.headers).expect(200);
    });

    it('cannot export it, nor issue it an activation code', async () => {
      const res = await t.http.get('/api/workers/export').set(kota.headers).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = await sheetRows(res.body);
      expect(rows.map((r) => r[0])).toEqual(['nama', 'Cecep Citamiang']);
      await db.query(`UPDATE users SET status = 'INVITED' WHERE id = $1`, [palabuhanratu.id]);
      const codes = await t.http.post('/api/workers/activation-codes').set(kota.headers).expect(200);
      expect(codes.body.items.map((c: { id: string }) => c.id)).not.toContain(palabuhanratu.id);
      await db.query(`UPDATE users SET status = 'ACTIVE', activation_code_hash = NULL WHERE id = $1`, [palabuhanratu.id]);
    });

    it('the Kabupaten admin and the national admin do see it', async () => {
      expect(names(await t.http.get('/api/workers').set(kabupaten.headers).expect(200))).toEqual(['Pepen Palabuhanratu']);
      await t.http.get(`/api/workers/${palabuhanratu.id}`).set(national.headers).expect(200);
      expect((await t.http.get('/api/workers?region=32.02').set(national.headers).expect(200)).body.total).toBe(1);
    });
  });

  it('filters by pillar, status, region and by name or phone', async () => {
    const pending = await createUser(t, { regionCode: '32.72.01', pillar: Pillar.TAGANA, status: UserStatus.PENDING, name: 'Nunung Pending', signedOut: true });
    const get = (query: string) => t.http.get(`/api/workers?${query}`).set(kota.headers);
    const list = (query: string) => get(query).expect(200);
    expect(names(await list('pillar=TAGANA'))).toEqual(['Nunung Pending']);
    expect(names(await list('status=PENDING'))).toEqual(['Nunung Pending']);
    expect(names(await list('region=32.72.03'))).toEqual(['Cecep Citamiang']);
    expect(names(await list('q=cecep'))).toEqual(['Cecep Citamiang']);
    expect(names(await list('q=0812 3333 0001'))).toEqual(['Cecep Citamiang']);
    expect(names(await list('q=%25'))).toEqual([]);
    await get('pillar=POLISI').expect(400).expect(refusal('VALIDATION_FAILED', 'pillar'));
    expect((await list('page=1&pageSize=1')).body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    await db.query(`DELETE FROM users WHERE id = $1`, [pending.id]);
  });

  it('approves a self-registered worker once', async () => {
    const pending = await createUser(t, { regionCode: '32.72.02', status: UserStatus.PENDING, password: 'menunggu sejak kemarin', signedOut: true });
    await t.http.post('/api/auth/login').send({ phone: pending.phone, password: 'menunggu sejak kemarin' }).expect(403);
    await t.http.post(`/api/workers/${pending.id}/reset`).set(kota.headers).expect(409).expect(refusal('WORKER_PENDING_APPROVAL'));
    const res = await t.http.post(`/api/workers/${pending.id}/approve`).set(kota.headers).expect(200);
    expect(res.body.status).toBe('ACTIVE');
    await t.http.post(`/api/workers/${pending.id}/approve`).set(kota.headers).expect(409).expect(refusal('WORKER_NOT_PENDING'));
    await t.http.post('/api/auth/login').send({ phone: pending.phone, password: 'menunggu sejak kemarin' }).expect(200);
    const [audit] = await db.query(`SELECT actor_id, region_code FROM audit_log WHERE action = 'worker.approve' AND target_id = $1`, [pending.id]);
    expect(audit).toEqual({ actor_id: kota.id, region_code: '32.72.02' });
  });

  it('resets a password: a new code, the old password and sessions stop working, the code activates once', async () => {
    const worker = await createUser(t, { regionCode: '32.72.03', password: 'lupa kata sandi lama' });
    const res = await t.http.post(`/api/workers/${worker.id}/reset`).set(kota.headers).expect(200);
    expect(res.body.code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/);
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    await t.http.get('/api/me').set(worker.headers).expect(401);
    await t.http.post('/api/auth/login').send({ phone: worker.phone, password: 'lupa kata sandi lama' }).expect(401);
    await t.http.post('/api/auth/activate').send({ phone: worker.phone, code: res.body.code, password: 'kata sandi yang baru' }).expect(200);
    await t.http.post('/api/auth/activate').send({ phone: worker.phone, code: res.body.code, password: 'kata sandi lain lagi' }).expect(401);
    const [stored] = await db.query(`SELECT activation_code_hash FROM users WHERE id = $1`, [worker.id]);
    expect(stored.activation_code_hash).toBeNull();
    expect(JSON.stringify(await db.query(`SELECT details FROM audit_log`))).not.toContain(res.body.code);
  });

  it('issues activation codes to invited workers once, as JSON or XLSX', async () => {
    const invited = await createUser(t, { regionCode: '32.72.05', pillar: Pillar.SLRT, status: UserStatus.INVITED, signedOut: true });
    const first = await t.http.post('/api/workers/activation-codes?region=32.72.05').set(kota.headers).expect(200);
    expect(first.body.items).toEqual([expect.objectContaining({ id: invited.id, code: expect.stringMatching(/^[A-Z0-9]{8}$/) })]);
    const again = await t.http.post('/api/workers/activation-codes?region=32.72.05').set(kota.headers).expect(200);
    expect(again.body.total).toBe(0);
    await t.http.post('/api/auth/activate').send({ phone: invited.phone, code: first.body.items[0].code, password: 'siap belajar bimtek' }).expect(200);
    await db.query(`UPDATE users SET status = 'INVITED', activation_code_hash = NULL WHERE id = $1`, [invited.id]);
    const xlsx = await t.http.post('/api/workers/activation-codes?format=xlsx').set(kota.headers).buffer(true).parse(binary).expect(200);
    const rows = await sheetRows(xlsx.body);
    expect(rows[0]).toEqual(['nama', 'no_hp', 'kode_wilayah', 'kode_aktivasi', 'berlaku_sampai']);
    expect(rows.length).toBe(2);
  });

  it('changes a worker within scope, refuses to move it out, and audits the change', async () => {
    const worker = await createUser(t, { regionCode: '32.72.03', pillar: Pillar.TKSK, name: 'Lama' });
    const res = await t.http.patch(`/api/workers/${worker.id}`).set(kota.headers).send({ name: 'Baru', pillar: 'PSM', regionCode: '32.72.04' }).expect(200);
    expect(res.body).toMatchObject({ name: 'Baru', pillar: 'PSM', regionCode: '32.72.04' });
    await t.http.patch(`/api/workers/${worker.id}`).set(kota.headers).send({ regionCode: '32.02.01' }).expect(400).expect(refusal('WORKER_REGION_OUT_OF_SCOPE', 'regionCode'));
    await t.http.patch(`/api/workers/${worker.id}`).set(kota.headers).send({ regionCode: '32' }).expect(400).expect(refusal('WORKER_REGION_WRONG_LEVEL', 'regionCode'));
    await t.http.patch(`/api/workers/${worker.id}`).set(kota.headers).send({ regionCode: '32.72.99' }).expect(400).expect(refusal('REGION_NOT_FOUND', 'regionCode'));
    await t.http.patch(`/api/workers/${worker.id}`).set(kota.headers).send({ name: ' ' }).expect(400).expect(refusal('WORKER_NAME_INVALID', 'name'));
    await t.http.patch(`/api/workers/${worker.id}`).set(kota.headers).send({ role: 'ADMIN_PUSAT' }).expect(400).expect(refusal('VALIDATION_FAILED', 'role'));
    const [audit] = await db.query(`SELECT details FROM audit_log WHERE action = 'worker.update' AND target_id = $1`, [worker.id]);
    expect(audit.details).toMatchObject({ fields: ['name', 'pillar', 'region_code'], fromRegion: '32.72.03', toRegion: '32.72.04' });
  });

  it('keeps odd names exactly as written, through registration, change and export', async () => {
    const odd = ["Ni Luh Putu Sari'ah", 'ᬳᬶᬦ᭄ᬤᬸ ᬩᬮᬶ', 'Sukarno', 'Siti 🌸 Aminah', 'Zero\u200bWidth\u200dJoiner', 'A'.repeat(200), '=1+1'];
    for (const [i, name] of odd.entries()) {
      const phone = `08123456${String(7000 + i)}`;
      await t.http.post('/api/auth/register').send({ name, phone, pillar: 'PSM', regionCode: '32.72.06', password: 'nama yang unik sekali' }).expect(202);
      const [row] = await db.query(`SELECT id FROM users WHERE phone = $1`, [`+62${phone.slice(1)}`]);
      const read = await t.http.get(`/api/workers/${row.id}`).set(kota.headers).expect(200);
      expect(read.body.name).toBe(name);
      await t.http.patch(`/api/workers/${row.id}`).set(kota.headers).send({ name }).expect(200);
      expect((await t.http.get(`/api/workers/${row.id}`).set(kota.headers).expect(200)).body.name).toBe(name);
    }
    const res = await t.http.get('/api/workers/export?region=32.72.06').set(kota.headers).buffer(true).parse(binary).expect(200);
    const exported = (await sheetRows(res.body)).slice(1).map((r) => r[0]);
    expect(exported).toEqual(expect.arrayContaining(odd.slice(0, 6)));
    expect(exported).toContain("'=1+1");
  });

  it('is for admins only', async () => {
    await t.http.get('/api/workers').set(citamiang.headers).expect(403);
    const trainer = await createUser(t, { role: Role.PELATIH });
    await t.http.get('/api/workers').set(trainer.headers).expect(403);
    await t.http.get('/api/workers').expect(401);
  });
});

function binary(res: unknown, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  (res as NodeJS.ReadableStream).on('data', (chunk: Buffer) => chunks.push(chunk));
  (res as NodeJS.ReadableStream).on('end', () => done(null, Buffer.concat(chunks)));
}

async function sheetRows(body: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}
