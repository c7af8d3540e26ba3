import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { api } from '~/utils/api.server';
import { clearSessionCookie, getToken } from '~/utils/session-cookie.server';

/** Logs out: revokes the session at the API, clears the cookie. POST only (a link could be prefetched). */
export async function action({ request }: ActionFunctionArgs) {
  // An API that cannot be reached still signs the person out of this device (the cookie goes).
  if (getToken(request)) await api(request).POST('/api/auth/logout');
  return redirect('/', { headers: { 'Set-Cookie': clearSessionCookie() } });
}

export async function loader() {
  return redirect('/');
}
