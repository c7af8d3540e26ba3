/** The session cookie the API also sets on login: the token itself, httpOnly, never readable by scripts. */
export const SESSION_COOKIE = 'bimtek_session';
const THIRTY_DAYS = 60 * 60 * 24 * 30;

export function getToken(request: Request): string | undefined {
  const header = request.headers.get('Cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function sessionCookie(token: string, maxAgeSeconds = THIRTY_DAYS): string {
  const secure = secureOrigin() ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
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
