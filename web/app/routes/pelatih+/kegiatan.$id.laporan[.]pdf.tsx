import type { LoaderFunctionArgs } from '@remix-run/node';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireEventStaff } from './events.server';

/** The event’s PDF (daftar hadir with a signature box per day, results and JP), passed through from the API. */
export async function loader(args: LoaderFunctionArgs) {
  await requireEventStaff(args);
  const result = await api(args.request).GET('/api/events/{id}/report.pdf', { params: { path: { id: args.params.id ?? '' } }, parseAs: 'arrayBuffer' });
  const body = orThrow(result);
  return new Response(body as ArrayBuffer, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': result.response.headers.get('content-disposition') ?? 'attachment; filename="daftar-hadir.pdf"',
      'Cache-Control': 'no-store',
    },
  });
}
