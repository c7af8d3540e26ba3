import { randomUUID } from 'node:crypto';
import { getToken } from '~/utils/session.server';

const apiUrl = () => process.env.API_URL ?? 'http://127.0.0.1:3001';

export interface ApiResult<T> {
  ok: boolean;
  status: number;
  data: T;
  /** The API's `{ message }` on a 4xx/5xx, already in Indonesian. */
  message: string;
}

/**
 * A call to the API as the signed-in learner. The learning and certificate routes (contract 5) are reached through
 * this small helper rather than the generated client, so pages keep compiling while those routes are being finished.
 * Writes carry an Idempotency-Key: a retried form post (double tap, reload after submit) takes effect once.
 */
export async function callApi<T = unknown>(
  request: Request,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; idempotencyKey?: string } = {},
): Promise<ApiResult<T>> {
  const token = getToken(request);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
  let response: Response;
  try {
    response = await fetch(`${apiUrl()}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return { ok: false, status: 503, data: undefined as T, message: 'Layanan belum dapat dihubungi. Coba lagi sebentar lagi.' };
  }
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  const raw = (data as { message?: unknown } | undefined)?.message;
  const message = response.ok ? '' : Array.isArray(raw) ? raw.join(' ') : typeof raw === 'string' ? raw : `Permintaan gagal (${response.status}).`;
  return { ok: response.ok, status: response.status, data: data as T, message };
}

/** Throws the API's 404 / 403 as a page error, anything else unexpected as a 502 page. */
export function orThrow<T>(result: ApiResult<T>): T {
  if (result.ok) return result.data;
  if (result.status === 401) throw new Response('Unauthorized', { status: 401 });
  throw new Response(result.message, { status: result.status === 404 || result.status === 403 ? result.status : 502 });
}

export function newKey(): string {
  return randomUUID();
}
