/**
 * The rollups added for a million workers (decision 032) stay exact: the expiry counts at the edges of a day (day
 * buckets plus the two partial days counted from the rows), the coverage gaps from the kecamatan cover rows (after a
 * revocation folded, and after an expiry with no write at all), and the "stuck" total (the rollups' not-passed count
 * less the recently active rows), each against a direct count of the base tables.
 */
import { DataSource } from 'typeorm';
import { ReportsClock } from '../../src/reports/reports-clock';
import { ReportsService } from '../../src/reports/reports.service';
import { createUser, Role, type TestUser } from '../factories';
import type { TestApp } from '../test-app';
import { createReportsApp } from '../reports-fixtures';

const DAY = 24 * 3600 * 1000;
/** A fixed moment in the middle of a day and of a month, so every edge below is a distinct day. */
const NOW = new Date('2026-06-15T12:00:00Z');

describe('reports at scale: day buckets, kecamatan cover, stuck total', () => {
  let t: TestApp;
  let db: DataSource;
  let reports: ReportsService;
  let clock: ReportsClock;
  let admin: TestUser;

  beforeAll(async () => {
    ({ t, db, reports, clock, admin } = await createReportsApp({ seeds: [{ workers: 300, under: '32.72', seed: 0.3 }] }));
    clock.now = () => NOW;
  }, 120_000);
  afterAll(async () => {
    clock.now = () => new Date();
    await t.close();
  });

  async function expiryCounts(region: string, pillar?: string): Promise<{ certified: number; expiringSoon: number; expired: number }> {
    const query = new URLSearchParams({ region, ...(pillar ? { pillar } : {}) });
    const res = await t.http.get(`/api/reports/summary?${query}`).set(admin.headers).expect(200);
    return { certified: res.body.certified, expiringSoon: res.body.expiringSoon, expired: res.body.expired };
  }

  async function directExpiry(region: string, now: Date, pillar?: string): Promise<{ certified: number; expiringSoon: number; expired: number }> {
    const [row] = await db.query(
      `WITH c AS (SELECT c.* FROM certificates c JOIN users u ON u.id = c.user_id
                   WHERE c.revoked_at IS NULL AND u.role = 'PESERTA' AND (u.region_code = $1 OR u.region_code LIKE $1 || '.%')
                     AND ($3::text IS NULL OR u.pillar::text = $3))
       SELECT (SELECT count(*) FROM c WHERE valid_until IS NULL OR valid_until >= $2)::int AS certified,
              (SELECT count(*) FROM c WHERE valid_until >= $2 AND valid_until < $2::timestamptz + interval '90 days')::int AS "expiringSoon",
              (SELECT count(*) FROM c WHERE valid_until < $2)::int AS expired`,
      [region, now, pillar ?? null],
    );
    return row;
  }

  async function directGaps(region: string, now: Date, pillar?: string): Promise<string[]> {
    const rows = await db.query(
      `SELECT r.code FROM regions r WHERE r.level = 'DISTRICT' AND r.code LIKE $1 || '.%' AND NOT EXISTS (
         SELECT 1 FROM certificates c JOIN users u ON u.id = c.user_id
          WHERE u.region_code = r.code AND ($3::text IS NULL OR u.pillar::text = $3) AND u.role = 'PESERTA'
            AND c.revoked_at IS NULL AND (c.valid_until IS NULL OR c.valid_until >= $2))
        ORDER BY r.code`,
      [region, now, pillar ?? null],
    );
    return rows.map((row: { code: string }) => row.code);
  }

  async function gaps(region: string, pillar?: string): Promise<string[]> {
    const query = new URLSearchParams({ region, ...(pillar ? { pillar } : {}) });
    const res = await t.http.get(`/api/reports/gaps?${query}`).set(admin.headers).expect(200);
    return res.body.items.map((item: { code: string }) => item.code);
  }

  it('counts certificates expiring on the edge days exactly: earlier and later today, and either side of the 90th day', async () => {
    const edges = [
      -1 * 3600 * 1000, // earlier today: expired
      1 * 3600 * 1000, // later today: expiring
      -3 * DAY, // earlier this month: expired (a day bucket of this month)
      5 * DAY, // later this month: expiring (a day bucket of this month)
      -20 * DAY, // last month: expired (a month bucket)
      40 * DAY, // a whole month inside the 90 days
      90 * DAY - 3600 * 1000, // the 90th day, before the moment: expiring
      90 * DAY + 3600 * 1000, // the 90th day, after it: not yet
      88 * DAY, // earlier in the 90th day's month: expiring (a day bucket of that month)
      95 * DAY, // later in that month: not yet
    ];
    const certificates: { id: string }[] = await db.query(
      `SELECT c.id FROM certificates c WHERE c.region_code LIKE '32.72.%' AND c.revoked_at IS NULL ORDER BY c.id LIMIT $1`,
      [edges.length * 2],
    );
    expect(certificates).toHaveLength(edges.length * 2);
    // Half through the refresh (the backfill path), half through the certificate hook and the fold.
    for (const [i, edge] of edges.entries()) {
      await db.query(`UPDATE certificates SET valid_until = $2 WHERE id = $1`, [certificates[i].id, new Date(NOW.getTime() + edge)]);
    }
    await reports.refreshFromBaseTables('32.72');
    for (const [i, edge] of edges.entries()) {
      const validUntil = new Date(NOW.getTime() + edge);
      const [c] = await db.query(
        `UPDATE certificates SET valid_until = $2 WHERE id = $1 RETURNING id, enrollment_id, user_id, course_id, issued_at`,
        [certificates[edges.length + i].id, validUntil],
      );
      await db.transaction((manager) =>
        reports.recordCertificateChange(manager, {
          certificateId: c[0].id, enrollmentId: c[0].enrollment_id, userId: c[0].user_id, courseId: c[0].course_id,
          issuedAt: c[0].issued_at, validUntil, revoked: false,
        }),
      );
    }
    expect(await reports.foldChanges()).toBeGreaterThan(0);
    const [kecamatan] = await db.query(`SELECT region_code FROM certificates WHERE id = $1`, [certificates[0].id]);
    // The regions view reads a parent and its children in one statement: each child's counts, edges included.
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    for (const parent of ['', '32', '32.72']) {
      const res = await t.http.get(`/api/reports/regions${parent ? `?parent=${parent}` : ''}`).set(national.headers).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const item of res.body.items.filter((i: { code: string }) => i.code !== parent)) {
        const counts = { certified: item.certified, expiringSoon: item.expiringSoon, expired: item.expired };
        expect([item.code, counts]).toEqual([item.code, await directExpiry(item.code, NOW)]);
      }
    }
    for (const region of ['32.72', kecamatan.region_code]) {
      expect([region, await expiryCounts(region)]).toEqual([region, await directExpiry(region, NOW)]);
      expect([region, 'PSM', await expiryCounts(region, 'PSM')]).toEqual([region, 'PSM', await directExpiry(region, NOW, 'PSM')]);
    }
    // Two hours later the certificate of "later today" has expired, with no write. Ten days later (late in the month,
    // and the 90th day late in its month) each edge month is read from its other side: the same counts as the rows.
    for (const moment of [new Date(NOW.getTime() + 2 * 3600 * 1000), new Date(NOW.getTime() + 10 * DAY), new Date(NOW.getTime() - 12 * DAY)]) {
      clock.now = () => moment;
      try {
        expect([moment, await expiryCounts('32.72')]).toEqual([moment, await directExpiry('32.72', moment)]);
        expect([moment, await expiryCounts(kecamatan.region_code, 'PSM')]).toEqual([moment, await directExpiry(kecamatan.region_code, moment, 'PSM')]);
      } finally {
        clock.now = () => NOW;
      }
    }
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });

  it('lists the coverage gaps from the cover rows: after a revocation is folded, and after an expiry with no write', async () => {
    for (const pillar of [undefined, 'TKSK', 'PSM']) {
      expect([pillar, await gaps('32.72', pillar)]).toEqual([pillar, await directGaps('32.72', NOW, pillar)]);
    }
    // A covered kecamatan loses its only valid certificate of a pillar: revoked, through the hook, then folded.
    const [held] = await db.query(
      `SELECT c.id, c.enrollment_id, c.user_id, c.course_id, c.issued_at, c.valid_until, u.region_code, u.pillar::text AS pillar
         FROM certificates c JOIN users u ON u.id = c.user_id
        WHERE u.region_code LIKE '32.72.%' AND c.revoked_at IS NULL AND c.valid_until > $1
          AND (SELECT count(*) FROM certificates o JOIN users ou ON ou.id = o.user_id
                WHERE ou.region_code = u.region_code AND ou.pillar = u.pillar AND o.revoked_at IS NULL AND o.valid_until > $1) = 1
        ORDER BY c.id LIMIT 1`,
      [NOW],
    );
    expect(held).toBeDefined();
    expect(await gaps('32.72', held.pillar)).not.toContain(held.region_code);
    await db.transaction(async (manager) => {
      await manager.query(`UPDATE certificates SET revoked_at = now(), revocation_reason = 'DATA_ERROR' WHERE id = $1`, [held.id]);
      await reports.recordCertificateChange(manager, {
        certificateId: held.id, enrollmentId: held.enrollment_id, userId: held.user_id, courseId: held.course_id,
        issuedAt: held.issued_at, validUntil: held.valid_until, revoked: true,
      });
    });
    await reports.foldChanges();
    expect(await gaps('32.72', held.pillar)).toContain(held.region_code);
    expect(await gaps('32.72', held.pillar)).toEqual(await directGaps('32.72', NOW, held.pillar));
    expect(await gaps('32.72')).toEqual(await directGaps('32.72', NOW));

    // Time passes: the kecamatan whose last certificate expires soonest become gaps, this month and later, no write.
    const [soonest] = await db.query(
      `SELECT max(c.valid_until) AS last FROM certificates c JOIN users u ON u.id = c.user_id
        WHERE u.region_code LIKE '32.72.%' AND c.revoked_at IS NULL AND c.valid_until > $1
        GROUP BY u.region_code ORDER BY 1 LIMIT 1`,
      [NOW],
    );
    for (const moment of [new Date(new Date(soonest.last).getTime() - 1000), new Date(new Date(soonest.last).getTime() + 1000), new Date(NOW.getTime() + 400 * DAY)]) {
      clock.now = () => moment;
      try {
        for (const pillar of [undefined, 'TKSK', 'PSM']) {
          expect([moment, pillar, await gaps('32.72', pillar)]).toEqual([moment, pillar, await directGaps('32.72', moment, pillar)]);
        }
      } finally {
        clock.now = () => NOW;
      }
    }
  });

  it('the nightly reconciliation also finds planted differences in the day buckets and the cover rows, and repairs them', async () => {
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
    // TypeORM answers an UPDATE or DELETE … RETURNING with [rows, count].
    const [[day]] = await db.query(
      `UPDATE report_expiry_days SET certificates = certificates + 2
        WHERE (region_code, pillar, course_id, day) = (SELECT region_code, pillar, course_id, day FROM report_expiry_days
                                                        WHERE depth = 3 AND region_code LIKE '32.72.%' AND pillar <> '*' ORDER BY 1, 2, 3, 4 LIMIT 1)
        RETURNING region_code`,
    );
    const [[cover]] = await db.query(
      `DELETE FROM report_kecamatan_cover WHERE (pillar, region_code) = (SELECT pillar, region_code FROM report_kecamatan_cover
                                                                         WHERE region_code LIKE '32.72.%' ORDER BY 1, 2 LIMIT 1)
        RETURNING region_code, pillar`,
    );
    const result = await reports.reconcile('32');
    const found = result.differences.map((d) => [d.regionCode, Object.keys(d.actual)[0].split(':')[0]]);
    expect(found).toContainEqual([day.region_code, 'day']);
    expect(found).toContainEqual([cover.region_code, 'cover']);
    expect(result.repaired).toBe(true);
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });

  it('the stuck total is the number of rows the list has, as time passes', async () => {
    for (const moment of [NOW, new Date(NOW.getTime() + 10 * DAY), new Date(NOW.getTime() + 400 * DAY), new Date()]) {
      clock.now = () => moment;
      try {
        for (const query of ['', '&pillar=PSM', '&region=32.72.03']) {
          const res = await t.http.get(`/api/reports/workers?status=STUCK&pageSize=1000${query}`).set(admin.headers).expect(200);
          expect([moment, query, res.body.total]).toEqual([moment, query, res.body.items.length]);
        }
      } finally {
        clock.now = () => NOW;
      }
    }
  });

  /** "Stuck" straight from the base tables: the current cycle neither completed nor certified, no activity for 14 days. */
  async function directStuck(region: string, now: Date, pillar?: string, course?: string): Promise<number> {
    const [row] = await db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT DISTINCT ON (e.user_id, e.course_id) e.id, e.completed_at, e.updated_at FROM enrollments e JOIN users u ON u.id = e.user_id
          WHERE u.role = 'PESERTA' AND (u.region_code = $1 OR u.region_code LIKE $1 || '.%')
            AND ($3::text IS NULL OR u.pillar::text = $3) AND ($4::uuid IS NULL OR e.course_id = $4)
          ORDER BY e.user_id, e.course_id, e.cycle DESC) e
        WHERE e.completed_at IS NULL AND e.updated_at < $2::timestamptz - interval '14 days'
          AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrollment_id = e.id AND c.revoked_at IS NULL)`,
      [region, now, pillar ?? null, course ?? null],
    );
    return row.n;
  }

  async function stuckTotal(query: Record<string, string>): Promise<number> {
    const res = await t.http.get(`/api/reports/workers?${new URLSearchParams({ status: 'STUCK', pageSize: '1', ...query })}`).set(admin.headers).expect(200);
    return res.body.total;
  }

  /** Changes an enrollment as learning would (`set`: SQL assignments) and tells the reports through the hook. */
  async function changeEnrollment(id: string, set: string, updatedAt: Date): Promise<void> {
    await db.transaction(async (manager) => {
      const [[e]] = await manager.query(
        `UPDATE enrollments SET ${set}, updated_at = $2 WHERE id = $1
         RETURNING id, user_id, course_id, course_version_id, lessons_finished, pretest_score, best_posttest_score, posttest_attempts, completed_at, created_at, updated_at`,
        [id, updatedAt],
      );
      const [u] = await manager.query(
        `SELECT u.region_code, u.pillar::text AS pillar, v.hours FROM users u, course_versions v WHERE u.id = $1 AND v.id = $2`,
        [e.user_id, e.course_version_id],
      );
      const score = (value: string | null) => (value === null ? null : Number(value));
      await reports.recordEnrollmentChange(manager, {
        enrollmentId: e.id, userId: e.user_id, courseId: e.course_id, regionCode: u.region_code, pillar: u.pillar,
        lessonsFinished: e.lessons_finished, pretestScore: score(e.pretest_score), bestPosttestScore: score(e.best_posttest_score),
        posttestAttempts: e.posttest_attempts, completedAt: e.completed_at, hours: Number(u.hours), createdAt: e.created_at, updatedAt: e.updated_at,
      });
    });
  }

  it('the stuck total from the activity day buckets equals a direct count after activity, completion and as time passes', async () => {
    // Not-passed enrollments of the current cycle in 32.72, each the worker's only cycle of that course.
    const open: { id: string; region_code: string; pillar: string; course_id: string }[] = await db.query(
      `SELECT e.id, u.region_code, u.pillar::text AS pillar, e.course_id FROM enrollments e JOIN users u ON u.id = e.user_id
        WHERE u.region_code LIKE '32.72.%' AND u.role = 'PESERTA' AND e.completed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrollment_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM enrollments o WHERE o.user_id = e.user_id AND o.course_id = e.course_id AND o.id <> e.id)
        ORDER BY e.id LIMIT 6`,
    );
    expect(open).toHaveLength(6);
    const fourteenDaysBack = NOW.getTime() - 14 * DAY;
    // Activity today (a lesson finished), a first step (the pretest), a completion (the post-test passed), and activity
    // an hour either side of the moment 14 days back (the one day counted from the rows), and long ago.
    await changeEnrollment(open[0].id, 'lessons_finished = lessons_finished + 1', new Date(NOW.getTime() - 3600 * 1000));
    await changeEnrollment(open[1].id, 'pretest_score = coalesce(pretest_score, 40)', new Date(NOW.getTime() - 3 * DAY));
    await changeEnrollment(
      open[2].id,
      `status = 'COMPLETED', lessons_finished = greatest(lessons_finished, 5), best_posttest_score = 90, posttest_attempts = posttest_attempts + 1, completed_at = '${new Date(NOW.getTime() - 7200 * 1000).toISOString()}'`,
      new Date(NOW.getTime() - 7200 * 1000),
    );
    await changeEnrollment(open[3].id, 'lessons_finished = lessons_finished + 1', new Date(fourteenDaysBack + 3600 * 1000));
    await changeEnrollment(open[4].id, 'lessons_finished = lessons_finished + 1', new Date(fourteenDaysBack - 3600 * 1000));
    await changeEnrollment(open[5].id, 'lessons_finished = lessons_finished + 1', new Date(NOW.getTime() - 200 * DAY));
    expect(await reports.foldChanges()).toBeGreaterThan(0);
    const courseId = open[0].course_id;
    const cases: [Record<string, string>, string, string?, string?][] = [
      [{}, '32.72'],
      [{ pillar: 'PSM' }, '32.72', 'PSM'],
      [{ course: courseId }, '32.72', undefined, courseId],
      [{ region: open[3].region_code }, open[3].region_code],
      [{ region: open[4].region_code, pillar: open[4].pillar }, open[4].region_code, open[4].pillar],
    ];
    // The moment, two hours later (the row active an hour after the 14th day back becomes stuck), later this month,
    // a year later, and twelve days earlier (rows active "in the future" count as active).
    const moments = [NOW, new Date(NOW.getTime() + 2 * 3600 * 1000), new Date(NOW.getTime() + 10 * DAY), new Date(NOW.getTime() + 400 * DAY), new Date(NOW.getTime() - 12 * DAY)];
    for (const moment of moments) {
      clock.now = () => moment;
      try {
        for (const [query, region, pillar, course] of cases) {
          expect([moment, query, await stuckTotal(query)]).toEqual([moment, query, await directStuck(region, moment, pillar, course)]);
        }
      } finally {
        clock.now = () => NOW;
      }
    }
    // The edge row moved into "stuck" two hours later; the row active today did not.
    clock.now = () => new Date(NOW.getTime() + 2 * 3600 * 1000);
    try {
      const later = await stuckTotal({ region: open[3].region_code });
      clock.now = () => NOW;
      expect(later).toBeGreaterThan(await stuckTotal({ region: open[3].region_code }));
    } finally {
      clock.now = () => NOW;
    }
    // The refresh rebuilds the buckets (and each ancestor from its children) to the same counts.
    const before = await Promise.all(cases.map(([query]) => stuckTotal(query)));
    await reports.refreshFromBaseTables('32.72.03');
    expect(await Promise.all(cases.map(([query]) => stuckTotal(query)))).toEqual(before);
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });

  it('the nightly reconciliation finds a planted difference in the activity day buckets, and repairs it', async () => {
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
    const [[planted]] = await db.query(
      `UPDATE report_activity_days SET not_passed = not_passed + 1
        WHERE (region_code, pillar, course_id, day) = (SELECT region_code, pillar, course_id, day FROM report_activity_days
                                                        WHERE depth = 2 AND region_code = '32.72' AND pillar = '*' ORDER BY day DESC LIMIT 1)
        RETURNING region_code, day`,
    );
    const result = await reports.reconcile('32');
    expect(result.differences.map((d) => [d.regionCode, Object.keys(d.actual)[0].split(':')[0]])).toContainEqual([planted.region_code, 'active']);
    expect(result.repaired).toBe(true);
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });
});
