import type { LoaderFunctionArgs } from '@remix-run/node';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';

/** The worker's own training record as a PDF (GET /api/reports/record/pdf), streamed through. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  const result = await api(args.request).GET('/api/reports/record/pdf', { parseAs: 'stream' });
  const { response } = result;
  throwIfUnavailable(result);
  if (!response.ok || !response.body) {
    throw new Response(await pageProblem(args.request, result, 'PDF riwayat tidak dapat dibuat. Coba lagi.'), { status: response.status >= 400 ? response.status : 502 });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="riwayat-pelatihan.pdf"',
      'cache-control': 'private, no-store',
    },
  });
}
