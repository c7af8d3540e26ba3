/**
 * Reports (issue #19) on a small synthetic data set: the rollups against direct SQL counts of the base tables, children
 * adding up, the hooks keeping them right (completion, revocation, expiry on a controlled clock), the reconciliation,
 * the XLSX export, and a foreign region's numbers never visible.
 */
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { newVerificationCode } from '../../src/certificates/numbering';
import { JobsService } from '../../src/jobs/jobs.service';
import { ReportsClock } from '../../src/reports/reports-clock';
import { ReportsService } from '../../src/reports/reports.service';
import { UserStatus } from '../../src/users/user-status';
import { execFileSync } from 'node:child_process';
import { bearer, createUser, newSessionFor, Pillar, Role, type TestUser } from '../factories';
import { answersWith, enroll, finishLessons, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';
import type { TestApp } from '../test-app';
import { binary, completeEnrollment, createReportsApp } from '../reports-fixtures';

/** Names a spreadsheet would run as formulas. */
const FORMULA_NAMES = ['=HYPERLINK("http://x","klik")', '+1', '-1', '@x'];
const COUNTED = ['workers', 'enrolled', 'started', 'completed', 'certified', 'expiringSoon', 'expired', 'jp'] as const;
type Counts = Record<(typeof COUNTED)[number], number>;

describe('reports', () => {
  let t: TestApp;
  let db: DataSource;
  let reports: ReportsService;
  let clock: ReportsClock;
  let admin: TestUser;
  let pusat: TestUser;
  let foreign: TestUser;
  const tricks: TestUser[] = [];

  beforeAll(async () => {
    ({ t, db, reports, clock, admin } = await createReportsApp({
      seeds: [
        { workers: 400, under: '32.72', seed: 0.1 },
        { workers: 150, under: '32.02', seed: 0.2 },
      ],
      // Workers whose names a spreadsheet would run, each enrolled in a course, counted by the rollups.
      prepare: async (app, data) => {
        const [course] = await data.query(`SELECT c.id, v.id AS version_id FROM courses c JOIN course_versions v ON v.id = c.current_version_id ORDER BY c.slug LIMIT 1`);
        for (const name of FORMULA_NAMES) {
          const user = await createUser(app, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK, name });
          await data.query(`INSERT INTO enrollments (user_id, course_id, course_version_id) VALUES ($1, $2, $3)`, [user.id, course.id, course.version_id]);
          tricks.push(user);
        }
      },
    }));
    pusat = await createUser(t, { role: Role.ADMIN_PUSAT });
    foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
  }, 120_000);
  afterAll(() => t.close());

  /** The same figures counted directly from the base tables. */
  async function direct(region: string, now: Date): Promise<Counts> {
    const [row] = await db.query(
      `WITH u AS (SELECT id FROM users WHERE role = 'PESERTA' AND pillar IS NOT NULL AND (region_code = $1 OR region_code LIKE $1 || '.%')),
            e AS (SELECT e.* FROM enrollments e JOIN u ON u.id = e.user_id),
            c AS (SELECT c.* FROM certificates c JOIN e ON e.id = c.enrollment_id WHERE c.revoked_at IS NULL)
       SELECT (SELECT count(*) FROM users WHERE id IN (SELECT id FROM u) AND status IN ('ACTIVE', 'INVITED'))::int AS workers,
              (SELECT count(*) FROM e)::int AS enrolled,
              (SELECT count(*) FROM e WHERE lessons_finished > 0 OR pretest_score IS NOT NULL OR posttest_attempts > 0 OR completed_at IS NOT NULL)::int AS started,
              (SELECT count(*) FROM e WHERE completed_at IS NOT NULL)::int AS completed,
              (SELECT count(*) FROM c WHERE valid_until IS NULL OR valid_until >= $2)::int AS certified,
              (SELECT count(*) FROM c WHERE valid_until >= $2 AND valid_until < $2::timestamptz + interval '90 days')::int AS "expiringSoon",
              (SELECT count(*) FROM c WHERE valid_until < $2)::int AS expired,
              (SELECT coalesce(sum(v.hours), 0) FROM e JOIN course_versions v ON v.id = e.course_version_id WHERE e.completed_at IS NOT NULL)::float AS jp`,
      [region, now],
    );
    return row;
  }

  const pick = (body: Record<string, number>): Counts => Object.fromEntries(COUNTED.map((key) => [key, body[key]])) as Counts;

  async function summary(user: TestUser, query = ''): Promise<Counts> {
    const res = await t.http.get(`/api/reports/summary${query}`).set(user.headers).expect(200);
    return pick(res.body);
  }

  it('the entities and the migration agree (no schema drift in the reports tables)', async () => {
    // TypeORM (1.1.x) reads the tables with parallel queries on one connection, for which pg prints a DeprecationWarning.
    const sql = await db.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query).filter((q) => /report_/.test(q))).toEqual([]);
  });

  it('an admin of 32.72 sees exactly the counts a direct SQL count gives', async () => {
    const figures = await summary(admin);
    expect(figures).toEqual(await direct('32.72', clock.now()));
    expect(figures.certified).toBeGreaterThan(0);
    expect(figures.expired).toBeGreaterThan(0);
    const res = await t.http.get('/api/reports/summary').set(admin.headers).expect(200);
    const [averages] = await db.query(
      `SELECT round(avg(e.pretest_score), 1)::float AS "avgPre", round(avg(e.best_posttest_score), 1)::float AS "avgPost",
              round(avg(e.best_posttest_score - e.pretest_score), 1)::float AS "avgGain"
         FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.role = 'PESERTA' AND u.region_code LIKE '32.72.%'`,
    );
    expect({ avgPre: res.body.avgPre, avgPost: res.body.avgPost, avgGain: res.body.avgGain }).toEqual(averages);
    const kecamatan = await t.http.get('/api/reports/summary?region=32.72.03&pillar=PSM').set(admin.headers).expect(200);
    expect(kecamatan.body).toMatchObject({ region: '32.72.03', regionName: expect.any(String) });
  });

  it('the children of a region add up to it, at every level', async () => {
    for (const [user, parent] of [[admin, '32.72'], [pusat, '32'], [pusat, '']] as const) {
      const total = await summary(user, parent ? `?region=${parent}` : '');
      const res = await t.http.get(`/api/reports/regions${parent ? `?parent=${parent}` : ''}`).set(user.headers).expect(200);
      const sums = Object.fromEntries(COUNTED.map((key) => [key, Math.round(res.body.items.reduce((s: number, i: Counts) => s + i[key], 0) * 10) / 10]));
      expect(sums).toEqual(total);
    }
    const kota = await t.http.get('/api/reports/regions?parent=32.72').set(admin.headers).expect(200);
    expect(kota.body.items.map((i: { code: string }) => i.code)).toContain('32.72.03');
  });

  it('the rollups stay right after new completions, revocations and an expiry (hooks + fold)', async () => {
    // A completion: the base tables change as learning would change them, and learning's hook is called in the same transaction.
    const [enrollment] = await db.query(
      `SELECT e.id, e.user_id, e.course_id, e.created_at, v.hours, u.region_code, u.pillar FROM enrollments e
         JOIN users u ON u.id = e.user_id JOIN course_versions v ON v.id = e.course_version_id
        WHERE u.region_code LIKE '32.72.%' AND e.completed_at IS NULL AND u.phone LIKE '+62855%' LIMIT 1`,
    );
    await completeEnrollment(db, reports, enrollment);
    // A revocation of a valid certificate, through the API: the certificates domain calls the hook itself.
    const [certificate] = await db.query(
      `SELECT c.id FROM certificates c WHERE c.region_code LIKE '32.72.%' AND c.revoked_at IS NULL AND c.valid_until > now() LIMIT 1`,
    );
    const code = newVerificationCode(); // the synthetic codes are not in the verifiable format
    await db.query(`UPDATE certificates SET verification_code = $2 WHERE id = $1`, [certificate.id, code]);
    await t.http.post(`/api/certificates/${code}/revoke`).set(admin.headers).send({ reason: 'DATA_ERROR' }).expect(200);
    expect(await reports.pendingChanges()).toBeGreaterThan(0);
    expect(await reports.foldChanges()).toBeGreaterThan(0);
    expect(await summary(admin)).toEqual(await direct('32.72', clock.now()));

    // An expiry: nothing is written, the clock moves past the earliest valid certificate's end.
    const [next] = await db.query(
      `SELECT valid_until FROM certificates WHERE region_code LIKE '32.72.%' AND revoked_at IS NULL AND valid_until > now() ORDER BY valid_until LIMIT 1`,
    );
    const before = await summary(admin);
    const later = new Date(new Date(next.valid_until).getTime() + 1000);
    clock.now = () => later;
    try {
      const after = await summary(admin);
      expect(after).toEqual(await direct('32.72', later));
      expect(after.expired).toBeGreaterThan(before.expired);
      const expired = await t.http.get('/api/reports/workers?status=EXPIRED&pageSize=1000').set(admin.headers).expect(200);
      expect(expired.body.total).toBe(after.expired);
    } finally {
      clock.now = () => new Date();
    }
    // The hooks said what the base tables say: the reconciliation finds nothing.
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });

  it('worker changes keep the rollups right: a move to another kecamatan and pillar, an approval, a roster import, a role change', async () => {
    const regions = ['32.72', '32.72.01', '32.72.03'];
    const check = async () => {
      expect(await reports.foldChanges()).toBeGreaterThan(0);
      for (const region of regions) expect([region, await summary(admin, `?region=${region}`)]).toEqual([region, await direct(region, clock.now())]);
    };
    // A worker with a completed course moves from 32.72.03 to 32.72.01 (and to another pillar): both kecamatan follow.
    const [mover] = await db.query(
      `SELECT u.id, u.pillar FROM users u WHERE u.region_code = '32.72.03' AND u.status = 'ACTIVE' AND u.phone LIKE '+62855%'
          AND EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = u.id AND e.completed_at IS NOT NULL) LIMIT 1`,
    );
    const [old03, old01] = [await summary(admin, '?region=32.72.03'), await summary(admin, '?region=32.72.01')];
    const pillar = mover.pillar === 'PSM' ? 'TAGANA' : 'PSM';
    await t.http.patch(`/api/workers/${mover.id}`).set(admin.headers).send({ regionCode: '32.72.01', pillar }).expect(200);
    await check();
    const [new03, new01] = [await summary(admin, '?region=32.72.03'), await summary(admin, '?region=32.72.01')];
    expect([new03.workers, new01.workers]).toEqual([old03.workers - 1, old01.workers + 1]);
    expect(new03.completed).toBeLessThan(old03.completed);
    expect(new01.completed).toBeGreaterThan(old01.completed);
    const moved = await t.http.get(`/api/reports/workers?region=32.72.01&pillar=${pillar}&pageSize=1000`).set(admin.headers).expect(200);
    expect(moved.body.items.some((item: { userId: string }) => item.userId === mover.id)).toBe(true);

    // A self-registered worker approved; a roster import creating one worker and moving another.
    const pending = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.TAGANA, status: UserStatus.PENDING });
    await t.http.post(`/api/workers/${pending.id}/approve`).set(admin.headers).expect(200);
    const [listed] = await db.query(`SELECT name, phone FROM users WHERE region_code = '32.72.03' AND phone LIKE '+62855%' AND status = 'INVITED' LIMIT 1`);
    const csv = `nama,no_hp,pilar,kode_wilayah\nWarga Baru,081277770001,SLRT,32.72.03\n"${listed.name}",0${listed.phone.slice(3)},TKSK,32.72.01\n`;
    const imported = await t.http.post('/api/rosters').set(admin.headers).attach('file', Buffer.from(csv), 'roster.csv').expect(200);
    expect(imported.body).toMatchObject({ created: 1, errors: [] });
    await check();

    // The national admin makes a worker with courses a trainer: the worker and its course rows leave the reports.
    const [promoted] = await db.query(
      `SELECT u.id FROM users u WHERE u.region_code = '32.72.03' AND u.phone LIKE '+62855%' AND EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = u.id) LIMIT 1`,
    );
    await t.http.patch(`/api/users/${promoted.id}/role`).set(pusat.headers).send({ role: 'PELATIH', regionCode: '32.72' }).expect(200);
    await check();
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });

  it('the nightly reconciliation finds a planted difference, records it and repairs the province', async () => {
    await db.query(`UPDATE report_region_courses SET completed = completed + 3 WHERE region_code = '32.72.03' AND completed > 0`);
    const result = await reports.reconcile('32');
    expect(result.differences.length).toBeGreaterThan(0);
    expect(result.differences.map((d) => d.regionCode)).toContain('32.72.03');
    const [run] = await db.query(`SELECT differences, repaired FROM report_reconciliations WHERE id = $1`, [result.id]);
    expect(run).toEqual({ differences: result.differences.length, repaired: true });
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
    expect(await summary(admin)).toEqual(await direct('32.72', clock.now()));
  });

  it('the XLSX has the same rows as the API list, a formula-like name as text, and a Filter sheet; the export is audited', async () => {
    const list: { userId: string; courseId: string; name: string; regionCode: string }[] = [];
    for (let page = 1; ; page++) {
      const res = await t.http.get(`/api/reports/workers?pageSize=1000&page=${page}`).set(admin.headers).expect(200);
      list.push(...res.body.items);
      if (list.length >= res.body.total) break;
    }
    const res = await t.http
      .get('/api/reports/export.xlsx')
      .set(admin.headers)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Peserta')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Nama');
    const rows: { userId: string; name: string; regionCode: string }[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push({ name: String(row.getCell(1).value), regionCode: String(row.getCell(2).value), userId: String(row.getCell(15).value) });
    });
    expect(rows).toEqual(list.map((item) => ({ name: item.name, regionCode: item.regionCode, userId: item.userId })));
    for (const trick of tricks) {
      let cell: ExcelJS.Cell | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(15).value === trick.id) cell = row.getCell(1);
      });
      expect([trick.name, cell?.type, cell?.value, cell?.formula]).toEqual([trick.name, ExcelJS.ValueType.String, trick.name, undefined]);
    }
    const filters = book.getWorksheet('Filter')!;
    expect(filters.getColumn(1).values).toEqual(expect.arrayContaining(['Wilayah', 'Waktu pembuatan (UTC)']));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [audit] = await db.query(`SELECT details FROM audit_log WHERE action = 'report.export' AND actor_id = $1`, [admin.id]);
    expect(audit.details.rows).toBe(list.length);
  });

  it('the CSV has the same rows as the API list, formula-like names as text', async () => {
    const list: { userId: string; name: string; regionCode: string }[] = [];
    for (let page = 1; ; page++) {
      const res = await t.http.get(`/api/reports/workers?pageSize=1000&page=${page}&status=NOT_CERTIFIED`).set(admin.headers).expect(200);
      list.push(...res.body.items);
      if (list.length >= res.body.total) break;
    }
    const res = await t.http.get('/api/reports/export.csv?status=NOT_CERTIFIED').set(admin.headers).buffer(true).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = String(res.text);
    expect(text.startsWith('\uFEFFNama,Kode wilayah,')).toBe(true);
    const rows = parseCsv(text.slice(1)).slice(1);
    expect(rows.map((r) => ({ name: r[0].replace(/^'(?=[=+\-@])/, ''), regionCode: r[1], userId: r[14] }))).toEqual(
      list.map((item) => ({ name: item.name, regionCode: item.regionCode, userId: item.userId })),
    );
    for (const trick of tricks) {
      const row = rows.find((r) => r[14] === trick.id)!;
      expect(row[0]).toBe(`'${trick.name}`); // an apostrophe first: a spreadsheet shows the text, never runs it
    }
  });

  it('a long export runs as a background job: progress, then the same file for its owner (and the national admin, who sees every job)', async () => {
    const started = await t.http.post('/api/reports/exports').set(admin.headers).send({ format: 'csv', status: 'NOT_CERTIFIED' }).expect(202);
    const { jobId } = started.body;
    expect(await t.app.get(JobsService).waitFor(jobId, 60_000)).toBe('DONE');
    const job = await t.http.get(`/api/jobs/${jobId}`).set(admin.headers).expect(200);
    expect(job.body.progress.done).toBe(job.body.progress.total);
    expect(job.body.result).toMatchObject({ format: 'csv', download: `/api/reports/exports/${jobId}/file` });
    const file = await t.http.get(`/api/reports/exports/${jobId}/file`).set(admin.headers).buffer(true).expect(200);
    const direct = await t.http.get('/api/reports/export.csv?status=NOT_CERTIFIED').set(admin.headers).buffer(true).expect(200);
    expect(file.text).toBe(direct.text);
    expect(parseCsv(file.text.slice(1)).length - 1).toBe(job.body.result.rows);
    const other = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' }); // same region, not the owner
    for (const user of [foreign, other]) {
      const res = await t.http.get(`/api/reports/exports/${jobId}/file`).set(user.headers);
      expect([res.status, res.body.code]).toEqual([404, 'REPORT_EXPORT_NOT_FOUND']);
    }
    await t.http.post('/api/reports/exports').set(foreign.headers).send({ format: 'xlsx', region: '32.72' }).expect(404);
  });

  it('a worker reads their own training record and its PDF; nobody else’s', async () => {
    const [holder] = await db.query(
      `SELECT u.id, u.name FROM users u JOIN certificates c ON c.user_id = u.id WHERE u.phone LIKE '+62855%' AND u.region_code LIKE '32.72.%' LIMIT 1`,
    );
    const headers = bearer(await newSessionFor(t, holder.id));
    const res = await t.http.get('/api/reports/record').set(headers).expect(200);
    const [expected] = await db.query(
      `SELECT (SELECT count(*) FROM enrollments WHERE user_id = $1)::int AS courses, (SELECT count(*) FROM certificates WHERE user_id = $1)::int AS certificates,
              (SELECT coalesce(sum(v.hours), 0) FROM enrollments e JOIN course_versions v ON v.id = e.course_version_id WHERE e.user_id = $1 AND e.completed_at IS NOT NULL)::float AS jp`,
      [holder.id],
    );
    expect({ name: res.body.name, courses: res.body.courses.length, certificates: res.body.certificates.length, jp: res.body.jpTotal }).toEqual({ name: holder.name, ...expected });
    expect(res.body.certificates[0]).toMatchObject({ number: expect.any(String), status: expect.stringMatching(/^(valid|expired|revoked)$/) });
    const pdf = await t.http.get('/api/reports/record/pdf').set(headers).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf.body as Buffer)).toContain(holder.name);
    for (const user of [admin, pusat]) await t.http.get('/api/reports/record/pdf').set(user.headers).expect(403);
  });

  it('a foreign region’s numbers are never visible', async () => {
    for (const path of ['/api/reports/summary?region=32.72', '/api/reports/regions?parent=32.72', '/api/reports/gaps?region=32.72', '/api/reports/workers?region=32.72.03', '/api/reports/export.xlsx?region=32.72', '/api/reports/summary?region=32', '/api/reports/regions?parent=32']) {
      const res = await t.http.get(path).set(foreign.headers);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'REPORT_REGION_NOT_FOUND']);
    }
    const missing = await t.http.get('/api/reports/summary?region=99.99').set(foreign.headers);
    expect(missing.status).toBe(404);
    const own = await t.http.get('/api/reports/workers?pageSize=1000').set(foreign.headers).expect(200);
    expect(own.body.items.every((item: { regionCode: string }) => item.regionCode.startsWith('32.02'))).toBe(true);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(await summary(foreign)).toEqual(await direct('32.02', clock.now()));
    const pelatih = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    expect(await summary(pelatih)).toEqual(await summary(admin));
    const peserta = await createUser(t, { role: Role.PESERTA });
    await t.http.get('/api/reports/summary').set(peserta.headers).expect(403);
  });

  it('each people list’s total (from the rollups) is the number of rows it lists', async () => {
    for (const status of ['', 'ENROLLED', 'STARTED', 'COMPLETED', 'CERTIFIED', 'EXPIRING', 'EXPIRED', 'STUCK', 'NOT_CERTIFIED']) {
      const res = await t.http.get(`/api/reports/workers?pageSize=1000${status ? `&status=${status}` : ''}`).set(admin.headers).expect(200);
      expect([status, res.body.total]).toEqual([status, res.body.items.length]);
    }
    const kecamatan = await t.http.get('/api/reports/workers?pageSize=1000&region=32.72.03&pillar=PSM&status=COMPLETED').set(admin.headers).expect(200);
    expect(kecamatan.body.total).toBe(kecamatan.body.items.length);
    expect(kecamatan.body.items.every((i: { regionCode: string; pillar: string }) => i.regionCode === '32.72.03' && i.pillar === 'PSM')).toBe(true);
  });

  it('learning keeps the rollups current: enrolment, pre-test, lessons and a passed post-test through the API', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK });
    const before = await summary(admin);
    const enrollment = await enroll(t, worker, 'tksk-dasar');
    await reports.foldChanges();
    expect((await summary(admin)).enrolled - before.enrolled).toBe(1);

    const pre = await startAttempt(t, worker, enrollment.id, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 3)).expect(200);
    await finishLessons(t, worker, enrollment.id, await lessonIdsOf(t, 'tksk-dasar'));
    await passFieldTasks(t, worker, enrollment.id); // completion needs the field task too (decision 026)
    const post = await startAttempt(t, worker, enrollment.id, 'posttest');
    await submit(t, worker, post.id, await answersWith(db, post.id, post.questions.length)).expect(200);
    await reports.foldChanges();
    const after = await summary(admin);
    expect(after.completed - before.completed).toBe(1);
    const [version] = await db.query(`SELECT v.hours FROM enrollments e JOIN course_versions v ON v.id = e.course_version_id WHERE e.id = $1`, [enrollment.id]);
    expect(after.jp - before.jp).toBeCloseTo(Number(version.hours));
    const [row] = await db.query(`SELECT status, pretest_score, posttest_score FROM report_worker_courses WHERE enrollment_id = $1`, [enrollment.id]);
    expect(row).toMatchObject({ pretest_score: expect.anything(), posttest_score: expect.anything() });
    expect(['COMPLETED', 'CERTIFIED']).toContain(row.status);
  });

  it('lists the kecamatan without a certified worker of a pillar', async () => {
    const res = await t.http.get('/api/reports/gaps?pillar=SLRT').set(admin.headers).expect(200);
    const [expected] = await db.query(
      `SELECT count(*)::int AS n FROM regions r WHERE r.level = 'DISTRICT' AND r.code LIKE '32.72.%' AND NOT EXISTS (
         SELECT 1 FROM certificates c JOIN users u ON u.id = c.user_id
          WHERE u.region_code = r.code AND u.pillar = 'SLRT' AND c.revoked_at IS NULL AND (c.valid_until IS NULL OR c.valid_until >= now()))`,
    );
    expect(res.body.total).toBe(expected.n);
  });

  it('pages the gaps list in code order, the total counting every page', async () => {
    const all = await t.http.get('/api/reports/gaps?pillar=SLRT&pageSize=1000').set(admin.headers).expect(200);
    expect(all.body.total).toBeGreaterThanOrEqual(2);
    expect(all.body.items.map((item: { code: string }) => item.code)).toEqual(all.body.items.map((item: { code: string }) => item.code).sort());
    const second = await t.http.get('/api/reports/gaps?pillar=SLRT&pageSize=1&page=2').set(admin.headers).expect(200);
    expect(second.body).toMatchObject({ total: all.body.total, page: 2, pageSize: 1 });
    expect(second.body.items).toEqual(all.body.items.slice(1, 2));
    await t.http.get('/api/reports/gaps?pageSize=0').set(admin.headers).expect(400);
  });
});

/** The text of a PDF (poppler's pdftotext). */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString();
}

/** RFC 4180 rows (quoted cells with doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      cell += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}
