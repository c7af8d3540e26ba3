import compression from 'compression';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { type Dispatcher, Pool } from 'undici';
import { COMPRESS_FROM_BYTES, isCompressible, SharedCache } from './shared-cache';

/** What the API's own parser takes (Fastify's bodyLimit in api/src/app.factory.ts); uploads have their own limits. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
const PASSED_THROUGH = /^\/(api|\.well-known)(\/|\?|$)/;
/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, never passed on. `expect: 100-continue` was
 * answered by this server already.
 */
const HOP_BY_HOP = new Set(['expect', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);
const TIMEOUT_MS = 60_000;

export const TOO_LARGE_BODY = {
  statusCode: 413,
  error: 'Payload Too Large',
  code: 'BODY_TOO_LARGE',
  message: 'Data yang dikirim terlalu besar.',
};
const UNREACHABLE_BODY = { statusCode: 502, error: 'Bad Gateway', code: 'API_UNREACHABLE', message: 'API tidak dapat dihubungi. Coba lagi sebentar lagi.' };

class BodyTooLarge extends Error {}

export function isPassedThrough(url: string | undefined): boolean {
  return PASSED_THROUGH.test(url ?? '');
}

/**
 * The public origin's `/api/*` and `/.well-known/*`, passed through to the API (issue #22): over kept-alive
 * connections from one pool per process (a new connection per call cost 78 % of the API's rate), bodies streamed both
 * ways, JSON compressed for the browser (br or gzip, as it accepts), and a body over the API's JSON limit answered
 * 413 here (issue #21: the API closing the connection mid-upload read as a 502). The API's public, long-lived answers
 * (a lesson, its images) are kept in a shared cache and answered from it (server/shared-cache.ts).
 */
export function createApiPassThrough(apiUrl: string): { handle: (req: IncomingMessage, res: ServerResponse) => void; close: () => Promise<void> } {
  const pool = new Pool(apiUrl, { connections: 128, keepAliveTimeout: 30_000, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  const compress = compression();
  const compressing = (req: IncomingMessage, res: ServerResponse) => compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () => undefined);
  const cache = new SharedCache();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const kept = cache.lookup(req);
    if (kept) cache.serve(req, res, kept);
    else passThrough({ pool, cache, compressing }, req, res);
  };
  return {
    handle,
    close: () => {
      cache.clear();
      return pool.close();
    },
  };
}

interface Hop {
  pool: Pool;
  cache: SharedCache;
  /** Wraps `res` so that what is written next is compressed when the browser accepts it (and it is worth it). */
  compressing: (req: IncomingMessage, res: ServerResponse) => void;
}

function passThrough(hop: Hop, req: IncomingMessage, res: ServerResponse): void {
  const limited = !isUpload(req.headers);
  if (limited && Number(req.headers['content-length'] ?? 0) > MAX_JSON_BODY_BYTES) {
    // Node reads and discards the unread body after this answer, so the connection stays usable.
    refuse(res, 413, TOO_LARGE_BODY, false);
    return;
  }
  // A browser that goes away mid-answer drops the API's answer (see Answer). The API's work itself is not cancelled
  // (a write is better finished than cut): no AbortSignal, which also cost 7 % of this path's CPU.
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? (limited ? req.pipe(byteLimit(MAX_JSON_BODY_BYTES)) : req) : null;
  hop.pool.dispatch({ method: req.method as 'GET', path: req.url ?? '/', headers: forwardedRequestHeaders(req), body }, new Answer(hop, req, res, hasBody));
}

/**
 * The API's answer, taken from undici's dispatcher callbacks (proxyfast: `pool.request` made a Readable per answer,
 * an object of its headers decoded as UTF-8, a promise and an async resource, then this file copied the headers
 * again: about a fifth of the hop's CPU for the usual answer, under 1 KiB). Buffered when it is kept by the shared
 * cache or small and plain (one write), else streamed with backpressure.
 */
class Answer implements Dispatcher.DispatchHandlers {
  private abort: ((error?: Error) => void) | null = null;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  /** Null while streaming; the body's chunks when it is answered whole at the end. */
  private chunks: Uint8Array[] | null = null;
  private keep = false;

  constructor(
    private readonly hop: Hop,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly hasBody: boolean,
  ) {}

  onConnect(abort: (error?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (status < 200) return true; // informational: the real answer follows
    this.status = status;
    this.headers = answerHeaders(rawHeaders);
    this.keep = this.hop.cache.mayKeep(this.req, status, this.headers);
    if (this.keep || isSmallAndPlain(this.headers)) {
      this.chunks = [];
      return true;
    }
    // The browser gone, before or during the answer: the rest of the API's answer is dropped (its connection closed).
    if (this.res.destroyed) {
      this.abort?.();
      return false;
    }
    this.hop.compressing(this.req, this.res);
    this.res.writeHead(status, this.headers as OutgoingHttpHeaders);
    this.res.once('close', () => {
      if (!this.res.writableFinished) this.abort?.();
    });
    this.res.on('drain', resume);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.chunks) {
      this.chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      return true;
    }
    return this.res.write(chunk); // false pauses the API's socket until `drain` resumes it
  }

  onComplete(): void {
    if (!this.chunks) {
      this.res.end();
      return;
    }
    const bytes = joined(this.chunks);
    if (this.keep) {
      const entry = this.hop.cache.keep(this.req, this.headers, bytes);
      if (entry) {
        this.hop.cache.serve(this.req, this.res, entry);
        return;
      }
      this.hop.compressing(this.req, this.res);
    } else if (isCompressible(this.headers)) {
      // Too small to compress (the middleware would pass it as is), but what the browser gets still varies by it.
      this.headers.vary = this.headers.vary ? `${String(this.headers.vary)}, Accept-Encoding` : 'Accept-Encoding';
    }
    this.res.writeHead(this.status, this.headers as OutgoingHttpHeaders);
    this.res.end(bytes);
  }

  onError(error: Error): void {
    const { req, res } = this;
    if (res.headersSent) {
      res.destroy();
    } else if (error instanceof BodyTooLarge || (error as { cause?: unknown }).cause instanceof BodyTooLarge) {
      refuse(res, 413, TOO_LARGE_BODY, !req.complete);
    } else if (!res.destroyed) {
      refuse(res, 502, UNREACHABLE_BODY, this.hasBody && !req.complete);
    }
  }
}

function joined(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * The API's headers as Node's http client gives them (lower-case names, repeated ones as an array), without hop-by-hop
 * ones. Values are read as latin1, as Node writes them back, so every byte the API sent reaches the browser as it was.
 */
function answerHeaders(raw: Buffer[]): IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toString('latin1').toLowerCase();
    if (HOP_BY_HOP.has(name)) continue;
    const value = raw[i + 1].toString('latin1');
    const previous = headers[name];
    headers[name] = previous === undefined ? value : [previous, value].flat();
  }
  return headers;
}

