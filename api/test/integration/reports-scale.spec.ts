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
import { seedSynthetic } from '../synthetic';
import { createTestApp, type TestApp } from '../test-app';

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
    t = await createTestApp();
    db = t.app.get(DataSource);
    reports = t.app.get(ReportsService);
    clock = t.app.get(ReportsClock);
    const runner = db.createQueryRunner();
    try {
      await seedSynthetic(runner, { workers: 300, under: '32.72', seed: 0.3 });
    } finally {
      await runner.release();
    }
    await reports.refreshFromBaseTables(null);
    admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
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
});
