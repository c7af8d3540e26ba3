import ExcelJS from 'exceljs';
import { PILLAR_LABELS, type Pillar } from '../common/pillar';
import type { ReportWorkerDto } from './reports.dto';

const STATUS_LABELS: Record<string, string> = {
  ENROLLED: 'Terdaftar',
  STARTED: 'Sedang belajar',
  COMPLETED: 'Lulus',
  CERTIFIED: 'Bersertifikat',
};

/** Indonesian headers, in column order. */
const COLUMNS: ExportColumn[] = [
  { header: 'Nama', key: 'name', width: 32 },
  { header: 'Kode wilayah', key: 'regionCode', width: 12 },
  { header: 'Wilayah', key: 'regionName', width: 24 },
  { header: 'Pilar', key: 'pillar', width: 16 },
  { header: 'Kursus', key: 'courseTitle', width: 32 },
  { header: 'Status', key: 'status', width: 16 },
  { header: 'Nilai pre-test', key: 'pretestScore', width: 12 },
  { header: 'Nilai post-test', key: 'posttestScore', width: 12 },
  { header: 'JP', key: 'jp', width: 8 },
  { header: 'Tanggal daftar', key: 'enrolledAt', width: 20 },
  { header: 'Aktivitas terakhir', key: 'lastActivityAt', width: 20 },
  { header: 'Tanggal lulus', key: 'completedAt', width: 20 },
  { header: 'Tanggal sertifikat', key: 'certifiedAt', width: 20 },
  { header: 'Sertifikat berlaku sampai', key: 'certificateExpiresAt', width: 20 },
  { header: 'ID peserta', key: 'userId', width: 38 },
];

/** A spreadsheet would run text starting with = + - @ as a formula: such cells are strings in the Text format. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/** A column of an export: its Indonesian header, the key of the row's cell, its width in the workbook. */
export interface ExportColumn {
  header: string;
  key: string;
  width: number;
}

/** The workers list as XLSX (see `writeWorkbook`), with the columns above. */
export function writeWorkerWorkbook(output: NodeJS.WritableStream, batches: AsyncIterable<ReportWorkerDto[]>, filters: [string, string][]): Promise<number> {
  return writeWorkbook(output, COLUMNS, batches, workerCells, filters);
}

/** The workers list as CSV (see `writeCsv`), with the same columns and headers as the workbook. */
export function writeWorkerCsv(output: NodeJS.WritableStream, batches: AsyncIterable<ReportWorkerDto[]>): Promise<number> {
  return writeCsv(output, COLUMNS, batches, workerCells);
}

/**
 * Writes a list as an XLSX workbook with exceljs's streaming writer: each row is committed as it is added, so memory
 * stays flat whatever the number of rows; formula-like text is a string in the Text format, never a formula. A second
 * sheet, "Filter", says which filters made it and how many rows it has. Returns the number of rows written.
 */
export async function writeWorkbook<T>(
  output: NodeJS.WritableStream,
  columns: ExportColumn[],
  batches: AsyncIterable<T[]>,
  cellsOf: (item: T) => Record<string, unknown>,
  filters: [string, string][],
): Promise<number> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output as unknown as import('stream').Stream, useStyles: true, useSharedStrings: false });
  book.creator = 'Bimtek Pilar';
  const sheet = book.addWorksheet('Peserta');
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const batch of batches) {
    for (const item of batch) {
      const row = sheet.addRow(cellsOf(item));
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && FORMULA_LIKE.test(cell.value)) cell.numFmt = '@';
      });
      row.commit();
      count++;
    }
  }
  sheet.commit();
  const filterSheet = book.addWorksheet('Filter');
  filterSheet.columns = [
    { header: 'Filter', key: 'name', width: 24 },
    { header: 'Nilai', key: 'value', width: 40 },
  ];
  for (const [name, value] of filters) filterSheet.addRow({ name, value }).commit();
  filterSheet.addRow({ name: 'Jumlah baris', value: count }).commit();
  filterSheet.commit();
  await book.commit();
  return count;
}

/**
 * Writes a list as CSV (RFC 4180, comma, UTF-8 with a byte-order mark so spreadsheets read the accents), with the
 * workbook's columns and Indonesian headers. A text cell that a spreadsheet would run as a formula (= + - @, tab,
 * carriage return) starts with an apostrophe, which makes it plain text (the OWASP advice). Returns the rows written.
 */
export async function writeCsv<T>(output: NodeJS.WritableStream, columns: ExportColumn[], batches: AsyncIterable<T[]>, cellsOf: (item: T) => Record<string, unknown>): Promise<number> {
  const write = (text: string) => new Promise<void>((resolve, reject) => {
    if (output.write(text)) resolve();
    else output.once('drain', resolve).once('error', reject);
  });
  await write(`\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
  let count = 0;
  for await (const batch of batches) {
    const lines = batch.map((item) => {
      const values = cellsOf(item);
      return `${columns.map((c) => csvCell(values[c.key])).join(',')}\r\n`;
    });
    await write(lines.join(''));
    count += batch.length;
  }
  output.end();
  return count;
}

/** One CSV cell: dates as ISO text, formula-like text defused, quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && FORMULA_LIKE.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function workerCells(worker: ReportWorkerDto): Record<string, unknown> {
  return { ...worker, pillar: PILLAR_LABELS[worker.pillar as Pillar] ?? worker.pillar, status: statusLabel(worker) };
}

function statusLabel(worker: ReportWorkerDto): string {
  if (worker.status === 'CERTIFIED' && worker.certificateExpiresAt && worker.certificateExpiresAt < new Date()) return 'Sertifikat kedaluwarsa';
  return STATUS_LABELS[worker.status] ?? worker.status;
}
