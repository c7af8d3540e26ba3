import type { LoaderFunctionArgs } from '@remix-run/node';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { REPORT_READERS } from './laporan.server';

/** One worker's training record as a PDF for an admin of the region (GET /api/reports/record/workers/{id}/pdf, audited), streamed through. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser({ request, context }, REPORT_READERS);
  const result = await api(request).GET('/api/reports/record/workers/{id}/pdf', { params: { path: { id: params.id ?? '' } }, parseAs: 'stream' });
  const { response } = result;
  throwIfUnavailable(result);
  if (!response.ok || !response.body) {
    throw new Response(await pageProblem(request, result, 'PDF riwayat tidak dapat dibuat. Coba lagi.'), { status: response.status >= 400 ? response.status : 502 });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="riwayat-pelatihan.pdf"',
      'cache-control': 'private, no-store',
    },
  });
}
