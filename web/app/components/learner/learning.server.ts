import { randomUUID } from 'node:crypto';
import type { Middleware } from 'openapi-fetch';
import { problemOf } from '~/components/account/api-problem';
import { forwardHeaders } from '~/components/account/forward.server';
import { apiClient } from '~/utils/api.server';
import { getToken } from '~/utils/session.server';

const TIMEOUT_MS = 15_000;
const UNREACHABLE = 'Layanan belum dapat dihubungi. Coba lagi sebentar lagi.';

/**
 * Every write carries an Idempotency-Key, so a retried form post (double tap, reload after submit) takes effect once;
 * the pages pass the key their form carried, anything else gets a fresh one here. An API that cannot be reached (or
 * does not answer in time) reads as a 503 with an Indonesian message, not a thrown error, so pages can say so.
 */
const learnerMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomUUID());
    return request;
  },
  onError() {
    return Response.json({ statusCode: 503, error: 'Service Unavailable', message: UNREACHABLE }, { status: 503 });
  },
};

/**
 * The typed API client acting as the signed-in learner (the session cookie's token as a bearer), passing on who is
 * really asking (X-Forwarded-For, User-Agent) as the identity pages do.
 */
export function learnerApi(request: Request) {
  const client = apiClient(getToken(request), forwardHeaders(request), {
    fetch: (input: Request) => fetch(input, { signal: AbortSignal.timeout(TIMEOUT_MS) }),
  });
  client.use(learnerMiddleware);
  return client;
}

/** The Idempotency-Key header of a write: the form's key, or a fresh one when the form carried none. */
export function idempotencyKey(key: FormDataEntryValue | null | undefined): { 'idempotency-key': string } {
  return { 'idempotency-key': (typeof key === 'string' && key) || randomUUID() };
}

/** What an openapi-fetch call gives back, whatever the route. */
interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The API's `{ message }` of a failed call, already in Indonesian. */
export function failureOf(result: Outcome<unknown>): string {
  return problemOf(result, `Permintaan gagal (${result.response.status}).`);
}

/** The data of a successful call; the API's 404 / 403 as a page error, 401 as such, anything else as a 502 page. */
export function orThrow<T>(result: Outcome<T>): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  const status = result.response.status;
  if (status === 401) throw new Response('Unauthorized', { status: 401 });
  throw new Response(failureOf(result), { status: status === 404 || status === 403 ? status : 502 });
}

export function newKey(): string {
  return randomUUID();
}
