import PDFDocument from 'pdfkit';
import type { EventDto, ParticipantDto } from './events.dto';

const MARGIN = 36;
const ROW = 22;
const CANCELLED_RED = '#b00020';

/** Who cancelled an event, when (the event's local time, e.g. `2026-12-01 10:00 WIB`) and why: a name, never a NIK. */
export interface ReportCancellation {
  at: string;
  byName: string;
  reason: string;
}

/** The cancellation as report text, the same in the PDF and the workbook. */
export function cancellationText(cancellation: ReportCancellation): { title: string; when: string; reason: string } {
  return {
    title: 'KEGIATAN DIBATALKAN',
    when: `Dibatalkan pada ${cancellation.at} oleh ${cancellation.byName}.`,
    reason: `Alasan: ${cancellation.reason}`,
  };
}

/**
 * The paperwork a Dinsos files after a bimtek, as one PDF (A4 landscape): the daftar hadir in roster order with, per
 * day, the recorded check-in time and a signature box; then the results (pre-test, post-test, gain) and each
 * participant's JP. A cancelled event's pages say so first, in a red box. Built-in Helvetica: names of the roster are
 * Latin script.
 */
export function renderEventPdf(
  event: EventDto,
  roster: ParticipantDto[],
  checkinTime: (workerId: string, day: number) => string,
  cancellation: ReportCancellation | null = null,
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, info: { Title: `Daftar hadir — ${event.title}`, Author: 'Bimtek Pilar' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  header(doc, 'DAFTAR HADIR PESERTA', event, cancellation);
  attendanceTable(doc, event, roster, checkinTime);
  doc.addPage();
  header(doc, 'HASIL PRE-TEST, POST-TEST DAN JP', event, cancellation);
  resultsTable(doc, roster);
  doc.end();
  return done;
}

function header(doc: PDFKit.PDFDocument, title: string, event: EventDto, cancellation: ReportCancellation | null): void {
  if (cancellation) cancelledNotice(doc, cancellation);
  doc.font('Helvetica-Bold').fontSize(14).text(title, { align: 'center' });
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text(event.title, { align: 'center' });
  doc.text(`${event.venue}, ${event.regionName} · ${event.days.map((d) => `Hari ${d.day}: ${d.date} ${d.start}-${d.end} ${event.zone}`).join(' · ')}`, { align: 'center' });
  doc.moveDown(0.8);
}

/** A red box across the page: the event was cancelled, when, by whom and why (a reader must not miss it). */
function cancelledNotice(doc: PDFKit.PDFDocument, cancellation: ReportCancellation): void {
  const text = cancellationText(cancellation);
  const width = doc.page.width - 2 * MARGIN;
  const inner = { width: width - 16, align: 'center' as const };
  const top = doc.y;
  doc.fillColor(CANCELLED_RED).font('Helvetica-Bold').fontSize(14).text(text.title, MARGIN + 8, top + 6, inner);
  doc.font('Helvetica').fontSize(10).text(text.when, inner).text(text.reason, inner);
  const bottom = doc.y + 6;
  doc.save().lineWidth(1.5).strokeColor(CANCELLED_RED).rect(MARGIN, top, width, bottom - top).stroke().restore();
  doc.fillColor('black');
  doc.x = MARGIN;
  doc.y = bottom;
  doc.moveDown(0.6);
}

interface Column {
  title: string;
  width: number;
}

function row(doc: PDFKit.PDFDocument, columns: Column[], values: string[], bold = false): void {
  if (doc.y + ROW > doc.page.height - MARGIN) doc.addPage();
  const y = doc.y;
  let x = MARGIN;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  columns.forEach((column, i) => {
    doc.rect(x, y, column.width, ROW).stroke();
    doc.text(values[i] ?? '', x + 3, y + 6, { width: column.width - 6, height: ROW - 6, ellipsis: true, lineBreak: false });
    x += column.width;
  });
  doc.x = MARGIN;
  doc.y = y + ROW;
}

function attendanceTable(doc: PDFKit.PDFDocument, event: EventDto, roster: ParticipantDto[], checkinTime: (workerId: string, day: number) => string): void {
  const usable = doc.page.width - 2 * MARGIN;
  const fixed = 28 + 200 + 40;
  const perDay = Math.max(60, (usable - fixed) / Math.max(event.days.length, 1));
  const columns: Column[] = [{ title: 'No', width: 28 }, { title: 'Nama', width: 200 }, ...event.days.map((d) => ({ title: `Hari ${d.day} (${d.date}) / tanda tangan`, width: perDay })), { title: 'JP', width: 40 }];
  row(doc, columns, columns.map((c) => c.title), true);
  roster.forEach((p, i) => row(doc, columns, [String(i + 1), p.name, ...event.days.map((d) => checkinTime(p.workerId, d.day)), String(p.jp)]));
}

function resultsTable(doc: PDFKit.PDFDocument, roster: ParticipantDto[]): void {
  const columns: Column[] = [
    { title: 'No', width: 28 },
    { title: 'Nama', width: 260 },
    { title: 'Hadir (hari)', width: 90 },
    { title: 'Pre-test', width: 70 },
    { title: 'Post-test', width: 70 },
    { title: 'Kenaikan', width: 70 },
    { title: 'JP', width: 50 },
  ];
  const score = (value: number | null) => (value === null ? '-' : String(value));
  row(doc, columns, columns.map((c) => c.title), true);
  roster.forEach((p, i) => row(doc, columns, [String(i + 1), p.name, p.attendedDays.join(', ') || '-', score(p.pretest), score(p.posttest), score(p.gain), String(p.jp)]));
}
