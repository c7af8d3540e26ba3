import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { clearSessionCookie, getToken } from '~/utils/session.server';

/** Logs out: revokes the session at the API, clears the cookie. POST only (a link could be prefetched). */
export async function action({ request }: ActionFunctionArgs) {
  const token = getToken(request);
  if (token) {
    await fetch(`${process.env.API_URL ?? 'http://127.0.0.1:3001'}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => undefined);
  }
  return redirect('/', { headers: { 'Set-Cookie': clearSessionCookie() } });
}

export async function loader() {
  return redirect('/');
}
