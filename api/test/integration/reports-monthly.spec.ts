/**
 * Completions and certificates per month (decision 036) on a small synthetic data set: the month rows against direct
 * counts of the base tables, children adding up to their parent, the hooks and the fold keeping them right (a
 * completion, a revocation), the reconciliation finding a planted difference, the period's refusals, and a foreign
 * region's months never visible.
 */
import { DataSource } from 'typeorm';
import { newVerificationCode } from '../../src/certificates/numbering';
import { ReportsService } from '../../src/reports/reports.service';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import type { TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';
import { completeEnrollment, completionJobDone, createReportsApp } from '../reports-fixtures';

interface Month {
  month: string;
  completed: number;
  certified: number;
}

/** 'YYYY-MM' + n months. */
function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

describe('reports per month', () => {
  let t: TestApp;
  let db: DataSource;
  let reports: ReportsService;
  let admin: TestUser;
  let pusat: TestUser;
  /** Periods of 36 months covering every month the data set has (it spans four years, a few completions ahead of now). */
  let periods: { from: string; to: string }[];

  beforeAll(async () => {
    ({ t, db, reports, admin } = await createReportsApp({
      seeds: [
        { workers: 300, under: '32.72', seed: 0.4 },
        { workers: 100, under: '32.02', seed: 0.5 },
      ],
    }));
    pusat = await createUser(t, { role: Role.ADMIN_PUSAT });
    const [range] = await db.query(
      `SELECT to_char(min(completed_at) AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS first, to_char(max(completed_at) AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS last
         FROM enrollments`,
    );
    periods = [];
    for (let from = range.first as string; from <= range.last; from = addMonths(from, 36)) periods.push({ from, to: addMonths(from, 35) });
  }, 120_000);
  afterAll(() => t.close());

  /** The months of a region counted directly from the base tables (current cycle of each worker and course, WIB months). */
  async function direct(region: string, filter: { pillar?: string; course?: string } = {}, exactly = false): Promise<Map<string, Month>> {
    const rows: { month: string; completed: number; certified: number }[] = await db.query(
      `WITH current AS (
         SELECT DISTINCT ON (e.user_id, e.course_id) e.completed_at, c.issued_at
           FROM enrollments e JOIN users u ON u.id = e.user_id
           LEFT JOIN certificates c ON c.enrollment_id = e.id AND c.revoked_at IS NULL
          WHERE u.role = 'PESERTA' AND u.pillar IS NOT NULL
            AND (u.region_code = $1 OR (NOT $4 AND ($1 = '' OR u.region_code LIKE $1 || '.%')))
            AND ($2::text IS NULL OR u.pillar::text = $2) AND ($3::uuid IS NULL OR e.course_id = $3)
          ORDER BY e.user_id, e.course_id, e.cycle DESC),
       months AS (
         SELECT to_char(completed_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS month, 1 AS completed, 0 AS certified FROM current WHERE completed_at IS NOT NULL
         UNION ALL
         SELECT to_char(issued_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM'), 0, 1 FROM current WHERE issued_at IS NOT NULL)
       SELECT month, sum(completed)::int AS completed, sum(certified)::int AS certified FROM months GROUP BY month`,
      [region, filter.pillar ?? null, filter.course ?? null, exactly],
    );
    return new Map(rows.map((row) => [row.month, row]));
  }

  async function monthly(user: TestUser, query: Record<string, string>): Promise<{ items: Month[]; completed: number; certified: number }> {
    const res = await t.http.get(`/api/reports/monthly?${new URLSearchParams(query)}`).set(user.headers).expect(200);
    return res.body;
  }

  /** The API's months over every period, months with nothing left out (as the direct count does). */
  async function apiMonths(user: TestUser, query: Record<string, string>): Promise<Map<string, Month>> {
    const months = new Map<string, Month>();
    for (const period of periods) {
      for (const item of (await monthly(user, { ...query, ...period })).items) if (item.completed || item.certified) months.set(item.month, item);
    }
    return months;
  }

  async function expectDirect(user: TestUser, region: string, filter: { pillar?: string; course?: string } = {}): Promise<void> {
    const query = { ...(region ? { region } : {}), ...filter };
    const expected = [...(await direct(region, filter)).values()].sort((a, b) => a.month.localeCompare(b.month));
    const actual = [...(await apiMonths(user, query)).values()].sort((a, b) => a.month.localeCompare(b.month));
    expect([region, filter, actual]).toEqual([region, filter, expected]);
  }

  it('counts each month as a direct count of the base tables does, with every filter, at every level', async () => {
    const [course] = await db.query(`SELECT e.course_id FROM enrollments e WHERE e.completed_at IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const [kecamatan] = await db.query(`SELECT region_code FROM users WHERE role = 'PESERTA' AND region_code LIKE '32.72.%' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    expect((await direct('32.72')).size).toBeGreaterThan(12);
    for (const filter of [{}, { pillar: 'PSM' }, { course: course.course_id }, { pillar: 'TKSK', course: course.course_id }]) {
      await expectDirect(admin, '32.72', filter);
      await expectDirect(admin, kecamatan.region_code, filter);
      await expectDirect(pusat, '', filter);
    }
    await expectDirect(pusat, '32');
  });

  it('answers every month of the period in order with its totals; the default is the 12 months up to this one', async () => {
    const body = await monthly(admin, {});
    expect(body.items).toHaveLength(12);
    const thisMonth = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 7);
    expect(body.items[11].month).toBe(thisMonth);
    expect(body.items[0].month).toBe(addMonths(thisMonth, -11));
    expect(body.completed).toBe(body.items.reduce((sum, item) => sum + item.completed, 0));
    expect(body.certified).toBe(body.items.reduce((sum, item) => sum + item.certified, 0));
    const one = await monthly(admin, { from: '2025-03', to: '2025-03' });
    expect(one.items.map((item) => item.month)).toEqual(['2025-03']);
  });

  it('refuses a period backwards, longer than 36 months or badly written, with stable codes', async () => {
    const refuse = async (query: string) => (await t.http.get(`/api/reports/monthly?${query}`).set(admin.headers).expect(400)).body;
    expect((await refuse('from=2026-05&to=2026-01')).code).toBe('REPORT_PERIOD_INVALID');
    expect((await refuse('from=2023-01&to=2026-01')).code).toBe('REPORT_PERIOD_INVALID');
    expect((await monthly(admin, { from: '2023-02', to: '2026-01' })).items).toHaveLength(36);
    for (const bad of ['from=2026-13', 'to=2026-1', 'from=26-01', 'to=2026-01-01', 'from[]=x']) expect([bad, (await refuse(bad)).code]).toEqual([bad, expect.any(String)]);
  });

  it('the children of a region add up to it, month by month (workers registered at the parent itself counted apart)', async () => {
    for (const [parent, level] of [['32.72', 'DISTRICT'], ['32', 'REGENCY']] as const) {
      const children: { code: string }[] = await db.query(`SELECT code FROM regions WHERE level = $2 AND code LIKE $1 || '.%' AND length(code) = length($1) + 3`, [parent, level]);
      const sums = new Map<string, { completed: number; certified: number }>();
      const add = (months: Map<string, Month>) => {
        for (const m of months.values()) {
          const sum = sums.get(m.month) ?? { completed: 0, certified: 0 };
          sums.set(m.month, { completed: sum.completed + m.completed, certified: sum.certified + m.certified });
        }
      };
      for (const child of children) add(await apiMonths(pusat, { region: child.code }));
      add(await direct(parent, {}, true));
      const parentMonths = await apiMonths(pusat, { region: parent });
      expect(parentMonths.size).toBeGreaterThan(0);
      expect(Object.fromEntries([...sums].filter(([, s]) => s.completed || s.certified))).toEqual(
        Object.fromEntries([...parentMonths].map(([month, m]) => [month, { completed: m.completed, certified: m.certified }])),
      );
    }
  });

  it('stays right after a new completion and a revocation (hooks + fold); a revoked certificate leaves its month', async () => {
    const thisMonth = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 7);
    const before = await monthly(admin, { from: addMonths(thisMonth, -35), to: thisMonth });
    const [enrollment] = await db.query(
      `SELECT e.id, e.user_id, e.course_id, e.created_at, v.hours, u.region_code, u.pillar FROM enrollments e
         JOIN users u ON u.id = e.user_id JOIN course_versions v ON v.id = e.course_version_id
        WHERE u.region_code LIKE '32.72.%' AND u.role = 'PESERTA' AND e.completed_at IS NULL
          AND e.cycle = (SELECT max(cycle) FROM enrollments o WHERE o.user_id = e.user_id AND o.course_id = e.course_id) LIMIT 1`,
    );
    await completeEnrollment(db, reports, enrollment);
    // A certificate of the last 36 months revoked through the API (the certificates domain calls the hook itself).
    const [certificate] = await db.query(
      `SELECT c.id, to_char(c.issued_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS month FROM certificates c JOIN users u ON u.id = c.user_id
        WHERE u.region_code LIKE '32.72.%' AND c.revoked_at IS NULL AND c.issued_at > now() - interval '30 months'
          AND c.enrollment_id = (SELECT e.id FROM enrollments e WHERE e.user_id = c.user_id AND e.course_id = c.course_id ORDER BY e.cycle DESC LIMIT 1)
        ORDER BY c.issued_at DESC LIMIT 1`,
    );
    const code = newVerificationCode(); // the synthetic codes are not in the verifiable format
    await db.query(`UPDATE certificates SET verification_code = $2 WHERE id = $1`, [certificate.id, code]);
    await t.http.post(`/api/certificates/${code}/revoke`).set(admin.headers).send({ reason: 'DATA_ERROR' }).expect(200);

    // The view reads the month rows only: nothing moves until the fold.
    expect(await monthly(admin, { from: addMonths(thisMonth, -35), to: thisMonth })).toEqual(before);
    expect(await reports.foldChanges()).toBeGreaterThan(0);
    const after = await monthly(admin, { from: addMonths(thisMonth, -35), to: thisMonth });
    const at = (body: typeof before, month: string) => body.items.find((item) => item.month === month)!;
    expect(at(after, thisMonth).completed).toBe(at(before, thisMonth).completed + 1);
    expect(at(after, certificate.month).certified).toBe(at(before, certificate.month).certified - 1);
    expect(after.completed).toBe(before.completed + 1);
    expect(after.certified).toBe(before.certified - 1);
    await expectDirect(admin, '32.72');
    await expectDirect(pusat, '');
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });

  it('a course passed through the API counts this month: completed, and certified when its certificate is issued', async () => {
    const thisMonth = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 7);
    const worker = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK });
    await reports.refreshFromBaseTables('32.72.03'); // the test factory adds the account without the users hook
    const before = await monthly(admin, { pillar: 'TKSK' });
    const enrollment = await enroll(t, worker, 'tksk-dasar');
    const pre = await startAttempt(t, worker, enrollment.id, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 3)).expect(200);
    await finishLessons(t, worker, enrollment.id, await lessonIdsOf(t, 'tksk-dasar'));
    await passFieldTasks(t, worker, enrollment.id); // completion needs the field task too (decision 026)
    const post = await startAttempt(t, worker, enrollment.id, 'posttest');
    await submit(t, worker, post.id, await answersWith(db, post.id, post.questions.length)).expect(200);
    // The certificate comes from a background job: folded before it ran, its change would stay pending for the next test.
    await completionJobDone(t, enrollment.id);
    await reports.foldChanges();
    const [issued] = await db.query(`SELECT count(*)::int AS n FROM certificates WHERE enrollment_id = $1 AND revoked_at IS NULL`, [enrollment.id]);
    const after = await monthly(admin, { pillar: 'TKSK' });
    const last = (body: typeof before) => body.items[body.items.length - 1];
    expect(last(after).month).toBe(thisMonth);
    expect([last(after).completed - last(before).completed, last(after).certified - last(before).certified]).toEqual([1, issued.n]);
    await expectDirect(admin, '32.72.03', { pillar: 'TKSK' });
  });

  it('the nightly reconciliation finds a planted difference in the month rows and repairs it', async () => {
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [[planted]] = await db.query(
      `UPDATE report_months SET completed = completed + 2
        WHERE (region_code, pillar, course_id, month) = (SELECT region_code, pillar, course_id, month FROM report_months
                                                          WHERE depth = 3 AND region_code LIKE '32.72.%' AND pillar <> '*' ORDER BY 1, 2, 3, 4 LIMIT 1)
        RETURNING region_code, pillar, course_id, to_char(month, 'YYYY-MM') AS month`,
    );
    const result = await reports.reconcile('32');
    expect(result.differences).toContainEqual(
      expect.objectContaining({ regionCode: planted.region_code, pillar: planted.pillar, courseId: planted.course_id, actual: expect.objectContaining({ [`completed:${planted.month}`]: expect.any(Number) }) }),
    );
    expect(result.repaired).toBe(true);
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
    await expectDirect(admin, planted.region_code);
  });

  it('never shows a foreign region’s months: an admin or trainer of 32.02 asking for 32.72 gets the answer of a missing region', async () => {
    const own = await monthly(admin, { region: '32.72' });
    expect(own.completed).toBeGreaterThan(0);
    for (const role of [Role.ADMIN_DINSOS, Role.PELATIH]) {
      const foreign = await createUser(t, { role, regionCode: '32.02' });
      for (const region of ['32.72', '32.72.03', '32', '']) {
        const res = await t.http.get(`/api/reports/monthly?region=${encodeURIComponent(region)}`).set(foreign.headers);
        expect([role, region, res.status, res.body.code]).toEqual([role, region, region === '' ? 400 : 404, region === '' ? expect.any(String) : 'REPORT_REGION_NOT_FOUND']);
      }
      // Their own region's months are 32.02's, never 32.72's.
      const theirs = await monthly(foreign, {});
      const direct0202 = await direct('32.02');
      expect(theirs.items.filter((item) => item.completed || item.certified)).toEqual(theirs.items.filter((item) => direct0202.has(item.month)).map((item) => direct0202.get(item.month)));
    }
    const trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    expect(await monthly(trainer, { region: '32.72' })).toEqual(own);
    const worker = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03' });
    await t.http.get('/api/reports/monthly').set(worker.headers).expect(403);
  });
});
