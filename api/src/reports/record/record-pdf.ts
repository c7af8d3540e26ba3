import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { PILLAR_LABELS, type Pillar } from '../../common/pillar';
import type { TrainingRecordDto } from './training-record.dto';

const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';
const MARGIN = 48;
const PAGE_WIDTH = 595.28; // A4 portrait, in points
const PAGE_BOTTOM = 841.89 - MARGIN;
const STATUS: Record<string, string> = { valid: 'Berlaku', expired: 'Kedaluwarsa', revoked: 'Dicabut' };

/** The certificates' fonts (DejaVu: every Indonesian letter): one copy in the repository, parsed once per process. */
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function loadFonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  const find = (file: string) => {
    const candidates = [path.resolve(__dirname, '..', '..', 'certificates', 'assets', file), path.resolve(__dirname, '..', '..', '..', 'src', 'certificates', 'assets', file)];
    const found = candidates.find((candidate) => existsSync(candidate));
    if (!found) throw new Error(`Font ${file} is missing (looked in ${candidates.join(', ')}).`);
    return found;
  };
  fonts ??= { regular: fontkit.create(readFileSync(find('DejaVuSans.ttf'))), bold: fontkit.create(readFileSync(find('DejaVuSans-Bold.ttf'))) };
  return fonts;
}

const date = (value: Date | string | null) =>
  value ? new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(new Date(value)) : '—';
const score = (value: number | null) => (value === null ? '—' : String(Math.round(value)));
const jp = (value: number) => value.toLocaleString('id-ID', { maximumFractionDigits: 1 });

interface Column {
  header: string;
  width: number;
}

/** A table that continues on the next page, its header repeated. */
function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]): void {
  const line = (cells: string[], font: string) => {
    doc.font(font).fontSize(8.5);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i].width - 6 }))) + 6;
    if (doc.y + height > PAGE_BOTTOM) {
      doc.addPage();
      if (font === REGULAR) line(columns.map((c) => c.header), BOLD);
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 3, top + 3, { width: columns[i].width - 6 });
      x += columns[i].width;
    });
    doc.moveTo(MARGIN, top + height).lineTo(PAGE_WIDTH - MARGIN, top + height).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  line(columns.map((c) => c.header), BOLD);
  for (const row of rows) line(row, REGULAR);
  doc.moveDown(1);
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y + 60 > PAGE_BOTTOM) doc.addPage();
  doc.font(BOLD).fontSize(12).text(text, MARGIN, doc.y);
  doc.moveDown(0.4);
}

function empty(doc: PDFKit.PDFDocument, text: string): void {
  doc.font(REGULAR).fontSize(9).text(text, MARGIN, doc.y);
  doc.moveDown(1);
}

/** The record as an A4 PDF: who, JP, courses, certificates, field tasks, when it was made. */
export function renderRecordPdf(record: TrainingRecordDto): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Riwayat pelatihan — ${record.name}`, Author: 'Bimtek Pilar', Creator: 'Bimtek Pilar' } });
  const { regular, bold } = loadFonts();
  // pdfkit takes a parsed fontkit font where it expects a file: its types only know paths and buffers.
  doc.registerFont(REGULAR, regular as unknown as Buffer);
  doc.registerFont(BOLD, bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font(BOLD).fontSize(18).text('Riwayat Pelatihan', MARGIN, MARGIN);
  doc.font(REGULAR).fontSize(10).text('Bimtek Pilar — bimbingan teknis pilar-pilar sosial');
  doc.moveDown(0.8);
  doc.font(BOLD).fontSize(13).text(record.name);
  const pillar = record.pillar ? (PILLAR_LABELS[record.pillar as Pillar] ?? record.pillar) : null;
  doc.font(REGULAR).fontSize(10).text([pillar, record.regionCode ? `Kode wilayah ${record.regionCode}` : null].filter(Boolean).join(' · ') || ' ');
  const perYear = record.jpPerYear.map((y) => `${y.year}: ${jp(y.jp)} JP`).join(', ');
  doc.text(`Jumlah JP: ${jp(record.jpTotal)}${perYear ? ` (${perYear})` : ''}`);
  doc.moveDown(1);

  heading(doc, 'Pelatihan');
  if (record.courses.length === 0) empty(doc, 'Belum ada pelatihan.');
  else
    table(
      doc,
      [{ header: 'Kursus', width: 150 }, { header: 'Siklus', width: 40 }, { header: 'Mulai', width: 75 }, { header: 'Lulus', width: 75 }, { header: 'Pre', width: 35 }, { header: 'Post', width: 35 }, { header: 'JP', width: 89.28 }],
      record.courses.map((c) => [c.courseTitle, `${c.cycle}${c.repeated ? ' (ulang)' : ''}`, date(c.enrolledAt), c.completedAt ? date(c.completedAt) : 'Belum', score(c.pretestScore), score(c.posttestScore), jp(c.jp)]),
    );

  heading(doc, 'Sertifikat');
  if (record.certificates.length === 0) empty(doc, 'Belum ada sertifikat.');
  else
    table(
      doc,
      [{ header: 'Nomor', width: 130 }, { header: 'Kursus', width: 140 }, { header: 'Status', width: 70 }, { header: 'Terbit', width: 80 }, { header: 'Berlaku sampai', width: 79.28 }],
      record.certificates.map((c) => [c.number, c.courseTitle, STATUS[c.status] ?? c.status, date(c.issuedAt), c.validUntil ? date(c.validUntil) : 'Tanpa batas']),
    );

  heading(doc, 'Tugas lapangan yang lulus');
  if (record.tasks.length === 0) empty(doc, 'Belum ada tugas lapangan yang lulus.');
  else table(doc, [{ header: 'Tugas', width: 220 }, { header: 'Kursus', width: 180 }, { header: 'Lulus', width: 99.28 }], record.tasks.map((t) => [t.title, t.courseTitle, date(t.passedAt)]));

  doc.font(REGULAR).fontSize(8).fillColor('#555555');
  doc.text(`Dibuat ${date(record.generatedAt)} dari data Bimtek Pilar. Keaslian tiap sertifikat dapat diperiksa di alamat verifikasinya.`, MARGIN, doc.y, { width: PAGE_WIDTH - 2 * MARGIN });
  doc.end();
  return done;
}
