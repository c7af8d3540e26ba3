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
  const secure = process.env.NODE_ENV === 'production' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export function clearSessionCookie(): string {
  return sessionCookie('', 0);
}
