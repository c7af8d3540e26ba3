import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { typeormOptions } from '../database/typeorm-options';

const REPLICA_POOL = 4;

/** The replica's URL: DATABASE_REPLICA_URL (issue #19's name), or REPORTS_DATABASE_URL (the earlier name, kept as an alias). */
export function replicaUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_REPLICA_URL?.trim() || env.REPORTS_DATABASE_URL?.trim() || undefined;
}

/**
 * Where the report views and exports read: a read replica when DATABASE_REPLICA_URL is set (a streaming replica of
 * the primary, so the dashboards of many admins do not load the database that learning writes to), else the primary.
 * Hooks, the fold and the reconciliation always use the primary. A replica lags by its replication delay; the
 * rollups themselves are folded every 30 s, so a few more seconds change nothing an admin can see.
 */
@Injectable()
export class ReportsReader implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Reports');
  private readonly replica?: DataSource;

  constructor(@InjectDataSource() private readonly primary: DataSource) {
    const url = replicaUrl();
    if (url) this.replica = new DataSource(typeormOptions(url, REPLICA_POOL));
  }

  get source(): DataSource {
    return this.replica ?? this.primary;
  }

  get usesReplica(): boolean {
    return this.replica !== undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.replica) return;
    await this.replica.initialize();
    this.logger.log('Reports read from the replica (DATABASE_REPLICA_URL)');
  }

  async onModuleDestroy(): Promise<void> {
    if (this.replica?.isInitialized) await this.replica.destroy();
  }
}
