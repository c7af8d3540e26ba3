/**
 * The API with OBJECT_STORAGE=s3 against a real S3-compatible server (s3rver, see test/s3-server.ts): a task photo
 * and a report export's file go to the bucket, not to a local folder, so any instance serves them (decision 038);
 * the photo is served back and deleted by the retention job; another client of the bucket (as another instance
 * would be) reads the export file the job wrote.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { JobsService } from '../../src/jobs/jobs.service';
import { ObjectStorages } from '../../src/storage/object-storages';
import { s3ClientOf } from '../../src/storage/s3-sdk';
import { S3ObjectStorage } from '../../src/storage/s3-object-storage';
import { storageSettings } from '../../src/storage/storage-config';
import { exportArea } from '../../src/reports/export-files';
import { TasksClock } from '../../src/tasks/tasks-clock';
import { TASKS_RETENTION } from '../../src/tasks/tasks.module';
import { ConfigService } from '@nestjs/config';
import { createUser, Role, type TestUser } from '../factories';
import { startS3Server, type TestS3Server } from '../s3-server';
import { createTestApp, type TestApp } from '../test-app';
import { enroll } from './learning.helpers';
import { reportOf } from './tasks.helpers';

const DAY = 24 * 3600 * 1000;

describe('object storage in an S3-compatible bucket (OBJECT_STORAGE=s3)', () => {
  let server: TestS3Server;
  let client: S3Client;
  let localDir: string;
  let t: TestApp;
  const saved: Record<string, string | undefined> = {};

  const setEnv = (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  };

  beforeAll(async () => {
    server = await startS3Server();
    localDir = await mkdtemp(path.join(tmpdir(), 'bimtek-test-not-used-'));
    // The local folders point somewhere watched: nothing may land there.
    setEnv({ ...server.env, S3_PREFIX: 'pilar/', EVIDENCE_DIR: path.join(localDir, 'evidence'), REPORT_EXPORT_DIR: path.join(localDir, 'exports') });
    t = await createTestApp();
    const settings = storageSettings(process.env, '/nonexistent');
    if (settings.kind !== 's3') throw new Error('expected S3 settings');
    client = await s3ClientOf(settings.s3);
  });

  afterAll(async () => {
    await t?.close();
    client?.destroy();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await server?.close();
    await rm(localDir, { recursive: true, force: true });
  });

  const keysInBucket = async (): Promise<string[]> =>
    ((await client.send(new ListObjectsV2Command({ Bucket: server.bucket }))).Contents ?? []).map((object) => object.Key!).sort();

  it('checks at start-up that the bucket answers, and names what to fix when it does not (never a key)', async () => {
    expect(await t.app.get(ObjectStorages).bucketProblem()).toBeNull();
    const previous = process.env.S3_BUCKET;
    process.env.S3_BUCKET = 'no-such-bucket';
    const misconfigured = new ObjectStorages(t.app.get(ConfigService));
    try {
      const problem = await misconfigured.bucketProblem();
      expect(problem).toMatch(/^S3 bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ does not answer: .*Check S3_BUCKET/);
      expect(problem).not.toContain('S3RVER');
    } finally {
      process.env.S3_BUCKET = previous;
      await misconfigured.onApplicationShutdown();
    }
  });

  it('a task photo is stored in the bucket, served back through the API, and deleted by the retention job', async () => {
    const worker: TestUser = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03' });
    const reviewer = await createUser(t, { role: Role.ADMIN_PUSAT });
    const enrollmentId = (await enroll(t, worker)).id;
    const task = (await t.http.get(`/api/enrollments/${enrollmentId}/tasks`).set(worker.headers).expect(200)).body.items[0];
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 90, g: 140, b: 60 } } }).jpeg().toBuffer();
    const submitted = await t.http
      .post(`/api/tasks/${task.id}/submissions`)
      .set(worker.headers)
      .field('enrollmentId', enrollmentId)
      .field('report', reportOf(task.reportMinWords ?? 0))
      .attach('photos', photo, 'foto.jpg')
      .expect(201);
    const submissionId = submitted.body.id as string;

    expect(await keysInBucket()).toEqual([`pilar/evidence/${submissionId}/1.webp`]);
    expect(await readdir(localDir)).toEqual([]);
    const served = await t.http.get(`/api/submissions/${submissionId}/photos/1`).set(worker.headers).buffer(true).expect(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect((await sharp(served.body as Buffer).metadata()).format).toBe('webp');

    await t.http.post(`/api/submissions/${submissionId}/claim`).set(reviewer.headers).send({}).expect(200);
    const levels = Object.fromEntries(task.rubric.criteria.map((criterion: { id: string }) => [criterion.id, task.rubric.passLevel]));
    await t.http.post(`/api/submissions/${submissionId}/review`).set(reviewer.headers).send({ levels, decision: 'pass', comments: 'Lulus.' }).expect(200);
    t.app.get(TasksClock).now = () => new Date(Date.now() + 13 * 31 * DAY);
    const jobs = t.app.get(JobsService);
    expect(await jobs.waitFor(await jobs.enqueue(TASKS_RETENTION), 60_000)).toBe('DONE');
    expect(await keysInBucket()).toEqual([]);
    const gone = await t.http.get(`/api/submissions/${submissionId}/photos/1`).set(worker.headers).expect(410);
    expect(gone.body.code).toBe('TASK_EVIDENCE_DELETED');
  });

  it("a background export's file is written to the bucket and downloads the same as the direct export", async () => {
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const started = await t.http.post('/api/reports/exports').set(admin.headers).send({ format: 'csv' }).expect(202);
    const { jobId } = started.body as { jobId: string };
    expect(await t.app.get(JobsService).waitFor(jobId, 60_000)).toBe('DONE');
    expect(await keysInBucket()).toEqual([`pilar/exports/${jobId}.csv`]);
    expect(await readdir(localDir)).toEqual([]);

    const file = await t.http.get(`/api/reports/exports/${jobId}/file`).set(admin.headers).buffer(true).expect(200);
    const direct = await t.http.get('/api/reports/export.csv').set(admin.headers).buffer(true).expect(200);
    expect(file.text).toBe(direct.text);
    // Another instance is another client of the same bucket: it reads the same bytes.
    const elsewhere = new S3ObjectStorage(exportArea(t.app.get(ConfigService)), Promise.resolve(client), server.bucket, 'pilar/');
    expect((await elsewhere.get(`${jobId}.csv`))!.toString('utf8')).toBe(file.text);
  });
});
