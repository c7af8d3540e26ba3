/** Input at the edges (issue #21, L1): refused with a 4xx and a code before it can reach a query as a 500. */
import { DataSource } from 'typeorm';
import { createUser, Pillar } from '../factories';
import { createTestApp, TestApp } from '../test-app';

describe('request limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a JSON body nested 5,000 deep before parsing it', async () => {
    const worker = await createUser(t, { pillar: Pillar.TKSK, regionCode: '32.72.03' });
    const deep = `${'{"a":['.repeat(5_000)}1${']}'.repeat(5_000)}`;
    const res = await t.http.post('/api/enrollments').set(worker.headers).set('Content-Type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'JSON_TOO_DEEP' });
    const shallow = await t.http.post('/api/enrollments').set(worker.headers).send({ course: 'tidak-ada' });
    expect(shallow.status).toBe(404);
  });

  it('refuses a NUL character in a body, a query or a path, and stores nothing', async () => {
    const worker = await createUser(t, { pillar: Pillar.TKSK, regionCode: '32.72.03' });
    const before = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM enrollments`);
    const body = await t.http.post('/api/enrollments').set(worker.headers).send({ course: 'tksk-dasar\u0000' }).expect(400);
    expect(body.body.code).toBe('NUL_CHARACTER');
    expect((await t.http.get('/api/courses?q=%00').expect(400)).body.code).toBe('NUL_CHARACTER');
    expect((await t.http.get('/api/regions/32%00').expect(400)).body.code).toBe('NUL_CHARACTER');
    expect(await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM enrollments`)).toEqual(before);
  });

  it('refuses a page number past what SQL can take (was a 500)', async () => {
    const res = await t.http.get('/api/regions?page=9999999999999999999999999999999999999999').expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'page', code: 'MAX' })] });
  });
});
