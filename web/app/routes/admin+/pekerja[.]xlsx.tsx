import type { LoaderFunctionArgs } from '@remix-run/node';
import { problemOf } from '~/components/account/api-problem';
import { forwardHeaders } from '~/components/account/forward.server';
import { readWorkerFilters } from '~/components/admin/list-query';
import { ADMIN_ROLES } from '~/components/admin/scope.server';
import { api, requireUser } from '~/utils/session.server';

/** The worker list with the same filters as an XLSX workbook (GET /api/workers/export, audited by the API). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ADMIN_ROLES);
  const { page: _page, ...filters } = readWorkerFilters(new URL(request.url).searchParams);
  const result = await api(request).GET('/api/workers/export', {
    params: { query: filters },
    headers: forwardHeaders(request),
    parseAs: 'stream',
  });
  const { response } = result;
  if (!response.ok || !response.body) {
    throw new Response(problemOf(result, 'Ekspor gagal. Coba lagi.'), { status: response.status >= 400 ? response.status : 502 });
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="pekerja.xlsx"',
      'cache-control': 'no-store',
    },
  });
}
