import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createUser, Pillar, refusal, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rosters');
const messyCsv = readFileSync(path.join(FIXTURES, 'messy.csv'));
const NIKS = ['3272034501900001', '3272031505900004', '3272010101010019'];

/** What the messy roster must produce for an admin of Kota Sukabumi: [row, column, a word of the message]. */
const EXPECTED_ERRORS: [number, string, RegExp][] = [
  [7, 'no_hp', /sama dengan baris 2/],
  [8, 'pilar', /Polisi.*tidak dikenal/],
  [9, 'kode_wilayah', /32\.99\.01 tidak ada/],
  [10, 'kode_wilayah', /di luar wilayah/],
  [11, 'nik', /NIK tidak valid/],
  [12, 'nama', /rumus/],
  [13, 'no_hp', /Nomor HP tidak valid/],
  [14, 'email', /email tidak valid/],
  [16, 'kode_wilayah', /provinsi/],
  [17, 'nik', /NIK sama dengan baris 2/],
  [18, 'nama', /rumus/],
  [19, 'no_hp', /tidak dapat diimpor/],
  [21, 'nama', /rumus/],
];

const CONFLICT = 'Baris ini tidak dapat diimpor: nomor HP atau NIK sudah dipakai akun lain. Hubungi admin pusat untuk menyelesaikannya.';

