import createClient, { type ClientOptions } from 'openapi-fetch';
import type { paths } from './api-schema';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3001';

/** The typed API client, generated from api/openapi.json. Server-side only: the browser talks to Remix. */
export function apiClient(token?: string, forwarded: Record<string, string> = {}, options: Pick<ClientOptions, 'fetch'> = {}) {
  return createClient<paths>({
    ...options,
    baseUrl: apiUrl,
    headers: token ? { ...forwarded, Authorization: `Bearer ${token}` } : forwarded,
  });
}
