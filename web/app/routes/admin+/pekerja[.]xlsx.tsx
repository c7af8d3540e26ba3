import type { LoaderFunctionArgs } from '@remix-run/node';
import { readWorkerFilters } from '~/components/admin/list-query';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

/** The worker list with the same filters as an XLSX workbook (GET /api/workers/export, audited by the API). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context }, ADMIN_ROLES);
  const { page: _page, ...filters } = readWorkerFilters(new URL(request.url).searchParams);
  const result = await api(request).GET('/api/workers/export', {
    params: { query: filters },
        parseAs: 'stream',
  });
  const { response } = result;
  throwIfUnavailable(result);
  if (!response.ok || !response.body) {
    throw new Response(await pageProblem(request, result, 'Ekspor gagal. Coba lagi.'), { status: response.status >= 400 ? response.status : 502 });
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="pekerja.xlsx"',
      'cache-control': 'no-store',
    },
  });
}
