import ExcelJS from 'exceljs';
import { PILLAR_LABELS, type Pillar } from '../common/pillar';
import type { ReportPersonDto } from './reports-lists.dto';
import { csvCell } from './reports-workbook';

/** Indonesian headers, in column order (the workers list's conventions: codes and names, the id last). */
const COLUMNS: { header: string; key: keyof ReportPersonDto; width: number }[] = [
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

const FORMULA_LIKE = /^[=+\-@\t\r]/;

function cells(person: ReportPersonDto): Record<string, unknown> {
  return { ...person, pillar: person.pillar ? (PILLAR_LABELS[person.pillar as Pillar] ?? person.pillar) : null };
}

/** The list as an XLSX workbook with the streaming writer (formula-like text as Text cells), and a "Filter" sheet. */
export async function writePeopleWorkbook(output: NodeJS.WritableStream, batches: AsyncIterable<ReportPersonDto[]>, filters: [string, string][]): Promise<number> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output as unknown as import('stream').Stream, useStyles: true, useSharedStrings: false });
  book.creator = 'Bimtek Pilar';
  const sheet = book.addWorksheet('Peserta');
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const batch of batches) {
    for (const person of batch) {
      const row = sheet.addRow(cells(person));
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

/** The list as CSV (UTF-8 with BOM, comma, formula-like text after an apostrophe), as the workers export. */
export async function writePeopleCsv(output: NodeJS.WritableStream, batches: AsyncIterable<ReportPersonDto[]>): Promise<number> {
  const write = (text: string) => new Promise<void>((resolve, reject) => {
    if (output.write(text)) resolve();
    else output.once('drain', resolve).once('error', reject);
  });
  await write(`\uFEFF${COLUMNS.map((c) => csvCell(c.header)).join(',')}\r\n`);
  let count = 0;
  for await (const batch of batches) {
    await write(batch.map((person) => `${COLUMNS.map((c) => csvCell(cells(person)[c.key])).join(',')}\r\n`).join(''));
    count += batch.length;
  }
  output.end();
  return count;
}
