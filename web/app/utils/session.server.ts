import type { AppLoadContext } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import type { Role, UserDto } from './api-types';
import { API_UNAVAILABLE, isUnavailable } from './api-error';
import { api, type ApiResult } from './api.server';
import { handedPageOf } from './handed-page';
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
/** The learner page's one API call of this request, when its answer names the signed-in person too (pageRead). */
const pageOfRequest = new WeakMap<AppLoadContext, Promise<UserLookup | undefined>>();

async function fetchUser(request: Request): Promise<UserLookup> {
  if (!getToken(request)) return { user: null, unavailable: false };
  const result = await api(request).GET('/api/me');
  return { user: result.data ?? null, unavailable: isUnavailable(result) };
}

/**
 * Remix starts the root loader and the route's loader in the same turn; waiting one turn of the event loop lets a
 * learner page's loader register its page read first, so the user comes with it and /api/me is not asked.
 */
function afterLoadersStarted(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function lookUp({ request, context }: RequestArgs): Promise<UserLookup> {
  const known = userOfRequest.get(context);
  if (known) return known;
  const lookup = afterLoadersStarted()
    .then(() => pageOfRequest.get(context))
    .then((fromPage) => fromPage ?? fetchUser(request));
  userOfRequest.set(context, lookup);
  return lookup;
}

/**
 * A learner page's one API call (decision 022): its answer carries the signed-in person (`user`), which the root
 * loader and requireUser/getUser then take from it instead of asking /api/me. Call it first in the loader, before
 * any await. A refusal other than 401 (404, 403) says nothing about the user: /api/me is asked as before.
 */
export function pageRead<T extends { user?: UserDto | null }>(args: RequestArgs, read: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  // The web server may have made this very read already (a miss of its page cache, decision 034): no second call.
  const handed = handedPageOf(args.context, args.request);
  const result = handed ? Promise.resolve({ data: handed.data as T, response: new Response(null, { status: 200 }) }) : read();
  pageOfRequest.set(
    args.context,
    result.then(userOfPage, () => undefined),
  );
  return result;
}

function userOfPage<T extends { user?: UserDto | null }>(result: ApiResult<T>): UserLookup | undefined {
  if (result.data) return { user: result.data.user ?? null, unavailable: false };
  if (isUnavailable(result)) return { user: null, unavailable: true };
  if (result.response.status === 401) return { user: null, unavailable: false };
  return undefined;
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
