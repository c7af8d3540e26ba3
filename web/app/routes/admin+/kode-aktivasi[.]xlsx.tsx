import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { readWorkerFilters } from '~/components/admin/list-query';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

/**
 * New activation codes for the invited workers (roster imports) that have no valid one, as a workbook to print and
 * hand out. POST only: each call issues codes, and each code is shown this once.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser({ request, context }, ADMIN_ROLES);
  const form = await request.formData();
  const { page: _page, ...filters } = readWorkerFilters(new URLSearchParams([...form.entries()].map(([key, value]) => [key, String(value)])));
  const result = await api(request).POST('/api/workers/activation-codes', {
    params: { query: { ...filters, format: 'xlsx' } },
        parseAs: 'stream',
  });
  const { response } = result;
  throwIfUnavailable(result);
  if (!response.ok || !response.body) {
    throw new Response(await pageProblem(request, result, 'Kode aktivasi tidak dapat dibuat. Coba lagi.'), { status: response.status >= 400 ? response.status : 502 });
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="kode-aktivasi.xlsx"',
      'cache-control': 'no-store',
    },
  });
}

export async function loader() {
  return redirect('/admin/roster');
}
