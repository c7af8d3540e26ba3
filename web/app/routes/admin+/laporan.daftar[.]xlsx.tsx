import type { LoaderFunctionArgs } from '@remix-run/node';
import { streamListExport } from './laporan.server';

/** The other people list with the page's filters as XLSX (GET /api/reports/people.xlsx, audited by the API), streamed through. */
export function loader(args: LoaderFunctionArgs) {
  return streamListExport(args, 'xlsx');
}