describe('roster import', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: TestUser;
  let foreignWorker: TestUser;
  const logged: string[] = [];
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

  beforeAll(async () => {
    process.env.ROSTER_SYNC_LIMIT = '60';
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    foreignWorker = await createUser(t, { role: Role.PESERTA, regionCode: '32.02.01', phone: '+6281211110016', name: 'Pekerja Kabupaten Sukabumi' });
    // Everything the process prints during these tests, to show no NIK ever reaches a log.
    const capture = (stream: 'stdout' | 'stderr') =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        logged.push(String(chunk));
        return (writes[stream] as (...args: unknown[]) => boolean).call(process[stream], chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    t.app.useLogger({
      log: (m: unknown) => logged.push(String(m)),
      error: (m: unknown) => logged.push(String(m)),
      warn: (m: unknown) => logged.push(String(m)),
      debug: (m: unknown) => logged.push(String(m)),
      verbose: (m: unknown) => logged.push(String(m)),
    });
  });
  afterAll(async () => {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    delete process.env.ROSTER_SYNC_LIMIT;
    await t.close();
  });

  const upload = (file: Buffer, name: string, query = '', user: TestUser = admin) =>
    t.http.post(`/api/rosters${query}`).set(user.headers).attach('file', file, name);

  const workerCount = async () => (await db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'PESERTA'`))[0].n;

  function expectMessyReport(body: { total: number; valid: number; errors: { row: number; column: string; message: string }[] }, extra: [number, string, RegExp][] = []) {
    const expected = [...EXPECTED_ERRORS, ...extra].sort((a, b) => a[0] - b[0]);
    expect(body.errors.map((e) => [e.row, e.column])).toEqual(expected.map(([row, column]) => [row, column]));
    body.errors.forEach((error, i) => expect(error.message).toMatch(expected[i][2]));
    expect(JSON.stringify(body)).not.toMatch(/\d{16}/);
  }

  it('a dry run reports every bad row of a messy CSV (semicolons, BOM, CRLF, blank rows) and changes nothing', async () => {
    const before = await workerCount();
    const res = await upload(messyCsv, 'daftar.csv', '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ total: 20, valid: 7, created: 7, updated: 0, unchanged: 0, dryRun: true });
    expectMessyReport(res.body);
    expect(await workerCount()).toBe(before);
  });

  it('imports the valid rows, exactly as written, and leaves the others out', async () => {
    const res = await upload(messyCsv, 'daftar.csv').expect(200);
    expect(res.body).toMatchObject({ total: 20, valid: 7, created: 7, updated: 0, unchanged: 0, dryRun: false });
    expectMessyReport(res.body);
    const rows = await db.query(
      `SELECT name, phone, pillar, region_code, status, nik_last4, email FROM users WHERE phone LIKE '+62812111100%' AND id <> $1 ORDER BY phone`,
      [foreignWorker.id],
    );
    expect(rows.map((r: { phone: string }) => r.phone.slice(-2))).toEqual(['01', '02', '03', '04', '12', '17', '19']);
    expect(rows[0]).toEqual({ name: 'Siti Aminah', phone: '+6281211110001', pillar: 'TKSK', region_code: '32.72.03', status: 'INVITED', nik_last4: '0001', email: 'siti@example.com' });
    expect(rows[1]).toMatchObject({ name: 'I Gusti Ngurah Rai', pillar: 'TAGANA', region_code: '32.72.01' });
    expect(rows[2]).toMatchObject({ name: "Dewi Ma'rifah", pillar: 'PSM', nik_last4: null });
    expect(rows[3]).toMatchObject({ name: 'Budi', pillar: 'KARANG_TARUNA', region_code: '32.72' });
    expect(rows[4]).toMatchObject({ name: 'Putu 🌸 Ayu', pillar: 'SLRT' });
    expect(rows[5].name).toMatch(/^Raden Mas (Panji Asmarabangun ){9}Wijaya$/);
    // The worker of Kabupaten Sukabumi whose phone appeared in the file is untouched.
    const [foreign] = await db.query(`SELECT name, region_code FROM users WHERE id = $1`, [foreignWorker.id]);
    expect(foreign).toEqual({ name: 'Pekerja Kabupaten Sukabumi', region_code: '32.02.01' });
    const [audit] = await db.query(`SELECT actor_id, region_code, details FROM audit_log WHERE action = 'roster.import' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ actor_id: admin.id, region_code: '32.72', details: { created: 7, total: 20, errors: 13, format: 'csv' } });
  });

  it('a second import of the same file creates and changes nothing', async () => {
    const snapshot = () => db.query(`SELECT * FROM users WHERE role = 'PESERTA' ORDER BY phone`);
    const before = await snapshot();
    const res = await upload(messyCsv, 'daftar.csv').expect(200);
    expect(res.body).toMatchObject({ total: 20, valid: 7, created: 0, updated: 0, unchanged: 7 });
    expect(await snapshot()).toEqual(before);
  });

  it('the same roster as XLSX (formula cells, numbers for phones and NIKs) gives the same answers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Daftar');
    const lines = messyCsv.toString('utf8').replace(/^\ufeff/, '').split('\r\n');
    const { parse } = await import('csv-parse/sync');
    lines.forEach((line, i) => {
      if (!line) return;
      const [cells] = parse(line, { delimiter: ';', relax_quotes: true });
      sheet.getRow(i + 1).values = cells;
    });
    sheet.getCell('A12').value = { formula: 'HYPERLINK("http://evil.example","klik")', result: 'klik' };
    sheet.getCell('B3').value = 81211110002; // Excel dropped the leading zero
    sheet.getRow(23).values = ['Numerik NIK', '0812-1111-0020', 'TKSK', '32.72.03', 3272031505900020];
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const res = await upload(xlsx, 'daftar.xlsx', '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ total: 21, valid: 7, created: 0, updated: 0, unchanged: 7 });
    expectMessyReport(res.body, [[23, 'nik', /angka/]]);
  });

  it('updates a changed row, matched by phone, and keeps what the file leaves empty', async () => {
    const csv = 'nama,no_hp,pilar,kode_wilayah,nik,email\n"Siti Aminah, S.Sos",081211110001,TKSK,32.72.04,,\n';
    const res = await upload(Buffer.from(csv), 'ubah.csv').expect(200);
    expect(res.body).toMatchObject({ total: 1, created: 0, updated: 1, unchanged: 0, errors: [] });
    const [row] = await db.query(`SELECT name, region_code, nik_last4, email FROM users WHERE phone = '+6281211110001'`);
    expect(row).toEqual({ name: 'Siti Aminah, S.Sos', region_code: '32.72.04', nik_last4: '0001', email: 'siti@example.com' });
  });

  it('registers workers at a desa: the dotted code or its ten digits (decision 033)', async () => {
    const csv = 'nama,no_hp,pilar,kode_wilayah\nPSM Desa,081211110090,PSM,32.72.03.1001\nKarang Taruna Desa,081211110091,KARANG_TARUNA,3272031002\n';
    const res = await upload(Buffer.from(csv), 'desa.csv').expect(200);
    expect(res.body).toMatchObject({ total: 2, created: 2, errors: [] });
    const rows = await db.query(`SELECT region_code FROM users WHERE phone IN ('+6281211110090', '+6281211110091') ORDER BY phone`);
    expect(rows).toEqual([{ region_code: '32.72.03.1001' }, { region_code: '32.72.03.1002' }]);
  });

  it('refuses a NIK that another worker already has', async () => {
    const csv = `nama,no_hp,pilar,kode_wilayah,nik\nOrang Lain,081299998888,TKSK,32.72.03,${NIKS[0]}\n`;
    const res = await upload(Buffer.from(csv), 'nik.csv').expect(200);
    expect(res.body.errors).toEqual([{ row: 2, column: 'nik', message: CONFLICT }]);
    expect(res.body.created).toBe(0);
  });

  it('a dry run from another region answers one message for a foreign worker, a staff phone and a foreign NIK (F-L6)', async () => {
    const otherAdmin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '33.74' });
    const trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72', phone: '+6281277770001' });
    const csv = [
      'nama,no_hp,pilar,kode_wilayah,nik',
      `Pekerja Asing,081211110016,TKSK,33.74.01,`,
      `Pelatih,${trainer.phone.replace('+62', '0')},TKSK,33.74.01,`,
      `NIK Asing,081299997777,TKSK,33.74.01,${NIKS[0]}`,
    ].join('\n');
    const res = await upload(Buffer.from(csv), 'oracle.csv', '?dryRun=true', otherAdmin).expect(200);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'no_hp', message: CONFLICT },
      { row: 3, column: 'no_hp', message: CONFLICT },
      { row: 4, column: 'nik', message: CONFLICT },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/32\.|Sukabumi|pengelola|pelatih/i);
  });

  it('refuses a 120,000-character name cell quickly with a per-row error, and bidi controls in names (F-M4, F-L11)', async () => {
    const csv = `nama,no_hp,pilar,kode_wilayah\n"a${' '.repeat(120_000)}x",081288880001,TKSK,32.72.01\n"Budi \u202Eotnas",081288880002,TKSK,32.72.01\n`;
    const started = performance.now();
    const res = await upload(Buffer.from(csv), 'panjang.csv', '?dryRun=true').expect(200);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.body).toMatchObject({ total: 2, valid: 0 });
    expect(res.body.errors).toEqual([
      { row: 2, column: 'nama', message: expect.stringContaining('terlalu panjang') },
      { row: 3, column: 'nama', message: expect.stringContaining('pengatur arah tulisan') },
    ]);
  });

  it('refuses files it cannot read with a 400 that says what to do', async () => {
    const missing = await upload(Buffer.from('nama;telepon seluler\nBudi;0812\n'), 'x.csv').expect(400);
    expect(missing.body).toMatchObject({ code: 'ROSTER_COLUMNS_MISSING', message: expect.stringContaining('no_hp'), fields: [expect.objectContaining({ field: 'file' })] });
    await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'lama.xls').expect(400).expect(refusal('ROSTER_FORMAT_UNSUPPORTED', 'file'));
    await upload(Buffer.from('PK\u0003\u0004 bukan xlsx'), 'rusak.xlsx').expect(400).expect(refusal('ROSTER_FILE_UNREADABLE', 'file'));
    await upload(Buffer.alloc(0), 'kosong.csv').expect(400).expect(refusal('ROSTER_FILE_EMPTY', 'file'));
    await t.http.post('/api/rosters').set(admin.headers).send({ file: 'nama,no_hp' }).expect(400).expect(refusal('ROSTER_NOT_MULTIPART', 'file'));
  });

  it('only admins may import, each within their own scope', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    await upload(messyCsv, 'daftar.csv', '?dryRun=true', worker).expect(403);
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    const res = await upload(messyCsv, 'daftar.csv', '?dryRun=true', national).expect(200);
    // Nationally, Kabupaten Sukabumi is in scope: row 10 is fine, and row 19's phone belongs to a worker it may update.
    expect(res.body.errors.map((e: { row: number }) => e.row)).not.toContain(10);
    expect(res.body.errors.map((e: { row: number }) => e.row)).not.toContain(19);
  });

  it('imports a large file in the background, with progress and the report at GET /api/jobs/:id', async () => {
    const lines = ['nama;no_hp;pilar;kode_wilayah;nik'];
    for (let i = 0; i < 150; i++) lines.push(`Pekerja ${i};0813${String(40000000 + i)};Tagana;32.72.0${1 + (i % 7)};`);
    lines.push('Salah;bukan nomor;Tagana;32.72.01;');
    const res = await upload(Buffer.from(lines.join('\n')), 'besar.csv').expect(202);
    expect(res.body).toEqual({ jobId: expect.any(String) });
    let job: { status: string; progress: { done: number; total: number }; result: { created: number; errors: unknown[] } } | undefined;
    for (let i = 0; i < 300; i++) {
      job = (await t.http.get(`/api/jobs/${res.body.jobId}`).set(admin.headers).expect(200)).body;
      if (job!.status === 'DONE' || job!.status === 'FAILED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(job).toMatchObject({ error: null, status: 'DONE', progress: { done: 151, total: 151 }, result: { total: 151, created: 150, errors: [{ row: 152, column: 'no_hp' }] } });
    const [stored] = await db.query(`SELECT input FROM background_jobs WHERE id = $1`, [res.body.jobId]);
    expect(stored.input).toBeNull();
    // Somebody else's job is answered like a missing one.
    const other = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    await t.http.get(`/api/jobs/${res.body.jobId}`).set(other.headers).expect(404);
  });

  it('no NIK is stored in clear in any table, nor printed in any log', async () => {
    const columns: { schema: string; table: string; column: string }[] = await db.query(
      `SELECT table_schema AS schema, table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
          AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const { schema, table, column } of columns) {
      const text = column === 'input' || column.endsWith('data') ? `encode(convert_to("${column}"::text, 'UTF8'), 'escape')` : `"${column}"::text`;
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE ${text} ~ $1`, [NIKS.join('|')]);
      if (n > 0) found.push(`${schema}.${table}.${column}`);
    }
    expect(found).toEqual([]);
    expect(logged.join('\n')).not.toMatch(new RegExp(NIKS.join('|')));
  });
});
