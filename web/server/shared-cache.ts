import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * What a shared cache in front of the API may keep (issue #22: "immutable things cached as immutable"): the answers the
 * API itself calls public and long-lived — a lesson's JSON (`public, max-age=86400`, its id names one text), a
 * lesson's image by hash, a certificate's PDF — kept by URL in each web process, with their compressed bytes made
 * once. A browser asking for one is answered here without a trip to the API.
 *
 * Rules, after RFC 9111: only GET/HEAD answers 200 of a request without `Authorization`, with `Cache-Control: public`
 * and a max-age of at least MIN_MAX_AGE_S, an ETag, no Set-Cookie, and no Vary but Accept-Encoding; kept at most
 * MAX_FRESH_MS (then asked again), so a withdrawn course is gone from here within minutes, whatever its max-age. A
 * request that asks for a fresh answer (`Cache-Control: no-cache` or `max-age=0`, a browser's reload) goes to the API.
 */
const MIN_MAX_AGE_S = 3600;
const MAX_FRESH_MS = 5 * 60_000;
const MAX_ENTRY_BYTES = 512 * 1024;
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
/** What compression pays for (the `compression` middleware's own threshold, 1 KiB). */
export const COMPRESS_FROM_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|[\w.+-]+\+json|javascript|xml)|text\/|image\/svg\+xml)/i;
/** Headers of the API's answer that describe this one message, not the content. */
const NOT_KEPT = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'date', 'set-cookie', 'vary', 'age']);

type Encoding = 'br' | 'gzip' | 'identity';

interface Entry {
  headers: Record<string, string | string[]>;
  etag: string;
  compressible: boolean;
  bytes: Partial<Record<Encoding, Uint8Array>>;
  size: number;
  freshUntil: number;
}

export class SharedCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  /** The kept answer for this request, when there is a fresh one and the request may have it. */
  lookup(req: IncomingMessage): Entry | undefined {
    if (!mayUseCache(req)) return undefined;
    const entry = this.entries.get(req.url ?? '');
    if (!entry) return undefined;
    if (entry.freshUntil <= Date.now()) {
      this.remove(req.url ?? '', entry);
      return undefined;
    }
    return entry;
  }

  /** Whether the API's answer to `req` may be kept (then the caller reads its body and calls `keep`). */
  mayKeep(req: IncomingMessage, status: number, headers: IncomingHttpHeaders): boolean {
    if (status !== 200 || req.method !== 'GET' || req.headers.authorization !== undefined) return false;
    if (headers['set-cookie'] !== undefined || typeof headers.etag !== 'string') return false;
    const vary = headers.vary;
    if (vary !== undefined && String(vary).toLowerCase().split(',').some((name) => name.trim() !== 'accept-encoding')) return false;
    if (Number(headers['content-length'] ?? 0) > MAX_ENTRY_BYTES || headers['content-encoding'] !== undefined) return false;
    return maxAgeOf(headers['cache-control']) >= MIN_MAX_AGE_S;
  }

  keep(req: IncomingMessage, headers: IncomingHttpHeaders, body: Uint8Array): Entry | undefined {
    if (body.length > MAX_ENTRY_BYTES) return undefined;
    const kept: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined && !NOT_KEPT.has(name)) kept[name] = value;
    const maxAgeMs = maxAgeOf(headers['cache-control']) * 1000;
    const entry: Entry = {
      headers: kept,
      etag: String(headers.etag),
      compressible: isCompressible(headers) && body.length >= COMPRESS_FROM_BYTES,
      bytes: { identity: body },
      size: body.length,
      freshUntil: Date.now() + Math.min(maxAgeMs, MAX_FRESH_MS),
    };
    const key = req.url ?? '';
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, entry);
    this.totalBytes += entry.size;
    this.trim();
    return entry;
  }

  /** Answers from the kept entry: 304 for the browser's own ETag, else the bytes in the best encoding it accepts. */
  serve(req: IncomingMessage, res: ServerResponse, entry: Entry): void {
    const headers: Record<string, string | string[] | number> = { ...entry.headers };
    if (entry.compressible) headers.vary = 'Accept-Encoding';
    if (etagMatches(req.headers['if-none-match'], entry.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const encoding = entry.compressible ? chooseEncoding(req.headers['accept-encoding']) : 'identity';
    const body = this.bytesOf(entry, encoding);
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  private bytesOf(entry: Entry, encoding: Encoding): Uint8Array {
    const known = entry.bytes[encoding];
    if (known) return known;
    const identity = entry.bytes.identity!;
    // Made once per entry, so the best ratio is affordable: brotli 11 takes a few ms for a lesson, once.
    const compressed =
      encoding === 'br'
        ? brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } })
        : gzipSync(identity, { level: 9 });
    const made = new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength);
    entry.bytes[encoding] = made;
    entry.size += made.length;
    this.totalBytes += made.length;
    this.trim();
    return made;
  }

  private remove(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    this.totalBytes -= entry.size;
  }

  /** The oldest entries go first (a Map iterates in insertion order). */
  private trim(): void {
    for (const [key, entry] of this.entries) {
      if (this.totalBytes <= MAX_TOTAL_BYTES) break;
      this.remove(key, entry);
    }
  }
}

/** JSON, text, SVG: what is worth compressing (and answered with `Vary: Accept-Encoding`). */
export function isCompressible(headers: IncomingHttpHeaders): boolean {
  return COMPRESSIBLE.test(String(headers['content-type'] ?? ''));
}

function mayUseCache(req: IncomingMessage): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.authorization !== undefined) return false;
  const asked = req.headers['cache-control'];
  return !asked || !/no-cache|no-store|max-age=0\b/i.test(asked);
}

/** max-age of a `public` answer that forbids nothing; 0 when it may not be kept by a shared cache. */
export function maxAgeOf(cacheControl: string | string[] | undefined): number {
  const value = String(cacheControl ?? '').toLowerCase();
  if (!/(^|,)\s*public\s*(,|$)/.test(value) || /no-store|no-cache|private|s-maxage=0/.test(value)) return 0;
  const match = /(^|,)\s*max-age=(\d+)/.exec(value);
  return match ? Number(match[2]) : 0;
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === bare);
}

/** br before gzip when both are accepted (q > 0), as browsers on https ask for both. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): Encoding {
  const accepted = new Set<string>();
  for (const part of [acceptEncoding ?? ''].flat().join(',').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((piece) => piece.trim());
    const q = params.find((param) => param.startsWith('q='));
    if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  return accepted.has('gzip') ? 'gzip' : 'identity';
}
