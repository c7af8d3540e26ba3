import type { LoaderFunctionArgs } from '@remix-run/node';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { REPORT_READERS } from './laporan.server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A finished background export's file (GET /api/reports/exports/{id}/file), streamed through. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser({ request, context }, REPORT_READERS);
  const id = params.jobId ?? '';
  if (!UUID.test(id)) throw new Response('Unduhan tidak ditemukan.', { status: 404 });
  const result = await api(request).GET('/api/reports/exports/{id}/file', { params: { path: { id } }, parseAs: 'stream' });
  const { response } = result;
  throwIfUnavailable(result);
  if (!response.ok || !response.body) {
    throw new Response(await pageProblem(request, result, 'Unduhan gagal. Coba lagi.'), { status: response.status >= 400 ? response.status : 502 });
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="laporan-peserta"',
      'cache-control': 'no-store',
    },
  });
}
