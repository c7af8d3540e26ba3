import compression from 'compression';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import { Pool } from 'undici';
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
const pipe = promisify(pipeline);

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
    else void passThrough({ pool, cache, compressing }, req, res);
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

async function passThrough({ pool, cache, compressing }: Hop, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const limited = !isUpload(req.headers);
  if (limited && Number(req.headers['content-length'] ?? 0) > MAX_JSON_BODY_BYTES) {
    // Node reads and discards the unread body after this answer, so the connection stays usable.
    refuse(res, 413, TOO_LARGE_BODY, false);
    return;
  }
  // A browser that goes away mid-answer ends the pipe below, which drops the API's answer. The API's work itself is
  // not cancelled (a write is better finished than cut): no AbortSignal, which also cost 7 % of this path's CPU.
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? (limited ? req.pipe(byteLimit(MAX_JSON_BODY_BYTES)) : req) : null;
  try {
    const upstream = await pool.request({
      method: req.method as 'GET',
      path: req.url ?? '/',
      headers: forwardedRequestHeaders(req),
      body,
    });
    if (cache.mayKeep(req, upstream.statusCode, upstream.headers)) {
      const bytes = new Uint8Array(await upstream.body.arrayBuffer());
      const entry = cache.keep(req, upstream.headers, bytes);
      if (entry) {
        cache.serve(req, res, entry);
        return;
      }
      compressing(req, res);
      res.writeHead(upstream.statusCode, responseHeaders(upstream.headers));
      res.end(bytes);
      return;
    }
    if (isSmallAndPlain(upstream.headers)) {
      // Too small to compress (the middleware would pass it as is): one write, without a stream pipeline per answer.
      const bytes = new Uint8Array(await upstream.body.arrayBuffer());
      const headers = responseHeaders(upstream.headers);
      if (isCompressible(upstream.headers)) headers.vary = headers.vary ? `${String(headers.vary)}, Accept-Encoding` : 'Accept-Encoding';
      res.writeHead(upstream.statusCode, headers);
      res.end(bytes);
      return;
    }
    compressing(req, res);
    res.writeHead(upstream.statusCode, responseHeaders(upstream.headers));
    await pipe(upstream.body, res);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
    } else if (error instanceof BodyTooLarge || (error as { cause?: unknown }).cause instanceof BodyTooLarge) {
      refuse(res, 413, TOO_LARGE_BODY, !req.complete);
    } else if (!res.destroyed) {
      refuse(res, 502, UNREACHABLE_BODY, hasBody && !req.complete);
    }
  }
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

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}
