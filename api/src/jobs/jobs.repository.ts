import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';
import { JobStatus } from './background-job.entity';

export interface NewJob {
  kind: string;
  ownerId: string | null;
  regionCode: string | null;
  params: Record<string, unknown>;
  input: Buffer | null;
}

export interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  owner_id: string | null;
  progress_done: number;
  progress_total: number;
  result: unknown;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface ClaimedJob {
  id: string;
  owner_id: string | null;
  region_code: string | null;
  params: Record<string, unknown>;
}

/** What pg-boss needs to send a job through someone else's connection (`send(…, { db })`). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Every statement on `background_jobs` (pg-boss keeps its own schema). */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether work is waiting: queued, or left running by a stopped instance. */
  async hasWaiting(): Promise<boolean> {
    const rows = await rowsOf(this.db, `SELECT 1 FROM background_jobs WHERE status IN ($1, $2) LIMIT 1`, [JobStatus.QUEUED, JobStatus.RUNNING]);
    return rows.length > 0;
  }

  /** Inserts a queued job in the transaction of `manager`; returns its id. */
  async insert(manager: EntityManager, job: NewJob): Promise<string> {
    const [row] = await rowsOf<{ id: string }>(
      manager,
      `INSERT INTO background_jobs (kind, owner_id, region_code, params, input) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [job.kind, job.ownerId, job.regionCode, JSON.stringify(job.params), job.input],
    );
    return row.id;
  }

  /** pg-boss's statements run in the transaction of `manager`, so its job commits or rolls back with the caller's. */
  executorWithin(manager: EntityManager): SqlExecutor {
    return { executeSql: async (text, values) => ({ rows: await rowsOf(manager, text, values) }) };
  }

  /** A job, when the caller owns it or `anyOwner`. */
  async findVisible(id: string, callerId: string, anyOwner: boolean): Promise<JobRow | undefined> {
    const [row] = await rowsOf<JobRow>(
      this.db,
      `SELECT id, kind, status, owner_id, progress_done, progress_total, result, error, created_at, started_at, finished_at
         FROM background_jobs WHERE id = $1 AND ($2::boolean OR owner_id = $3)`,
      [id, anyOwner, callerId],
    );
    return row;
  }

  async statusOf(id: string): Promise<JobStatus | null> {
    const [row] = await rowsOf<{ status: JobStatus }>(this.db, `SELECT status FROM background_jobs WHERE id = $1`, [id]);
    return row?.status ?? null;
  }

  /** Marks a queued (or retried running) job running; undefined when it is finished or gone. */
  async claim(id: string): Promise<ClaimedJob | undefined> {
    const [row] = await rowsOf<ClaimedJob>(
      this.db,
      `UPDATE background_jobs SET status = $2, started_at = now() WHERE id = $1 AND status IN ($3, $2)
       RETURNING id, owner_id, region_code, params`,
      [id, JobStatus.RUNNING, JobStatus.QUEUED],
    );
    return row;
  }

  /** The job's uploaded bytes, cleared in the same statement. */
  async takeInput(id: string): Promise<Buffer | null> {
    const [found] = await rowsOf<{ input: Buffer | null }>(
      this.db,
      `UPDATE background_jobs j SET input = NULL FROM (SELECT id, input FROM background_jobs WHERE id = $1) old
        WHERE j.id = old.id RETURNING old.input`,
      [id],
    );
    return found?.input ?? null;
  }

  async setProgress(id: string, done: number, total: number): Promise<void> {
    await rowsOf(this.db, `UPDATE background_jobs SET progress_done = $2, progress_total = $3 WHERE id = $1`, [id, done, total]);
  }

  async finish(id: string, result: unknown): Promise<void> {
    await rowsOf(
      this.db,
      `UPDATE background_jobs SET status = $2, result = $3, input = NULL, finished_at = now(),
              progress_done = GREATEST(progress_done, progress_total) WHERE id = $1`,
      [id, JobStatus.DONE, JSON.stringify(result ?? null)],
    );
  }

  async fail(id: string, message: string): Promise<void> {
    await rowsOf(this.db, `UPDATE background_jobs SET status = $2, error = $3, input = NULL, finished_at = now() WHERE id = $1`, [id, JobStatus.FAILED, message]);
  }
}
