import type { Readable } from 'node:stream';

/**
 * One kind of stored file (task photos, report exports): its name, the only keys it accepts, and its folder when the
 * files are kept on the local disk. In an S3 bucket the area's files sit under `<S3_PREFIX><name>/`.
 */
export interface StorageArea {
  /** Lower-case letters and dashes: the key prefix in a bucket. */
  name: string;
  /** Every key of the area matches it: callers build keys from ids, and no caller's string reaches a path or a URL. */
  key: RegExp;
  /** The folder used when OBJECT_STORAGE is `local` (the default). */
  localDir: string;
}

/** Path segments of letters, digits, `.`, `_` and `-`, not starting with a dot: no `..`, no absolute path, no empty segment. */
const SAFE_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export class BadStorageKeyError extends Error {}

/**
 * Files kept outside the database and served later only through the API: a local folder by default, an
 * S3-compatible bucket when several API instances must read what one of them wrote (decision 038).
 * A file becomes visible only once complete: no reader ever sees half of one.
 */
export abstract class ObjectStorage {
  constructor(readonly area: StorageArea) {}

  abstract put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Stores what `body` yields until it ends; if it fails (or `body` errors) nothing is stored under `key`. */
  abstract putStream(key: string, body: Readable, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such file. */
  abstract get(key: string): Promise<Buffer | null>;
  /** The file as a stream (for large ones), or null when there is no such file. */
  abstract getStream(key: string): Promise<Readable | null>;
  /** Deleting a missing file is not an error (a retention job may run twice). */
  abstract delete(key: string): Promise<void>;
  /** Deletes the area's files last written before `cutoff` (and forgotten partial ones); returns how many. */
  abstract deleteOlderThan(cutoff: Date): Promise<number>;

  /** The key, when the area accepts it; anything else is refused before it reaches a path or a request. */
  protected checkedKey(key: string): string {
    if (!SAFE_KEY.test(key) || !this.area.key.test(key)) throw new BadStorageKeyError(`Not a key of ${this.area.name}: ${JSON.stringify(key)}`);
    return key;
  }
}
