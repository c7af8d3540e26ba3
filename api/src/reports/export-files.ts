import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';

/** The background export of a people list beyond the funnel (ReportsListsService); its file is downloaded like the workers export's. */
export const PEOPLE_EXPORT = 'reports.people-export';

/** Finished export files are kept this long, then deleted by the next export job. */
const KEEP_MS = 24 * 3600 * 1000;
const NAME = /^[0-9a-f-]{36}\.(xlsx|csv)$/;

/**
 * Where background exports write their files: REPORT_EXPORT_DIR, else `exports` beside the secrets folder
 * (`.data/exports` in a checkout). With several API instances it must be a shared folder (as EVIDENCE_DIR is).
 */
export function exportDir(config: ConfigService<AppConfig, true>): string {
  const configured = process.env.REPORT_EXPORT_DIR?.trim();
  if (configured) return path.resolve(configured);
  return path.join(path.dirname(path.resolve(config.get('BIMTEK_SECRETS_DIR', { infer: true }))), 'exports');
}

/** The export files of jobs: written under a temporary name, renamed when complete, never half-read. */
export class ExportFiles {
  constructor(private readonly root: string) {}

  private pathOf(jobId: string, format: string): string {
    const name = `${jobId}.${format}`;
    if (!NAME.test(name)) throw new Error(`Not an export file name: ${name}`);
    return path.join(this.root, name);
  }

  /** A stream to write the file into, and `finish()` to make it visible once the writer has ended the stream. */
  async create(jobId: string, format: string): Promise<{ stream: Writable; finish: () => Promise<void>; discard: () => Promise<void> }> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const final = this.pathOf(jobId, format);
    const temporary = `${final}.part`;
    const stream = createWriteStream(temporary, { mode: 0o600 });
    const closed = new Promise<void>((resolve, reject) => stream.on('close', resolve).on('error', reject));
    return {
      stream,
      finish: async () => {
        await closed;
        await rename(temporary, final);
      },
      discard: async () => {
        stream.destroy();
        await rm(temporary, { force: true });
      },
    };
  }

  /** The finished file, or null when it is gone. */
  async open(jobId: string, format: string): Promise<ReadStream | null> {
    const file = this.pathOf(jobId, format);
    try {
      await stat(file);
    } catch {
      return null;
    }
    return createReadStream(file);
  }

  /** Deletes the files older than a day (and forgotten temporary ones). */
  async deleteOld(now = Date.now()): Promise<number> {
    let deleted = 0;
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      const file = path.join(this.root, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs > KEEP_MS) {
        await rm(file, { force: true });
        deleted++;
      }
    }
    return deleted;
  }
}
