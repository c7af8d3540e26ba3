/**
 * The session cookie the API also sets on login: the token itself, httpOnly, never readable by scripts. In production
 * it carries the `__Host-` prefix (issue #21): the browser then accepts it only Secure, with Path=/ and no Domain, so
 * no sibling subdomain or http page can plant one. Development over http keeps the plain name.
 */
export const SESSION_COOKIE = 'bimtek_session';
export const HOST_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const THIRTY_DAYS = 60 * 60 * 24 * 30;

function production(): boolean {
  return process.env.NODE_ENV === 'production';
}

export function sessionCookieName(): string {
  return production() ? HOST_SESSION_COOKIE : SESSION_COOKIE;
}

export function getToken(request: Request): string | undefined {
  const header = request.headers.get('Cookie') ?? '';
  const wanted = sessionCookieName();
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === wanted) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function sessionCookie(token: string, maxAgeSeconds = THIRTY_DAYS): string {
  const secure = production() ? '; Secure' : '';
  return `${sessionCookieName()}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export function clearSessionCookie(): string {
  return sessionCookie('', 0);
}
