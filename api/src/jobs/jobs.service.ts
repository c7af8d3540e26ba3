import { HttpException, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { PgBoss } from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { databaseUnreachable } from '../common/http-exception.filter';
import type { AppConfig } from '../config/app-config';
import { JobStatus } from './background-job.entity';
import { jobNotFound } from './jobs.errors';
import { JobsRepository, type NewJob } from './jobs.repository';

export interface JobContext {
  id: string;
  ownerId: string | null;
  regionCode: string | null;
  params: Record<string, unknown>;
  /** The uploaded bytes the job was given, if any: read once, cleared from the database as they are read. */
  input(): Promise<Buffer | null>;
  /** Reports progress a person can watch at GET /api/jobs/:id. */
  progress(done: number, total: number): Promise<void>;
}

/** Does the work of one kind of job and returns its result (stored as JSON, shown at GET /api/jobs/:id). */
export type JobHandler = (job: JobContext) => Promise<unknown>;

export interface EnqueueOptions {
  owner?: Pick<AuthUser, 'id'> | null;
  regionCode?: string | null;
  params?: Record<string, unknown>;
  input?: Buffer | null;
}

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  result: unknown;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * Background jobs for every domain, on pg-boss (so they live in PostgreSQL like everything else and any instance can
 * run them). A domain registers a handler in its onModuleInit (`jobs.register('roster.import', handler)`) and
 * enqueues with `jobs.enqueue(kind, …)`; people watch `background_jobs` through GET /api/jobs/:id.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandler>();
  private boss?: PgBoss;
  private started?: Promise<PgBoss>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: JobsRepository,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Registers the handler of a kind of job; usually in a module's onModuleInit, but later works too. */
  async register(kind: string, handler: JobHandler): Promise<void> {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind ${kind} is already registered.`);
    this.handlers.set(kind, handler);
    if (this.boss) await this.listen(this.boss, kind, handler);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Start at once when work is waiting (left by a restart or another instance); otherwise on the first enqueue.
    if ((await this.repository.hasWaiting()) || this.config.get('NODE_ENV', { infer: true }) !== 'test') await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    const boss = await this.started.catch(() => undefined);
    await boss?.stop({ graceful: true, timeout: 5_000 });
  }

  async enqueue(kind: string, options: EnqueueOptions = {}): Promise<string> {
    if (!this.handlers.has(kind)) throw new Error(`No handler is registered for job kind ${kind}.`);
    const jobId = await this.repository.insert(this.db.manager, newJob(kind, options));
    const boss = await this.start();
    await boss.send(kind, { jobId }, { retryLimit: 1, expireInSeconds: 60 * 60 });
    return jobId;
  }

  /**
   * Like enqueue, but inside the caller's transaction (`manager`): the job row and the pg-boss job commit or roll back
   * with the caller's own writes, so an event such as learning's `enrollment.completed` is never lost and never sent
   * for something that did not happen. The handler may be registered by a module not yet built: the job waits.
   */
  async enqueueWithin(manager: EntityManager, kind: string, options: EnqueueOptions = {}): Promise<string> {
    const boss = await this.start();
    if (!this.handlers.has(kind)) await boss.createQueue(kind);
    const jobId = await this.repository.insert(manager, newJob(kind, options));
    await boss.send(kind, { jobId }, { retryLimit: 1, expireInSeconds: 60 * 60, db: this.repository.executorWithin(manager) });
    return jobId;
  }

  /** A job as its owner sees it; anyone else (but the national admin) gets 404, as for a missing job. */
  async get(id: string, caller: Pick<AuthUser, 'id' | 'role'>): Promise<JobView> {
    const row = await this.repository.findVisible(id, caller.id, caller.role === Role.ADMIN_PUSAT);
    if (!row) throw jobNotFound();
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      progress: { done: row.progress_done, total: row.progress_total },
      result: row.result,
      error: row.error,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }

  /** Waits until a job has finished (for tests and scripts). */
  async waitFor(id: string, timeoutMs = 120_000): Promise<JobStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.repository.statusOf(id);
      if (!status) throw new Error(`Job ${id} does not exist.`);
      if (status === JobStatus.DONE || status === JobStatus.FAILED) return status;
      if (Date.now() > deadline) throw new Error(`Job ${id} did not finish within ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private start(): Promise<PgBoss> {
    this.started ??= (async () => {
      const boss = new PgBoss({
        connectionString: this.config.get('DATABASE_URL', { infer: true }),
        max: 4,
        application_name: 'bimtek-jobs',
      });
      boss.on('error', (error: Error) => this.logBossError(error));
      await boss.start();
      this.boss = boss;
      for (const [kind, handler] of this.handlers) await this.listen(boss, kind, handler);
      return boss;
    })();
    return this.started;
  }

  /**
   * pg-boss's errors. The database away or ending our connections (a restart, `pg_terminate_backend`, Ctrl-C on
   * `npm start`, which reaches PostgreSQL too) is a warning, as the session cache logs it: pg-boss reconnects, and
   * the health route answers 503 meanwhile.
   */
  private logBossError(error: Error): void {
    if (databaseUnreachable(error)) this.logger.warn(`pg-boss: database unreachable: ${error.message}`);
    else this.logger.error(`pg-boss: ${error.message}`);
  }

  private async listen(boss: PgBoss, kind: string, handler: JobHandler): Promise<void> {
    await boss.createQueue(kind);
    await boss.work<{ jobId: string }>(kind, { pollingIntervalSeconds: 0.5 }, async ([job]) => this.run(job.data.jobId, handler));
  }

  private async run(jobId: string, handler: JobHandler): Promise<void> {
    const row = await this.repository.claim(jobId);
    if (!row) return;
    const context: JobContext = {
      id: jobId,
      ownerId: row.owner_id,
      regionCode: row.region_code,
      params: row.params,
      // Read once and cleared at once: an uploaded roster (names, NIKs) does not stay in the database.
      input: () => this.repository.takeInput(jobId),
      progress: (done, total) => this.repository.setProgress(jobId, done, total),
    };
    try {
      const result = await handler(context);
      await this.repository.finish(jobId, result);
    } catch (error) {
      // A refusal (4xx) says what to fix; anything else stays in the server log, not in front of the user.
      const message = error instanceof HttpException && error.getStatus() < 500 ? error.message : 'Pekerjaan gagal karena kesalahan server.';
      this.logger.error(`job ${jobId} failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.repository.fail(jobId, message);
    }
  }
}

function newJob(kind: string, options: EnqueueOptions): NewJob {
  return { kind, ownerId: options.owner?.id ?? null, regionCode: options.regionCode ?? null, params: options.params ?? {}, input: options.input ?? null };
}
