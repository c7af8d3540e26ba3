import { redirect } from '@remix-run/node';
import { apiClient } from './api.server';

/** The session cookie the API also sets on login: the token itself, httpOnly, never readable by scripts. */
export const SESSION_COOKIE = 'bimtek_session';
const THIRTY_DAYS = 60 * 60 * 24 * 30;

export type Role = 'PESERTA' | 'PELATIH' | 'ADMIN_DINSOS' | 'ADMIN_PUSAT';

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
  pillar?: string | null;
  regionCode?: string | null;
}

export function getToken(request: Request): string | undefined {
  const header = request.headers.get('Cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function sessionCookie(token: string, maxAgeSeconds = THIRTY_DAYS): string {
  const secure = process.env.NODE_ENV === 'production' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export function clearSessionCookie(): string {
  return sessionCookie('', 0);
}

/**
 * The API client acting as the signed-in person (or anonymous), passing on who is really asking: the API's audit log
 * and per-address limits count by the client's address, and "my sessions" names the device by its user agent.
 */
export function api(request: Request) {
  const forwarded: Record<string, string> = {};
  for (const name of ['x-forwarded-for', 'user-agent']) {
    const value = request.headers.get(name);
    if (value) forwarded[name] = value;
  }
  return apiClient(getToken(request), forwarded);
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  if (!getToken(request)) return null;
  try {
    const { data, response } = await (api(request) as unknown as {
      GET: (path: '/api/me') => Promise<{ data?: SessionUser; response: Response }>;
    }).GET('/api/me');
    return response.ok && data ? data : null;
  } catch {
    return null;
  }
}

/** The signed-in person, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request, roles?: Role[]): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/masuk?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (roles && !roles.includes(user.role)) throw new Response('Forbidden', { status: 403 });
  return user;
}

/** Only same-site paths: never an open redirect. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  return to;
}

export function homeFor(user: SessionUser): string {
  switch (user.role) {
    case 'PESERTA':
      return '/belajar';
    default:
      return '/admin';
  }
}
