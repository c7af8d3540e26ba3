import { PILLAR_LABELS, type Pillar } from '../common/pillar';
import type { ReportPersonDto } from './reports-lists.dto';
import { writeCsv, writeWorkbook, type ExportColumn } from './reports-workbook';

/** Indonesian headers, in column order (the workers list's conventions: codes and names, the id last). */
const COLUMNS: (ExportColumn & { key: keyof ReportPersonDto })[] = [
  { header: 'Nama', key: 'name', width: 32 },
  { header: 'Kode wilayah', key: 'regionCode', width: 12 },
  { header: 'Wilayah', key: 'regionName', width: 24 },
  { header: 'Pilar', key: 'pillar', width: 16 },
  { header: 'Kursus', key: 'courseTitle', width: 32 },
  { header: 'Keterangan', key: 'detail', width: 32 },
  { header: 'Tanggal', key: 'date', width: 20 },
  { header: 'Nilai / hari', key: 'value', width: 10 },
  { header: 'ID peserta', key: 'userId', width: 38 },
];

function cells(person: ReportPersonDto): Record<string, unknown> {
  return { ...person, pillar: person.pillar ? (PILLAR_LABELS[person.pillar as Pillar] ?? person.pillar) : null };
}

/** The list as an XLSX workbook with the streaming writer (formula-like text as Text cells), and a "Filter" sheet. */
export function writePeopleWorkbook(output: NodeJS.WritableStream, batches: AsyncIterable<ReportPersonDto[]>, filters: [string, string][]): Promise<number> {
  return writeWorkbook(output, COLUMNS, batches, cells, filters);
}

/** The list as CSV (UTF-8 with BOM, comma, formula-like text after an apostrophe), as the workers export. */
export function writePeopleCsv(output: NodeJS.WritableStream, batches: AsyncIterable<ReportPersonDto[]>): Promise<number> {
  return writeCsv(output, COLUMNS, batches, cells);
}
