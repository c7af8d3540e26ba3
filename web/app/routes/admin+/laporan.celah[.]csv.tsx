import type { LoaderFunctionArgs } from '@remix-run/node';
import { streamDesaGapsExport } from './laporan.server';

/** The desa gaps (PSM or Karang Taruna) of the page's region as CSV (GET /api/reports/gaps/desa.csv, audited by the API), streamed through. */
export function loader(args: LoaderFunctionArgs) {
  return streamDesaGapsExport(args, 'csv');
}
