import type { LoaderFunctionArgs } from '@remix-run/node';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireEventStaff } from './events.server';

/** The event's workbook, passed through from the API (attendance per day in roster order, JP). */
export async function loader(args: LoaderFunctionArgs) {
  await requireEventStaff(args);
  const result = await api(args.request).GET('/api/events/{id}/report.xlsx', { params: { path: { id: args.params.id ?? '' } }, parseAs: 'arrayBuffer' });
  const body = orThrow(result);
  return new Response(body as ArrayBuffer, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': result.response.headers.get('content-disposition') ?? 'attachment; filename="daftar-hadir.xlsx"',
      'Cache-Control': 'no-store',
    },
  });
}
