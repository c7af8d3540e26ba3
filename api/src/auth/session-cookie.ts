import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The cookie's name over plain http (development, `npm start` on a laptop), where a `__Host-` cookie cannot be set. */
export const SESSION_COOKIE = 'bimtek_session';
/**
 * Its name when the public origin is https, as in production (issue #21): a browser accepts a `__Host-` cookie only when it is Secure, has Path=/ and no
 * Domain, so no sibling subdomain and no http page can set or overwrite it (session fixation).
 */
export const HOST_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** Both names, for checks that must treat either as "this request carries a session cookie" (CSRF). */
export const SESSION_COOKIE_NAMES = [SESSION_COOKIE, HOST_SESSION_COOKIE] as const;

export function sessionCookieName(secure: boolean): string {
  return secure ? HOST_SESSION_COOKIE : SESSION_COOKIE;
}

/** The token of a request: `Authorization: Bearer …` first (offline sync, other clients), else the cookie of this mode. */
export function tokenFrom(request: FastifyRequest, secure: boolean): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (match) return match[1];
  }
  const cookies = request.headers.cookie;
  const name = sessionCookieName(secure);
  if (typeof cookies === 'string' && cookies.includes(name)) {
    return parseCookie(cookies)[name] ?? null;
  }
  return null;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.header(
    'set-cookie',
    stringifySetCookie({
      name: sessionCookieName(secure),
      value: token,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      expires: expiresAt,
    }),
  );
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header(
    'set-cookie',
    stringifySetCookie({ name: sessionCookieName(secure), value: '', httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 }),
  );
}
