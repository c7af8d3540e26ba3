import { DataSource } from 'typeorm';
import { JobsService } from '../src/jobs/jobs.service';
import { ReportsClock } from '../src/reports/reports-clock';
import { ReportsService } from '../src/reports/reports.service';
import { createUser, Role, type TestUser } from './factories';
import { seedSynthetic, type SyntheticOptions } from './synthetic';
import { createTestApp, type TestApp } from './test-app';

export interface ReportsFixture {
  t: TestApp;
  db: DataSource;
  reports: ReportsService;
  clock: ReportsClock;
  /** ADMIN_DINSOS of Kota Bandung (32.72), where every spec seeds its main data set. */
  admin: TestUser;
}

/**
 * The app of a reports spec: the synthetic data sets `seeds` seeded in turn, then `prepare` (changes the rollups must
 * see), then the rollups refreshed from the base tables (unless `refresh` is false), then the admin of 32.72.
 */
export async function createReportsApp({
  seeds,
  prepare,
  refresh = true,
}: {
  seeds: SyntheticOptions[];
  prepare?: (t: TestApp, db: DataSource) => Promise<void>;
  refresh?: boolean;
}): Promise<ReportsFixture> {
  const t = await createTestApp();
  const db = t.app.get(DataSource);
  const reports = t.app.get(ReportsService);
  const runner = db.createQueryRunner();
  try {
    for (const seed of seeds) await seedSynthetic(runner, seed);
  } finally {
    await runner.release();
  }
  await prepare?.(t, db);
  if (refresh) await reports.refreshFromBaseTables(null);
  const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
  return { t, db, reports, clock: t.app.get(ReportsClock), admin };
}

/** A supertest parser (`.buffer(true).parse(binary)`): the body as one Buffer, for XLSX, PDF and CSV downloads. */
export function binary(res: unknown, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** An open enrollment as `SELECT e.id, e.user_id, e.course_id, e.created_at, v.hours, u.region_code, u.pillar` reads it. */
export interface OpenEnrollment {
  id: string;
  user_id: string;
  course_id: string;
  created_at: Date;
  hours: string | number;
  region_code: string;
  pillar: string;
}

/** Completes an enrollment as learning would: the base tables change and learning's hook is called in the same transaction. */
export async function completeEnrollment(db: DataSource, reports: ReportsService, enrollment: OpenEnrollment): Promise<void> {
  await db.transaction(async (manager) => {
    const [updated] = await manager.query(
      `UPDATE enrollments SET status = 'COMPLETED', lessons_finished = 5, pretest_score = 40, best_posttest_score = 90, gain = 50,
              posttest_attempts = 1, completed_at = now(), updated_at = now() WHERE id = $1 RETURNING updated_at, completed_at`,
      [enrollment.id],
    );
    await reports.recordEnrollmentChange(manager, {
      enrollmentId: enrollment.id, userId: enrollment.user_id, courseId: enrollment.course_id, regionCode: enrollment.region_code,
      pillar: enrollment.pillar, lessonsFinished: 5, pretestScore: 40, bestPosttestScore: 90, posttestAttempts: 1,
      completedAt: updated[0].completed_at, hours: Number(enrollment.hours), createdAt: enrollment.created_at, updatedAt: updated[0].updated_at,
    });
  });
}

/**
 * Waits for the certificate job of a completion (learning's `enrollment.completed`, run by pg-boss): once it has run,
 * the certificate and its report change are written, so a fold that follows counts them and leaves nothing pending.
 */
export async function completionJobDone(t: TestApp, enrollmentId: string): Promise<void> {
  const [job] = await t.app.get(DataSource).query(`SELECT id FROM background_jobs WHERE kind = 'enrollment.completed' AND params->>'enrollmentId' = $1`, [enrollmentId]);
  if (!job) throw new Error(`No enrollment.completed job for enrollment ${enrollmentId}.`);
  const status = await t.app.get(JobsService).waitFor(job.id, 60_000);
  if (status !== 'DONE') throw new Error(`The enrollment.completed job of ${enrollmentId} ended ${status}.`);
}
