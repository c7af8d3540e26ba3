import { randomUUID } from 'node:crypto';
import createClient, { type Middleware } from 'openapi-fetch';
import { API_UNAVAILABLE } from './api-error';
import type { paths } from './api-schema';
import { getToken } from './session-cookie.server';

/**
 * The one way the web server talks to the API: a typed client (generated from api/openapi.json) acting for the person
 * behind `request`. Every loader and action uses it; nothing else calls the API (the browser's offline queue aside).
 */
const TIMEOUT_MS = 15_000;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function apiUrl(): string {
  return process.env.API_URL ?? 'http://127.0.0.1:3001';
}

/**
 * Every write carries an Idempotency-Key, so a retried form post (double tap, reload after submit) takes effect once:
 * a page passes the key its form carried (`idempotencyKey`), any other write gets a fresh one here. An API that cannot
 * be reached or does not answer in time reads as the API's own 503 shape, so every page says the same thing.
 */
const middleware: Middleware = {
  onRequest({ request }) {
    if (!READS.has(request.method) && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomUUID());
    return request;
  },
  onError() {
    return Response.json(API_UNAVAILABLE, { status: 503 });
  },
};

/** The API's audit log and per-address limits count by the client's address; "my sessions" names the device by its user agent. */
function forwardedHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['x-forwarded-for', 'user-agent']) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}

/** A fetch that gives up after TIMEOUT_MS, or earlier when the caller's own signal aborts. */
function fetchWithTimeout(input: Request): Promise<Response> {
  return fetch(input, { signal: AbortSignal.any([input.signal, AbortSignal.timeout(TIMEOUT_MS)]) });
}

/**
 * The API client acting as the signed-in person of `request` (the session cookie's token as a bearer), or anonymous
 * without a request (public lists such as regions). `asGuest` keeps the visitor's address and device but sends no
 * bearer (a public page whose answer must not depend on who is signed in).
 */
export function api(request?: Request, { asGuest = false }: { asGuest?: boolean } = {}) {
  const token = request && !asGuest ? getToken(request) : undefined;
  const headers = request ? forwardedHeaders(request) : {};
  if (token) headers.authorization = `Bearer ${token}`;
  const client = createClient<paths>({ baseUrl: apiUrl(), headers, fetch: fetchWithTimeout });
  client.use(middleware);
  return client;
}

/** The Idempotency-Key header of a write: the form's key, or a fresh one when the form carried none. */
export function idempotencyKey(key: FormDataEntryValue | null | undefined): { 'idempotency-key': string } {
  return { 'idempotency-key': (typeof key === 'string' && key) || randomUUID() };
}

/** A key for a form to carry (rendered into a hidden field), so a double submit is one write. */
export function newKey(): string {
  return randomUUID();
}

/** What an openapi-fetch call gives back, whatever the route. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}
