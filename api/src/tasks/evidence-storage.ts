import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';

/**
 * Where evidence files (task photos) are kept. One interface so that a deployment with several API instances can put
 * them in an S3-compatible store instead of a local folder; the files are only ever served through the API.
 */
export abstract class EvidenceStorage {
  abstract put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such file. */
  abstract get(key: string): Promise<Buffer | null>;
  /** Deleting a missing file is not an error (the retention job may run twice). */
  abstract delete(key: string): Promise<void>;
}

/** `<submission uuid>/<n>.webp|jpg`: nothing a caller writes reaches a path. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[1-9][0-9]?\.(webp|jpg)$/;

export function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Not an evidence key: ${key}`);
  return key;
}

/**
 * The folder of evidence files: EVIDENCE_DIR, else `evidence` beside the secrets folder (`.data/evidence` in a
 * checkout, next to `.data/secrets`).
 */
export function evidenceDir(config: ConfigService<AppConfig, true>): string {
  const configured = process.env.EVIDENCE_DIR?.trim();
  if (configured) return path.resolve(configured);
  return path.join(path.dirname(path.resolve(config.get('BIMTEK_SECRETS_DIR', { infer: true }))), 'evidence');
}

/** Months the photos are kept after the final decision: EVIDENCE_RETENTION_MONTHS (1–120), default 12. */
export function retentionMonths(): number {
  const raw = process.env.EVIDENCE_RETENTION_MONTHS?.trim();
  if (!raw) return 12;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error('EVIDENCE_RETENTION_MONTHS must be a whole number from 1 to 120');
  return months;
}

/** Evidence files in a local folder (mode 0700, files 0600), written through a temporary name so none is half-written. */
@Injectable()
export class LocalEvidenceStorage extends EvidenceStorage {
  readonly root: string;

  constructor(config: ConfigService<AppConfig, true>) {
    super();
    this.root = evidenceDir(config);
  }

  private pathOf(key: string): string {
    return path.join(this.root, checkedKey(key));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, bytes, { mode: 0o600 });
    await rename(temporary, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    // The submission's folder goes when its last photo does.
    await rmdir(path.dirname(file)).catch(() => undefined);
  }
}
