import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'bimtek_session';

/** The token of a request: `Authorization: Bearer …` first (offline sync, other clients), else the cookie. */
export function tokenFrom(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (match) return match[1];
  }
  const cookies = request.headers.cookie;
  if (typeof cookies === 'string' && cookies.includes(SESSION_COOKIE)) {
    return parseCookie(cookies)[SESSION_COOKIE] ?? null;
  }
  return null;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, production: boolean): void {
  reply.header(
    'set-cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: token,
      httpOnly: true,
      sameSite: 'lax',
      secure: production,
      path: '/',
      expires: expiresAt,
    }),
  );
}

export function clearSessionCookie(reply: FastifyReply, production: boolean): void {
  reply.header(
    'set-cookie',
    stringifySetCookie({ name: SESSION_COOKIE, value: '', httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: 0 }),
  );
}
