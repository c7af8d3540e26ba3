/**
 * The session cookie the API also sets on login: the token itself, httpOnly, never readable by scripts. When the public
 * origin is https (production) it carries the `__Host-` prefix (issue #21): the browser then accepts it only Secure, with Path=/ and no Domain, so
 * no sibling subdomain or http page can plant one. Development over http keeps the plain name.
 */
export const SESSION_COOKIE = 'bimtek_session';
export const HOST_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const THIRTY_DAYS = 60 * 60 * 24 * 30;

export function sessionCookieName(): string {
  return secureOrigin() ? HOST_SESSION_COOKIE : SESSION_COOKIE;
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
  const secure = secureOrigin() ? '; Secure' : '';
  return `${sessionCookieName()}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/**
 * Secure when the public origin is https. NODE_ENV only decides that when PUBLIC_URL is unset: `npm start` renders
 * with NODE_ENV=production on a plain-http laptop origin (decision 024), where a Secure cookie would be dropped.
 */
function secureOrigin(): boolean {
  const publicUrl = process.env.PUBLIC_URL;
  return publicUrl ? publicUrl.startsWith('https://') : process.env.NODE_ENV === 'production';
}

export function clearSessionCookie(): string {
  return sessionCookie('', 0);
}