/** An answer under the compression threshold, of a known length and not encoded already (most JSON answers). */
function isSmallAndPlain(headers: IncomingHttpHeaders): boolean {
  const length = Number(headers['content-length'] ?? NaN);
  return Number.isInteger(length) && length < COMPRESS_FROM_BYTES && headers['content-encoding'] === undefined;
}

/** Multipart uploads (roster files, photos, course packages) are limited by the API per route, not here. */
function isUpload(headers: IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
}

/** An answer of our own; `close` when a body was partly read (what is left of it cannot be told from the next request). */
function refuse(res: ServerResponse, status: number, body: object, close: boolean): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

/** Passes bytes on until `max`, then fails the stream (a chunked body has no Content-Length to check first). */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      done(seen > max ? new BodyTooLarge(`body over ${max} bytes`) : null, chunk);
    },
  });
}

/** The client's headers, without hop-by-hop ones, plus who asked (the API trusts only this hop's X-Forwarded-*). */
function forwardedRequestHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const address = req.socket.remoteAddress;
  if (address) {
    const previous = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = previous ? `${String(previous)}, ${address}` : address;
  }
  headers['x-forwarded-proto'] = String(req.headers['x-forwarded-proto'] ?? ('encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http'));
  if (req.headers.host) headers['x-forwarded-host'] = String(req.headers['x-forwarded-host'] ?? req.headers.host);
  return headers;
}
