import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { AppConfig } from '../config/app-config';
import type { ObjectStorage, StorageArea } from '../storage/object-storage';
import { ObjectStorages } from '../storage/object-storages';

/** The background export of a people list beyond the funnel (ReportsListsService); its file is downloaded like the workers export's. */
export const PEOPLE_EXPORT = 'reports.people-export';

/** Finished export files are kept this long, then deleted by the next export job. */
const KEEP_MS = 24 * 3600 * 1000;
/** `<job uuid>.xlsx|csv`. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(xlsx|csv)$/;
const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Where background exports keep their files when on disk: REPORT_EXPORT_DIR, else `exports` beside the secrets folder
 * (`.data/exports` in a checkout). With several API instances use OBJECT_STORAGE=s3 (or a shared folder), so the
 * instance that serves the download reads what the one that ran the job wrote.
 */
export function exportDir(config: ConfigService<AppConfig, true>): string {
  const configured = process.env.REPORT_EXPORT_DIR?.trim();
  if (configured) return path.resolve(configured);
  return path.join(path.dirname(path.resolve(config.get('BIMTEK_SECRETS_DIR', { infer: true }))), 'exports');
}

export function exportArea(config: ConfigService<AppConfig, true>): StorageArea {
  return { name: 'exports', key: KEY, localDir: exportDir(config) };
}

export interface ExportFileWriter {
  /** Write the file into it, then end it. */
  stream: Writable;
  /** Resolves once the ended file is stored and visible; rejects when storing it failed. */
  finish: () => Promise<void>;
  /** Gives the file up (the writer failed): nothing is stored. */
  discard: () => Promise<void>;
}

/** The export files of jobs, in the object storage's `exports` area: stored whole when complete, never half-read. */
@Injectable()
export class ExportFiles {
  private readonly storage: ObjectStorage;

  constructor(storages: ObjectStorages, config: ConfigService<AppConfig, true>) {
    this.storage = storages.of(exportArea(config));
  }

  /** A stream to write the file into; the storage reads it as it is written (nothing is held whole in memory). */
  async create(jobId: string, format: string): Promise<ExportFileWriter> {
    const stream = new PassThrough();
    const stored = this.storage.putStream(`${jobId}.${format}`, stream, CONTENT_TYPES[format] ?? 'application/octet-stream');
    // A store that fails stops the writer (its next write errors) rather than leaving it waiting for 'drain'.
    stored.catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
    return {
      stream,
      finish: () => stored,
      discard: async () => {
        stream.destroy(new Error('Export discarded'));
        await stored.catch(() => undefined);
      },
    };
  }

  /** The finished file, or null when it is gone. */
  async open(jobId: string, format: string): Promise<Readable | null> {
    return this.storage.getStream(`${jobId}.${format}`);
  }

  /** Deletes the files older than a day (and forgotten partial ones). */
  async deleteOld(now = Date.now()): Promise<number> {
    return this.storage.deleteOlderThan(new Date(now - KEEP_MS));
  }
}
