import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectStorage, type StorageArea } from './object-storage';

/**
 * An area's files in a local folder (mode 0700, files 0600), each written under a temporary name and renamed when
 * complete. Right for one machine; with several API instances the folder must be shared, or use S3 (decision 038).
 */
export class LocalObjectStorage extends ObjectStorage {
  readonly root: string;

  constructor(area: StorageArea) {
    super(area);
    this.root = path.resolve(area.localDir);
  }

  // A folder keeps no content type: the callers know what they stored (the photo row, the job's format).
  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    await this.writeThroughTemporary(key, (temporary) => writeFile(temporary, bytes, { mode: 0o600 }));
  }

  async putStream(key: string, body: Readable, _contentType?: string): Promise<void> {
    await this.writeThroughTemporary(key, (temporary) => pipeline(body, createWriteStream(temporary, { mode: 0o600 })));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async getStream(key: string): Promise<Readable | null> {
    // Opened first, so a file deleted meanwhile is either read whole or reported missing.
    const handle = await open(this.pathOf(key), 'r').catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw error;
    });
    return handle ? handle.createReadStream() : null;
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await this.removeIfEmpty(path.dirname(file));
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    return this.deleteOldUnder(this.root, cutoff.getTime());
  }

  private pathOf(key: string): string {
    return path.join(this.root, this.checkedKey(key));
  }

  private async writeThroughTemporary(key: string, write: (temporary: string) => Promise<void>): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await write(temporary);
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** A key's folder goes when its last file does (the area's root stays). */
  private async removeIfEmpty(folder: string): Promise<void> {
    if (folder !== this.root) await rmdir(folder).catch(() => undefined);
  }

  private async deleteOldUnder(folder: string, cutoffMs: number): Promise<number> {
    let deleted = 0;
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        deleted += await this.deleteOldUnder(full, cutoffMs);
        await this.removeIfEmpty(full);
        continue;
      }
      const info = await stat(full).catch(() => null);
      if (info && info.mtimeMs < cutoffMs) {
        await rm(full, { force: true });
        deleted++;
      }
    }
    return deleted;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
