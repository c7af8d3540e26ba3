/**
 * Desa gaps for PSM and Karang Taruna (decision 033): the desa of the kecamatan whose roster has the pillar at desa
 * level, without a worker holding a valid certificate of it, from the desa cover rows kept by the fold; each answer
 * against a direct count of the base tables, after a move to a desa, a revocation, a new certification, an expiry
 * (no write), a refresh; the region scope; the reconciliation finding a planted difference.
 */
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { Pillar } from '../../src/common/pillar';
import { ReportsClock } from '../../src/reports/reports-clock';
import { ReportsService } from '../../src/reports/reports.service';
import { createUser, Role, type TestUser } from '../factories';
import type { TestApp } from '../test-app';
import { binary, createReportsApp } from '../reports-fixtures';

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-06-15T12:00:00Z');

interface HeldCertificate {
  id: string;
  enrollment_id: string;
  user_id: string;
  course_id: string;
  issued_at: Date;
  valid_until: Date;
}

describe('reports: desa gaps for PSM and Karang Taruna', () => {
  let t: TestApp;
  let db: DataSource;
  let reports: ReportsService;
  let clock: ReportsClock;
  let admin: TestUser;
  let kecamatan: string;
  let desa: string[];
  let held: HeldCertificate;

  beforeAll(async () => {
    ({ t, db, reports, clock, admin } = await createReportsApp({ seeds: [{ workers: 300, under: '32.72', seed: 0.3 }] }));
    clock.now = () => NOW;
    // A PSM worker holding the only valid certificate it has, expiring within a year; the desa of another kecamatan.
    [held] = await db.query(
      `SELECT c.id, c.enrollment_id, c.user_id, c.course_id, c.issued_at, c.valid_until
         FROM certificates c JOIN users u ON u.id = c.user_id
         JOIN report_worker_courses r ON r.user_id = u.id AND r.certificate_id = c.id
        WHERE u.region_code LIKE '32.72.%' AND u.pillar = 'PSM' AND c.revoked_at IS NULL
          AND c.valid_until > $1::timestamptz + interval '40 days' AND c.valid_until < $1::timestamptz + interval '365 days'
          AND (SELECT count(*) FROM certificates o WHERE o.user_id = u.id AND o.revoked_at IS NULL AND (o.valid_until IS NULL OR o.valid_until > $1)) = 1
        ORDER BY c.id LIMIT 1`,
      [NOW],
    );
    expect(held).toBeDefined();
    const villages: { code: string; parent_code: string }[] = await db.query(
      `SELECT code, parent_code FROM regions WHERE level = 'VILLAGE' AND parent_code LIKE '32.72.%' ORDER BY code`,
    );
    kecamatan = villages[0].parent_code;
    desa = villages.filter((v) => v.parent_code === kecamatan).map((v) => v.code);
    expect(desa.length).toBeGreaterThan(2);
  }, 180_000);
  afterAll(async () => {
    clock.now = () => new Date();
    await t.close();
  });

  async function desaGaps(region: string, pillar: string, user: TestUser = admin, page = 1, pageSize = 100) {
    const query = new URLSearchParams({ region, pillar, page: String(page), pageSize: String(pageSize) });
    const res = await t.http.get(`/api/reports/gaps/desa?${query}`).set(user.headers).expect(200);
    return res.body as { items: { code: string; name: string; kecamatanCode: string; kecamatanName: string }[]; total: number; rosteredKecamatan: number; kecamatan: number };
  }

  async function codes(region: string, pillar: string): Promise<string[]> {
    return (await desaGaps(region, pillar)).items.map((item) => item.code);
  }

  /** The same answer from the base tables: desa of kecamatan with a worker of the pillar at a desa, without a valid certificate. */
  async function directDesaGaps(region: string, pillar: string, now: Date): Promise<string[]> {
    const rows = await db.query(
      `WITH workers AS (SELECT u.id, u.region_code FROM users u
                         WHERE u.role = 'PESERTA' AND u.status IN ('ACTIVE', 'INVITED') AND u.pillar::text = $2
                           AND ($1 = '' OR u.region_code = $1 OR u.region_code LIKE $1 || '.%')),
            rostered AS (SELECT DISTINCT r.parent_code FROM workers w JOIN regions r ON r.code = w.region_code AND r.level = 'VILLAGE')
       SELECT d.code FROM regions d JOIN rostered k ON k.parent_code = d.parent_code
        WHERE d.level = 'VILLAGE' AND NOT EXISTS (
          SELECT 1 FROM certificates c JOIN workers w ON w.id = c.user_id
           WHERE w.region_code = d.code AND c.revoked_at IS NULL AND (c.valid_until IS NULL OR c.valid_until >= $3))
        ORDER BY d.code`,
      [region, pillar, now],
    );
    return rows.map((row: { code: string }) => row.code);
  }

  async function setRevoked(revoked: boolean): Promise<void> {
    await db.transaction(async (manager) => {
      await manager.query(`UPDATE certificates SET revoked_at = $2, revocation_reason = $3 WHERE id = $1`, [held.id, revoked ? NOW : null, revoked ? 'DATA_ERROR' : null]);
      await reports.recordCertificateChange(manager, {
        certificateId: held.id, enrollmentId: held.enrollment_id, userId: held.user_id, courseId: held.course_id,
        issuedAt: held.issued_at, validUntil: held.valid_until, revoked,
      });
    });
    await reports.foldChanges();
  }

  it('lists nothing where the roster has no worker of the pillar at a desa, and says how many kecamatan it looked at', async () => {
    for (const pillar of ['PSM', 'KARANG_TARUNA']) {
      const answer = await desaGaps('32.72', pillar);
      expect(answer).toMatchObject({ items: [], total: 0, rosteredKecamatan: 0 });
      expect(answer.kecamatan).toBeGreaterThan(0);
    }
    await t.http.get('/api/reports/gaps/desa?region=32.72&pillar=TKSK').set(admin.headers).expect(400);
  });

  it('a worker moved to a desa makes its kecamatan desa-rostered; the desa holding a valid certificate is not a gap', async () => {
    const certifiedWorker = await t.http.patch(`/api/workers/${held.user_id}`).set(admin.headers).send({ regionCode: desa[0] }).expect(200);
    expect(certifiedWorker.body.regionCode).toBe(desa[0]);
    const [uncertified] = await db.query(
      `SELECT u.id FROM users u WHERE u.region_code LIKE '32.72.%' AND u.role = 'PESERTA' AND u.status IN ('ACTIVE', 'INVITED') AND u.pillar = 'PSM'
          AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = u.id AND c.revoked_at IS NULL) ORDER BY u.id LIMIT 1`,
    );
    await t.http.patch(`/api/workers/${uncertified.id}`).set(admin.headers).send({ regionCode: desa[1] }).expect(200);
    await reports.foldChanges();

    const answer = await desaGaps('32.72', 'PSM');
    expect(answer.rosteredKecamatan).toBe(1);
    expect(answer.items.map((item) => item.code)).toEqual(await directDesaGaps('32.72', 'PSM', NOW));
    expect(answer.items.map((item) => item.code)).toEqual(desa.slice(1));
    expect(answer.total).toBe(desa.length - 1);
    expect(answer.items[0].kecamatanCode).toBe(kecamatan);
    expect(answer.items[0].kecamatanName).not.toBe(kecamatan);
    expect(await codes(kecamatan, 'PSM')).toEqual(desa.slice(1));
    expect((await desaGaps('32.72', 'KARANG_TARUNA')).rosteredKecamatan).toBe(0);
    // Paged like the kecamatan gaps.
    const second = await desaGaps('32.72', 'PSM', admin, 2, 2);
    expect(second).toMatchObject({ total: desa.length - 1, page: 2, pageSize: 2 });
    expect(second.items.map((item) => item.code)).toEqual(desa.slice(3, 5));
  });

  it('follows a revocation, a new certification and an expiry (no write), and a refresh from the base tables', async () => {
    await setRevoked(true);
    expect(await codes('32.72', 'PSM')).toContain(desa[0]);
    expect(await codes('32.72', 'PSM')).toEqual(await directDesaGaps('32.72', 'PSM', NOW));
    await setRevoked(false);
    expect(await codes('32.72', 'PSM')).not.toContain(desa[0]);
    expect(await codes('32.72', 'PSM')).toEqual(await directDesaGaps('32.72', 'PSM', NOW));

    const expiry = new Date(held.valid_until).getTime();
    for (const moment of [new Date(expiry - 1000), new Date(expiry + 1000), new Date(expiry + 40 * DAY)]) {
      clock.now = () => moment;
      try {
        const answer = await codes('32.72', 'PSM');
        expect([moment, answer]).toEqual([moment, await directDesaGaps('32.72', 'PSM', moment)]);
        expect(answer.includes(desa[0])).toBe(moment.getTime() > expiry);
      } finally {
        clock.now = () => NOW;
      }
    }

    await reports.refreshFromBaseTables('32.72');
    expect(await codes('32.72', 'PSM')).toEqual(await directDesaGaps('32.72', 'PSM', NOW));
    expect(await codes('32.72', 'PSM')).not.toContain(desa[0]);
  });

  it('keeps to the caller’s region: a foreign region is refused, the nation of a foreign admin lists none of it, a trainer reads', async () => {
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    await t.http.get('/api/reports/gaps/desa?region=32.72&pillar=PSM').set(foreign.headers).expect(404);
    await t.http.get(`/api/reports/gaps/desa?region=${kecamatan}&pillar=PSM`).set(foreign.headers).expect(404);
    expect(await desaGaps('32.02', 'PSM', foreign)).toMatchObject({ items: [], total: 0, rosteredKecamatan: 0 });
    const trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    expect(await codes('32.72', 'PSM')).toEqual((await desaGaps('32.72', 'PSM', trainer)).items.map((item) => item.code));
    // Outside province 32: a worker made by SQL has no headcount change, which the reconciliation below would report.
    const worker = await createUser(t, { role: Role.PESERTA, regionCode: '31.71.01', pillar: Pillar.PSM });
    await t.http.get('/api/reports/gaps/desa?pillar=PSM').set(worker.headers).expect(403);
    const pusat = await createUser(t, { role: Role.ADMIN_PUSAT });
    const nation = await t.http.get('/api/reports/gaps/desa?pillar=PSM').set(pusat.headers).expect(200);
    expect(nation.body.items.map((item: { code: string }) => item.code)).toEqual(await directDesaGaps('', 'PSM', NOW));
  });

  it('the nightly reconciliation finds a planted difference in the desa cover and repairs it', async () => {
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
    await db.query(`DELETE FROM report_desa_cover WHERE region_code = $1`, [desa[0]]);
    expect(await codes('32.72', 'PSM')).toContain(desa[0]);
    const result = await reports.reconcile('32');
    expect(result.differences.map((d) => [d.regionCode, Object.keys(d.actual)[0]])).toEqual([[desa[0], 'desa-cover']]);
    expect(result.repaired).toBe(true);
    expect(await codes('32.72', 'PSM')).not.toContain(desa[0]);
    expect((await reports.reconcile('32', false)).differences).toEqual([]);
  });

  it('exports the desa gaps as XLSX and CSV with the API’s rows, audit-logged; a foreign region refused', async () => {
    const expected = (await desaGaps('32.72', 'PSM')).items;
    const xlsx = await t.http
      .get('/api/reports/gaps/desa.xlsx?region=32.72&pillar=PSM')
      .set(admin.headers)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const rows: string[][] = [];
    book.getWorksheet('Peserta')!.eachRow((row, n) => {
      if (n > 1) rows.push([1, 2, 3, 4].map((i) => String(row.getCell(i).value)));
    });
    expect(rows).toEqual(expected.map((item) => [item.code, item.name, item.kecamatanCode, item.kecamatanName]));
    const csv = await t.http.get('/api/reports/gaps/desa.csv?region=32.72&pillar=PSM').set(admin.headers).expect(200);
    expect(csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[0])).toEqual(expected.map((item) => item.code));
    const audits = await db.query(`SELECT details FROM audit_log WHERE action = 'report.export' AND actor_id = $1 AND details->>'list' = 'DESA_GAPS'`, [admin.id]);
    expect(audits.map((a: { details: { rows: number } }) => a.details.rows)).toEqual([expected.length, expected.length]);
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    await t.http.get('/api/reports/gaps/desa.xlsx?region=32.72&pillar=PSM').set(foreign.headers).expect(404);
  });
});
