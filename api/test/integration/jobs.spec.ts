import { BadRequestException, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobsService } from '../../src/jobs/jobs.service';
import { createUser, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

describe('background jobs', () => {
  let t: TestApp;
  let jobs: JobsService;
  beforeAll(async () => {
    t = await createTestApp();
    jobs = t.app.get(JobsService);
    await jobs.register('test.count', async (job) => {
      const n = Number(job.params.n);
      for (let i = 1; i <= n; i++) await job.progress(i, n);
      return { counted: n, input: (await job.input())?.toString('utf8') ?? null };
    });
    await jobs.register('test.refuse', async () => {
      throw new BadRequestException('Baris 3: kolom nama kosong.');
    });
    await jobs.register('test.crash', async () => {
      throw new Error('connection string postgres://secret@db leaked');
    });
  });
  afterAll(() => t.close());

  it('runs a job with progress and a result its owner can read, and forgets the input', async () => {
    const owner = await createUser(t, { role: Role.ADMIN_DINSOS });
    const id = await jobs.enqueue('test.count', { owner, params: { n: 3 }, input: Buffer.from('isi berkas') });
    expect(await jobs.waitFor(id)).toBe('DONE');
    const res = await t.http.get(`/api/jobs/${id}`).set(owner.headers).expect(200);
    expect(res.body).toMatchObject({ id, kind: 'test.count', status: 'DONE', progress: { done: 3, total: 3 }, result: { counted: 3, input: 'isi berkas' }, error: null });
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    await t.http.get(`/api/jobs/${id}`).set(national.headers).expect(200);
    const stranger = await createUser(t, { role: Role.ADMIN_DINSOS });
    const notFound = { statusCode: 404, error: 'Not Found', code: 'JOB_NOT_FOUND', message: 'Pekerjaan latar tidak ditemukan.' };
    expect((await t.http.get(`/api/jobs/${id}`).set(stranger.headers).expect(404)).body).toEqual(notFound);
    expect((await t.http.get('/api/jobs/not-a-uuid').set(owner.headers).expect(404)).body).toEqual(notFound);
  });

  it('shows a refusal as it is, and hides what a crash says', async () => {
    const owner = await createUser(t, { role: Role.ADMIN_DINSOS });
    const refused = await jobs.enqueue('test.refuse', { owner });
    const crashed = await jobs.enqueue('test.crash', { owner });
    expect(await jobs.waitFor(refused)).toBe('FAILED');
    expect(await jobs.waitFor(crashed)).toBe('FAILED');
    expect((await t.http.get(`/api/jobs/${refused}`).set(owner.headers).expect(200)).body.error).toBe('Baris 3: kolom nama kosong.');
    const crash = (await t.http.get(`/api/jobs/${crashed}`).set(owner.headers).expect(200)).body.error;
    expect(crash).toBe('Pekerjaan gagal karena kesalahan server.');
  });

  it('logs PostgreSQL ending its connections as a warning, not an error, and goes on running jobs', async () => {
    const owner = await createUser(t, { role: Role.ADMIN_DINSOS });
    await jobs.waitFor(await jobs.enqueue('test.count', { owner, params: { n: 1 } })); // pg-boss started, connected
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const failed = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      // What a restart, an operator's pg_terminate_backend or Ctrl-C on `npm start` does to pg-boss's connections.
      const ended = await t.app.get(DataSource).query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bimtek-jobs' AND datname = current_database()`);
      // One warning per connection ended, once pg-boss's pool has read PostgreSQL's goodbye on it (and dropped it).
      const unreachable = () => warned.mock.calls.filter(([message]) => /^pg-boss: database unreachable/.test(String(message))).length;
      const deadline = Date.now() + 10_000;
      while (unreachable() < ended.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warned.mock.calls.map(([message]) => String(message))).toContainEqual(expect.stringMatching(/^pg-boss: database unreachable: terminating connection due to administrator command/));
      expect(failed.mock.calls.filter(([message]) => /^pg-boss/.test(String(message)))).toEqual([]);
    } finally {
      warned.mockRestore();
      failed.mockRestore();
    }
    expect(await jobs.waitFor(await jobs.enqueue('test.count', { owner, params: { n: 2 } }))).toBe('DONE');
  });

  it('refuses to enqueue a kind nobody handles', async () => {
    await expect(jobs.enqueue('test.unknown')).rejects.toThrow('No handler');
  });
});
