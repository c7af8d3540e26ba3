import type { LoaderFunctionArgs } from '@remix-run/node';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { REVIEWER_ROLES } from './__review';

/**
 * Photo n of a submission, passed through from the API for the signed-in reviewer (the API checks the region scope):
 * evidence never has a public URL, and is never cached.
 */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, REVIEWER_ROLES);
  const id = args.params.id ?? '';
  const n = Number(args.params.n);
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new Response('Not found', { status: 404 });
  const result = await api(args.request).GET('/api/submissions/{id}/photos/{n}', { params: { path: { id, n } }, parseAs: 'arrayBuffer' });
  if (!result.data) throw new Response('Not found', { status: result.response.status === 410 ? 410 : 404 });
  return new Response(result.data as ArrayBuffer, {
    headers: {
      'content-type': result.response.headers.get('content-type') ?? 'image/webp',
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
