import type { AppLoadContext } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import type { Role, UserDto } from './api-types';
import { API_UNAVAILABLE, isUnavailable } from './api-error';
import { api } from './api.server';
import { getToken } from './session-cookie.server';

/** What every loader and action gets: the request, and the load context that server.ts makes once per request. */
export interface RequestArgs {
  request: Request;
  context: AppLoadContext;
}

/**
 * The signed-in person, asked of the API once per request: the root loader and the route loaders run with the same
 * load context object (server.ts `getLoadContext`), while Remix hands each loader its own copy of the Request.
 */
interface UserLookup {
  user: UserDto | null;
  /** The API could not be reached: nobody is signed out for that. */
  unavailable: boolean;
}

const userOfRequest = new WeakMap<AppLoadContext, Promise<UserLookup>>();

async function fetchUser(request: Request): Promise<UserLookup> {
  if (!getToken(request)) return { user: null, unavailable: false };
  const result = await api(request).GET('/api/me');
  return { user: result.data ?? null, unavailable: isUnavailable(result) };
}

function lookUp({ request, context }: RequestArgs): Promise<UserLookup> {
  const known = userOfRequest.get(context);
  if (known) return known;
  const lookup = fetchUser(request);
  userOfRequest.set(context, lookup);
  return lookup;
}

/**
 * Who the pages saved for offline belong to (learner.js keeps them per person, issue #21 M3): the user's id, `none`
 * when the request has no valid session, and null when the API cannot say (nothing is removed for that).
 */
export async function offlineOwner(args: RequestArgs): Promise<string | null> {
  const { user, unavailable } = await lookUp(args);
  if (unavailable) return null;
  return user ? user.id : 'none';
}

/** The signed-in person, or null (also while the API cannot be reached: public pages still show). */
export async function getUser(args: RequestArgs): Promise<UserDto | null> {
  return (await lookUp(args)).user;
}

/**
 * The signed-in person, or a redirect to the login page that comes back here; 403 for another role; the one 503 page
 * when the API cannot say who it is.
 */
export async function requireUser(args: RequestArgs, roles?: readonly Role[]): Promise<UserDto> {
  const { user, unavailable } = await lookUp(args);
  if (unavailable) throw new Response(API_UNAVAILABLE.message, { status: 503 });
  if (!user) {
    const url = new URL(args.request.url);
    throw redirect(`/masuk?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (roles && !roles.includes(user.role)) throw new Response('Forbidden', { status: 403 });
  return user;
}

const REDIRECT_BASE = 'http://same-origin.invalid';

/**
 * Only same-origin relative paths: never an open redirect (security report F-M2). Browsers drop tabs and newlines
 * and read `\\` as `/` when they resolve a Location, so `/\t/evil.example` meant `//evil.example`: any whitespace,
 * control character or backslash is refused, the rest is resolved as a browser would and must stay on this origin.
 * The result is the parsed, percent-encoded path (a non-Latin-1 character in a Location header answered 500).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || hasWhitespaceOrControl(to) || to.includes('\\')) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE) return fallback;
  return url.pathname + url.search + url.hash;
}

function hasWhitespaceOrControl(value: string): boolean {
  return /\s/.test(value) || [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

export function homeFor(user: Pick<UserDto, 'role'>): string {
  if (user.role === 'PESERTA') return '/belajar';
  return user.role === 'PELATIH' ? '/pelatih' : '/admin';
}
