/**
 * The people lists beyond the funnel (issue #19): not enrolled in an assigned course, failed all attempts, overdue
 * field-task reviews, events attended. Each total and page equals a direct SQL count of the base tables for an admin of
 * 32.72; a foreign region is refused and its people never appear; the XLSX and CSV hold the list's rows.
 */
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { ReportsService } from '../../src/reports/reports.service';
import { targetsOf } from '../../src/reports/reports-lists.service';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import type { TestApp } from '../test-app';
import { binary, createReportsApp } from '../reports-fixtures';

type Person = { userId: string; regionCode: string; courseId: string | null; detail: string | null; value: number | null };

describe('reports: people lists', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: TestUser;
  let foreign: TestUser;
  let course: { id: string; slug: string };
  const late: TestUser[] = [];
  const strangers: TestUser[] = [];

  beforeAll(async () => {
    ({ t, db, admin } = await createReportsApp({
      seeds: [
        { workers: 200, under: '32.72', seed: 0.3 },
        { workers: 80, under: '32.02', seed: 0.4 },
      ],
      // Some enrollments of 32.72 and 32.02 used every attempt without passing.
      prepare: (_app, data) =>
        data.query(
          `UPDATE enrollments e SET posttest_attempts = 3, best_posttest_score = 40, completed_at = NULL, status = 'ACTIVE'
            WHERE e.id IN (SELECT e2.id FROM enrollments e2 JOIN users u ON u.id = e2.user_id
                            WHERE e2.completed_at IS NULL AND (u.region_code LIKE '32.72.%' OR u.region_code LIKE '32.02.%') ORDER BY e2.id LIMIT 12)`,
        ),
    }));
    foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    [course] = await db.query(`SELECT id, slug FROM courses WHERE slug = 'tksk-dasar'`);
    // Assignments of TKSK in each city; the workers registered after them are not enrolled.
    await t.http.post('/api/assignments').set(admin.headers).send({ course: course.slug, pillar: Pillar.TKSK, regionCode: '32.72' }).expect(200);
    await t.http.post('/api/assignments').set(foreign.headers).send({ course: course.slug, pillar: Pillar.TKSK, regionCode: '32.02' }).expect(200);
    for (let i = 0; i < 3; i++) late.push(await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK, name: i === 0 ? '=SUM(A1)' : `Baru ${i}` }));
    strangers.push(await createUser(t, { role: Role.PESERTA, regionCode: '32.02.01', pillar: Pillar.TKSK }));
  }, 180_000);
  afterAll(() => t.close());

  async function people(user: TestUser, query: string): Promise<{ items: Person[]; total: number }> {
    return (await t.http.get(`/api/reports/people?${query}`).set(user.headers).expect(200)).body;
  }

  /** Every page of a list. */
  async function all(user: TestUser, query: string): Promise<Person[]> {
    const items: Person[] = [];
    for (let page = 1; ; page++) {
      const body = await people(user, `${query}&page=${page}&pageSize=7`);
      items.push(...body.items);
      if (body.items.length < 7) return items;
    }
  }

  it('not enrolled in an assigned course: exactly the workers a direct SQL count finds, and never a foreign one', async () => {
    const expected = await db.query(
      `SELECT u.id FROM users u WHERE u.role = 'PESERTA' AND u.status IN ('ACTIVE', 'INVITED') AND u.pillar = 'TKSK' AND u.region_code LIKE '32.72.%'
          AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = u.id AND e.course_id = $1) ORDER BY u.id`,
      [course.id],
    );
    const list = await all(admin, 'list=NOT_ENROLLED_ASSIGNED');
    expect((await people(admin, 'list=NOT_ENROLLED_ASSIGNED')).total).toBe(expected.length);
    expect(list.map((p) => p.userId).sort()).toEqual(expected.map((r: { id: string }) => r.id));
    expect(list.map((p) => p.userId)).toEqual(expect.arrayContaining(late.map((u) => u.id)));
    expect(list.map((p) => p.userId)).not.toContain(strangers[0].id);
    expect(new Set(list.map((p) => p.courseId))).toEqual(new Set([course.id]));
    const kecamatan = await people(admin, 'list=NOT_ENROLLED_ASSIGNED&region=32.72.03&pillar=TKSK');
    expect(kecamatan.items.every((p) => p.regionCode === '32.72.03')).toBe(true);
    expect((await people(admin, 'list=NOT_ENROLLED_ASSIGNED&pillar=PSM')).total).toBe(0);
  });

  it('failed all attempts: the direct SQL count, paged', async () => {
    const expected = await db.query(
      `SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id JOIN course_versions v ON v.id = e.course_version_id
        WHERE u.role = 'PESERTA' AND u.region_code LIKE '32.72.%' AND e.status <> 'ARCHIVED' AND e.completed_at IS NULL
          AND e.best_posttest_score IS NOT NULL AND e.posttest_attempts >= (v.settings->'posttest'->>'maxAttempts')::int`,
    );
    expect(expected.length).toBeGreaterThan(0);
    const list = await all(admin, 'list=FAILED_ALL_ATTEMPTS');
    expect((await people(admin, 'list=FAILED_ALL_ATTEMPTS')).total).toBe(expected.length);
    expect(list).toHaveLength(expected.length);
    expect(list.every((p) => p.regionCode.startsWith('32.72.') && typeof p.value === 'number')).toBe(true);
  });

  it('overdue field-task reviews and events attended come from their domains, scoped to the region', async () => {
    const [task] = await db.query(`SELECT f.id, f.title, f.version_id FROM field_tasks f LIMIT 1`);
    const past = new Date(Date.now() - 5 * 24 * 3600 * 1000);
    for (const [worker, region] of [[late[1], '32.72.03'], [strangers[0], '32.02.01']] as const) {
      const [enrollment] = await db.query(
        `INSERT INTO enrollments (user_id, course_id, course_version_id) SELECT $1, v.course_id, v.id FROM course_versions v WHERE v.id = $2 RETURNING id`,
        [worker.id, task.version_id],
      );
      await db.query(
        `INSERT INTO task_submissions (task_id, enrollment_id, worker_id, region_code, attempt, report, submitted_at, due_at) VALUES ($1, $2, $3, $4, 1, 'laporan', $5, $5)`,
        [task.id, enrollment.id, worker.id, region, past],
      );
      const [event] = await db.query(
        `INSERT INTO events (title, region_code, venue, time_zone, course_id, created_by) VALUES ('Bimtek ' || $1, $1, 'Aula', 'Asia/Jakarta', $2, $3) RETURNING id`,
        [region, course.id, admin.id],
      );
      await db.query(`INSERT INTO event_days (event_id, day, date, starts_at, ends_at) VALUES ($1, 1, '2026-11-01', now(), now())`, [event.id]);
      await db.query(`INSERT INTO event_checkins (event_id, user_id, day, method, recorded_by, checked_in_at) VALUES ($1, $2, 1, 'TRAINER', $3, now())`, [event.id, worker.id, admin.id]);
    }
    const overdue = await people(admin, 'list=OVERDUE_REVIEWS');
    expect(overdue.total).toBe(1);
    expect(overdue.items).toEqual([expect.objectContaining({ userId: late[1].id, regionCode: '32.72.03', detail: task.title })]);
    const attended = await people(admin, 'list=EVENTS_ATTENDED');
    expect(attended.total).toBe(1);
    expect(attended.items).toEqual([expect.objectContaining({ userId: late[1].id, detail: 'Bimtek 32.72.03', value: 1, courseId: course.id })]);
    expect((await people(foreign, 'list=EVENTS_ATTENDED')).items.map((p) => p.userId)).toEqual([strangers[0].id]);
  });

  it('a foreign region is refused (404, as a missing one); a list never shows another region’s people', async () => {
    for (const list of ['NOT_ENROLLED_ASSIGNED', 'FAILED_ALL_ATTEMPTS', 'OVERDUE_REVIEWS', 'EVENTS_ATTENDED']) {
      const refused = await t.http.get(`/api/reports/people?list=${list}&region=32.02`).set(admin.headers).expect(404);
      expect(refused.body.code).toBe('REPORT_REGION_NOT_FOUND');
      await t.http.get(`/api/reports/people.xlsx?list=${list}&region=32.02`).set(admin.headers).expect(404);
      const mine = await all(admin, `list=${list}`);
      expect(mine.filter((p) => !p.regionCode.startsWith('32.72'))).toEqual([]);
    }
    await t.http.get('/api/reports/people?list=NOPE').set(admin.headers).expect(400);
  });

  it('the XLSX and the CSV hold the list’s rows (formula-like names as text) and are audit-logged', async () => {
    const list = await all(admin, 'list=NOT_ENROLLED_ASSIGNED');
    const res = await t.http.get('/api/reports/people.xlsx?list=NOT_ENROLLED_ASSIGNED').set(admin.headers).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const sheet = book.getWorksheet('Peserta')!;
    expect(sheet.rowCount - 1).toBe(list.length);
    const ids = sheet.getColumn(9).values.slice(2).map(String);
    expect(ids.sort()).toEqual(list.map((p) => p.userId).sort());
    const names = sheet.getColumn(1).values.map(String);
    expect(names).toContain('=SUM(A1)');
    const csv = await t.http.get('/api/reports/people.csv?list=NOT_ENROLLED_ASSIGNED').set(admin.headers).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(list.length + 1);
    expect(csv.text).toContain(`'=SUM(A1)`);
    const failed = await people(admin, 'list=FAILED_ALL_ATTEMPTS');
    const failedCsv = await t.http.get('/api/reports/people.csv?list=FAILED_ALL_ATTEMPTS').set(admin.headers).expect(200);
    expect(failedCsv.text.trim().split('\r\n')).toHaveLength(failed.total + 1);
    // The audit entry is written once the file is complete, just after its last byte: wait for it a moment.
    const audited = async () => (await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.export' AND actor_id = $1`, [admin.id]))[0].n as number;
    for (let i = 0; i < 50 && (await audited()) < 3; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await audited()).toBe(3);
  });

  it('targets: an assignment above the region counts for the region, one inside it for its own; nested ones merge', () => {
    const c = '00000000-0000-4000-8000-000000000001';
    expect(targetsOf([
      { courseId: c, pillars: [Pillar.TKSK], regionCode: null },
      { courseId: c, pillars: [Pillar.TKSK, Pillar.PSM], regionCode: '32.72.03' },
    ], '32.72', {})).toEqual([
      { courseId: c, pillar: Pillar.PSM, region: '32.72.03' },
      { courseId: c, pillar: Pillar.TKSK, region: '32.72' },
    ]);
  });

  it('one worker’s training record for an admin of the region (audit-logged), a 404 for a foreign admin as for a missing worker', async () => {
    const [holder] = await db.query(
      `SELECT c.user_id AS id, c.verification_code AS code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.region_code LIKE '32.72.%' AND c.revoked_at IS NULL LIMIT 1`,
    );
    const record = await t.http.get(`/api/reports/record/workers/${holder.id}`).set(admin.headers).expect(200);
    expect(record.body.userId).toBe(holder.id);
    expect(record.body.certificates).toEqual(expect.arrayContaining([expect.objectContaining({ code: holder.code, credentialUrl: `/api/certificates/${holder.code}/credential` })]));
    const [audit] = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.record_view' AND actor_id = $1 AND target_id = $2`, [admin.id, holder.id]);
    expect(audit.n).toBe(1);
    const pdf = await t.http.get(`/api/reports/record/workers/${holder.id}/pdf`).set(admin.headers).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const refused = await t.http.get(`/api/reports/record/workers/${holder.id}`).set(foreign.headers).expect(404);
    const missing = await t.http.get('/api/reports/record/workers/7b0a5e5e-1111-4222-8333-944444444444').set(foreign.headers).expect(404);
    expect(refused.body).toEqual(missing.body);
    expect(refused.body.code).toBe('RECORD_WORKER_NOT_FOUND');
    await t.http.get(`/api/reports/record/workers/${admin.id}`).set(admin.headers).expect(404); // staff have no training record here
    await t.http.get(`/api/reports/record/workers/${holder.id}`).set(late[0].headers).expect(403);
  });


  it('each dashboard figure has its people: workers, enrolled, started and completed lists count what the summary shows', async () => {
    // The factories and the SQL above wrote the base tables directly (no hooks): rebuild the rollups from them first.
    await t.app.get(ReportsService).refreshFromBaseTables(null);
    for (const query of ['', '&pillar=TKSK', `&course=${course.id}`, '&region=32.72.03']) {
      const summary = (await t.http.get(`/api/reports/summary?${query.slice(1)}`).set(admin.headers).expect(200)).body;
      const totals = {
        workers: (await people(admin, `list=ALL_WORKERS${query.includes('course') ? '' : query}`)).total,
        enrolled: (await people(admin, `list=ALL_ENROLLED${query}`)).total,
        started: (await people(admin, `list=ALL_STARTED${query}`)).total,
        completed: (await people(admin, `list=ALL_COMPLETED${query}`)).total,
      };
      const expected = { workers: query.includes('course') ? totals.workers : summary.workers, enrolled: summary.enrolled, started: summary.started, completed: summary.completed };
      expect({ query, ...totals }).toEqual({ query, ...expected });
    }
    const workers = await all(admin, 'list=ALL_WORKERS&region=32.72.03');
    expect(workers.length).toBe((await people(admin, 'list=ALL_WORKERS&region=32.72.03')).total);
    expect(new Set(workers.map((p) => p.userId)).size).toBe(workers.length);
    expect(workers.every((p) => p.regionCode === '32.72.03')).toBe(true);
    const completed = await all(admin, 'list=ALL_COMPLETED&region=32.72.03');
    expect(completed.length).toBe((await people(admin, 'list=ALL_COMPLETED&region=32.72.03')).total);
  });

});
