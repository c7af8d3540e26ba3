import type { LoaderFunctionArgs } from '@remix-run/node';
import { streamReportExport } from './laporan.server';

/** The people list with the same filters as XLSX (GET /api/reports/export.xlsx, audited by the API), streamed through. */
export function loader(args: LoaderFunctionArgs) {
  return streamReportExport(args, 'xlsx');
}
