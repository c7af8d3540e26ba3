import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { columnsMissing, fileEmpty, xlsUnsupported, xlsxUnreadable, xlsxWithoutData } from './rosters.errors';

/** The columns of contract 2 (DESIGN.md), in the order errors are reported. */
export const ROSTER_COLUMNS = ['nama', 'no_hp', 'pilar', 'kode_wilayah', 'nik', 'email'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
const REQUIRED: RosterColumn[] = ['nama', 'no_hp', 'pilar', 'kode_wilayah'];

/** Header names people use for each column, after lower-casing and turning spaces/dashes/dots into `_`. */
const HEADER_ALIASES: Record<string, RosterColumn> = {
  nama: 'nama',
  nama_lengkap: 'nama',
  name: 'nama',
  no_hp: 'no_hp',
  nomor_hp: 'no_hp',
  no_handphone: 'no_hp',
  nomor_handphone: 'no_hp',
  hp: 'no_hp',
  no_telp: 'no_hp',
  no_telepon: 'no_hp',
  nomor_telepon: 'no_hp',
  telepon: 'no_hp',
  phone: 'no_hp',
  no_wa: 'no_hp',
  pilar: 'pilar',
  jenis_pilar: 'pilar',
  pillar: 'pilar',
  kode_wilayah: 'kode_wilayah',
  kode_kecamatan: 'kode_wilayah',
  kode_kemendagri: 'kode_wilayah',
  region_code: 'kode_wilayah',
  nik: 'nik',
  no_nik: 'nik',
  nomor_nik: 'nik',
  no_ktp: 'nik',
  email: 'email',
  e_mail: 'email',
  surel: 'email',
};

export interface RosterCell {
  text: string;
  /** A formula in an XLSX cell (e.g. =HYPERLINK(…)), whatever its cached result. */
  formula?: boolean;
  /** A number in an XLSX cell (Excel keeps only 15 significant digits: a NIK typed as a number is damaged). */
  numeric?: boolean;
}

export interface RosterRow {
  /** The spreadsheet row number: the header is row 1. */
  row: number;
  cells: Partial<Record<RosterColumn, RosterCell>>;
}

export interface RosterFile {
  format: 'csv' | 'xlsx';
  /** Data rows that are not blank. */
  rows: RosterRow[];
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Reads a roster: XLSX when the bytes are a zip, CSV otherwise. Refuses (400) what cannot be read or lacks columns. */
export async function readRosterFile(bytes: Buffer): Promise<RosterFile> {
  if (bytes.length === 0) throw fileEmpty();
  if (bytes.subarray(0, 4).equals(OLE)) {
    throw xlsUnsupported();
  }
  const table = bytes.subarray(0, 4).equals(ZIP) ? await xlsxTable(bytes) : csvTable(bytes);
  return { format: bytes.subarray(0, 4).equals(ZIP) ? 'xlsx' : 'csv', rows: toRows(table) };
}

function toRows(table: RosterCell[][]): RosterRow[] {
  const header = table[0] ?? [];
  const columns = header.map((cell) => HEADER_ALIASES[headerKey(cell.text)]);
  const missing = REQUIRED.filter((column) => !columns.includes(column));
  if (missing.length > 0) throw columnsMissing(missing, ROSTER_COLUMNS);
  const rows: RosterRow[] = [];
  for (let i = 1; i < table.length; i++) {
    const cells: RosterRow['cells'] = {};
    columns.forEach((column, index) => {
      if (column && !cells[column]) cells[column] = table[i][index] ?? { text: '' };
    });
    if (Object.values(cells).every((cell) => !cell || cell.text.trim() === '')) continue;
    rows.push({ row: i + 1, cells });
  }
  return rows;
}

/** Column names are short; a longer header cell is no column we know (and is never scanned). */
const HEADER_MAX_LENGTH = 100;

function headerKey(text: string): string {
  if (text.length > HEADER_MAX_LENGTH) return '';
  const key = text
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.\-/]+/g, '_');
  return trimUnderscores(key);
}

function trimUnderscores(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '_') start++;
  while (end > start && text[end - 1] === '_') end--;
  return text.slice(start, end);
}

function csvTable(bytes: Buffer): RosterCell[][] {
  const text = decode(bytes);
  const records: string[][] = parse(text, {
    delimiter: detectDelimiter(text),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  return records.map((record) => record.map((value) => ({ text: value })));
}

/** UTF-8 (with or without BOM); files from older Excel versions in Windows-1252 are read too. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Excel in the Indonesian locale writes `;`, most other tools `,`: the one the header line uses most, outside quotes. */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

async function xlsxTable(bytes: Buffer): Promise<RosterCell[][]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw xlsxUnreadable();
  }
  const sheet = book.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw xlsxWithoutData();
  const table: RosterCell[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: RosterCell[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c++) cells.push(xlsxCell(row.getCell(c).value));
    table.push(cells);
  }
  return table;
}

function xlsxCell(value: ExcelJS.CellValue): RosterCell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? value.toFixed(0) : String(value), numeric: true };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('formula' in value || 'sharedFormula' in value) return { text: `=${'formula' in value ? value.formula : ''}`, formula: true };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
  if ('text' in value) return { text: typeof value.text === 'string' ? value.text : '' };
  if ('error' in value) return { text: String(value.error) };
  return { text: '' };
}
