/**
 * People-list exports beyond one request (decision 033): above the stream limit (REPORT_PEOPLE_STREAM_LIMIT, lowered
 * here to 50) the direct download is refused before the first byte and the same export runs as a background job,
 * whose file has the API list's rows, a formula-like name as text, its progress and its audit entry; only its owner
 * downloads it.
 */
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { JobsService } from '../../src/jobs/jobs.service';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import type { TestApp } from '../test-app';
import { binary, createReportsApp } from '../reports-fixtures';

const LIMIT = 50;
const TRICK = '=HYPERLINK("http://x","klik")';

describe('reports: people-list exports as background jobs', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: TestUser;
  let trick: TestUser;
  const previous = process.env.REPORT_PEOPLE_STREAM_LIMIT;

  beforeAll(async () => {
    process.env.REPORT_PEOPLE_STREAM_LIMIT = String(LIMIT);
    ({ t, db, admin } = await createReportsApp({ seeds: [{ workers: 120, under: '32.72', seed: 0.5 }], refresh: false }));
    trick = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.PSM, name: TRICK });
  }, 180_000);
  afterAll(async () => {
    if (previous === undefined) delete process.env.REPORT_PEOPLE_STREAM_LIMIT;
    else process.env.REPORT_PEOPLE_STREAM_LIMIT = previous;
    await t.close();
  });

  /** Every row of a list through the API, in its order. */
  async function apiRows(query: string): Promise<{ userId: string; name: string; regionCode: string }[]> {
    const items: { userId: string; name: string; regionCode: string }[] = [];
    for (let page = 1; ; page++) {
      const body = (await t.http.get(`/api/reports/people?${query}&page=${page}&pageSize=1000`).set(admin.headers).expect(200)).body;
      items.push(...body.items);
      if (items.length >= body.total) return items;
    }
  }

  async function runJob(body: Record<string, string>): Promise<{ id: string; result: { rows: number; format: string; download: string }; progress: { done: number; total: number } }> {
    const started = await t.http.post('/api/reports/people/exports').set(admin.headers).send(body).expect(202);
    const { jobId } = started.body as { jobId: string };
    expect(await t.app.get(JobsService).waitFor(jobId, 60_000)).toBe('DONE');
    return (await t.http.get(`/api/jobs/${jobId}`).set(admin.headers).expect(200)).body;
  }

  it('refuses a direct download above the limit before the first byte, and still streams a list under it', async () => {
    const list = await apiRows('list=ALL_WORKERS');
    expect(list.length).toBeGreaterThan(LIMIT);
    for (const format of ['xlsx', 'csv']) {
      const res = await t.http.get(`/api/reports/people.${format}?list=ALL_WORKERS`).set(admin.headers).expect(400);
      expect(res.body.code).toBe('REPORT_EXPORT_NEEDS_JOB');
    }
    const small = await apiRows('list=ALL_WORKERS&region=32.72.03&pillar=PSM');
    expect(small.length).toBeLessThanOrEqual(LIMIT);
    const csv = await t.http.get('/api/reports/people.csv?list=ALL_WORKERS&region=32.72.03&pillar=PSM').set(admin.headers).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(small.length + 1);
  });

  it('the job’s XLSX has the same rows as the API list and the formula-like name as text; progress and audit follow', async () => {
    const list = await apiRows('list=ALL_WORKERS');
    const job = await runJob({ list: 'ALL_WORKERS', format: 'xlsx' });
    expect(job.result).toMatchObject({ rows: list.length, format: 'xlsx', download: `/api/reports/exports/${job.id}/file` });
    expect(job.progress).toEqual({ done: list.length, total: list.length });
    const file = await t.http.get(`/api/reports/exports/${job.id}/file`).set(admin.headers).buffer(true).parse(binary).expect(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Peserta')!;
    const rows: { userId: string; name: string; regionCode: string }[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push({ name: String(row.getCell(1).value), regionCode: String(row.getCell(2).value), userId: String(row.getCell(9).value) });
    });
    expect(rows).toEqual(list.map((item) => ({ name: item.name, regionCode: item.regionCode, userId: item.userId })));
    let cell: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(9).value === trick.id) cell = row.getCell(1);
    });
    expect([cell?.type, cell?.value, cell?.formula]).toEqual([ExcelJS.ValueType.String, TRICK, undefined]);
    expect(book.getWorksheet('Filter')!.getColumn(1).values).toEqual(expect.arrayContaining(['Daftar', 'Wilayah']));
    const [audit] = await db.query(
      `SELECT details FROM audit_log WHERE action = 'report.export' AND actor_id = $1 AND details->>'background' = 'true' AND details->>'format' = 'xlsx'`,
      [admin.id],
    );
    expect(audit.details).toMatchObject({ rows: list.length, list: 'ALL_WORKERS', background: true });
  });

  it('the job’s CSV has the same rows too, the formula-like name after an apostrophe', async () => {
    const list = await apiRows('list=ALL_WORKERS&pillar=PSM');
    const job = await runJob({ list: 'ALL_WORKERS', pillar: 'PSM', format: 'csv' });
    const file = await t.http.get(`/api/reports/exports/${job.id}/file`).set(admin.headers).buffer(true).expect(200);
    const lines = file.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(list.length);
    expect(lines.map((line) => line.slice(line.lastIndexOf(',') + 1))).toEqual(list.map((item) => item.userId));
    expect(file.text).toContain(`"'${TRICK.replace(/"/g, '""')}"`);
  });

  it('only its owner downloads the file; a region outside the scope is refused before anything is queued', async () => {
    const job = await runJob({ list: 'ALL_WORKERS', format: 'csv' });
    const foreign = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    const other = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    for (const user of [foreign, other]) {
      const res = await t.http.get(`/api/reports/exports/${job.id}/file`).set(user.headers);
      expect([res.status, res.body.code]).toEqual([404, 'REPORT_EXPORT_NOT_FOUND']);
    }
    await t.http.post('/api/reports/people/exports').set(foreign.headers).send({ list: 'ALL_WORKERS', format: 'xlsx', region: '32.72' }).expect(404);
    const worker = await createUser(t, { role: Role.PESERTA });
    await t.http.post('/api/reports/people/exports').set(worker.headers).send({ list: 'ALL_WORKERS', format: 'xlsx' }).expect(403);
    await t.http.post('/api/reports/people/exports').set(admin.headers).send({ list: 'ALL_WORKERS', format: 'pdf' }).expect(400);
  });
});
