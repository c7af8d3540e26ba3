import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** What a certificate shows: everything already formatted for print (the renderer decides only layout). */
export interface CertificateSheet {
  number: string;
  holderName: string;
  pillarLabel: string;
  regionLabel: string;
  courseTitle: string;
  hours: number;
  completedAt: Date;
  issuedAt: Date;
  validUntil: Date | null;
  /** e.g. "Dinas Sosial Kota Sukabumi". */
  issuerName: string;
  /** Where it was signed, e.g. "Kota Sukabumi". */
  issuerPlace: string;
  signatoryName: string;
  signatoryTitle: string;
  verifyUrl: string;
  verificationCode: string;
  /** The passed field tasks, each "title — tingkat Level" (decision 026). */
  fieldTasks?: string[];
  /** The attended in-person event, "title, dates, venue, region" (decision 029). */
  event?: string | null;
}

export const PAGE = { width: 841.89, height: 595.28 }; // A4 landscape, in points
/** The box the holder's name must stay inside: centred, two lines at most. */
export const NAME_BOX = { x: 110, width: PAGE.width - 220, maxLines: 2, maxSize: 30, minSize: 12 };

const FONT_REGULAR = 'DejaVuSans';
const FONT_BOLD = 'DejaVuSans-Bold';

function assetPath(file: string): string {
  // From src/certificates/pdf (tsx, jest) or dist/certificates/pdf (build): the TTFs stay in src.
  const candidates = [path.resolve(__dirname, '..', 'assets', file), path.resolve(__dirname, '..', '..', '..', 'src', 'certificates', 'assets', file)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`Certificate asset ${file} is missing (looked in ${candidates.join(', ')}).`);
  return found;
}

let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;

/** Parsing a TTF is what makes pdfkit slow: parse each font once per process and hand pdfkit the parsed font. */
function loadFonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  fonts ??= {
    regular: fontkit.create(readFileSync(assetPath('DejaVuSans.ttf'))),
    bold: fontkit.create(readFileSync(assetPath('DejaVuSans-Bold.ttf'))),
  };
  return fonts;
}

function newDocument(info: { Title: string }): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, info: { ...info, Author: 'Bimtek Pilar', Creator: 'Bimtek Pilar' }, autoFirstPage: true });
  const { regular, bold } = loadFonts();
  // pdfkit takes a parsed fontkit font where it expects a file: its types only know paths and buffers.
  doc.registerFont(FONT_REGULAR, regular as unknown as Buffer);
  doc.registerFont(FONT_BOLD, bold as unknown as Buffer);
  return doc;
}

export interface FittedName {
  size: number;
  lines: string[];
}

/**
 * The largest size at which the name fits the box on at most two lines (split between words, or inside a word
 * that is wider than the box), every line measured with pdfkit's own metrics.
 */
export function fitName(doc: PDFKit.PDFDocument, name: string): FittedName {
  doc.font(FONT_BOLD);
  for (let size = NAME_BOX.maxSize; size >= NAME_BOX.minSize; size -= 1) {
    doc.fontSize(size);
    const lines = wrap(doc, name, NAME_BOX.width);
    if (lines.length <= NAME_BOX.maxLines && lines.every((line) => doc.widthOfString(line) <= NAME_BOX.width)) return { size, lines };
  }
  // Only a name far beyond what registration allows gets here: keep every character, as many lines as it takes.
  doc.fontSize(NAME_BOX.minSize);
  return { size: NAME_BOX.minSize, lines: wrap(doc, name, NAME_BOX.width) };
}

function wrap(doc: PDFKit.PDFDocument, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (doc.widthOfString(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (doc.widthOfString(line) > width) {
      let cut = line.length - 1;
      while (cut > 1 && doc.widthOfString(line.slice(0, cut)) > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

const dateFormat = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });
export const formatDate = (date: Date): string => dateFormat.format(date);
const formatHours = (hours: number): string => (Number.isInteger(hours) ? String(hours) : hours.toLocaleString('id-ID'));

/** Renders the certificate as an A4 landscape PDF. */
export async function renderCertificatePdf(sheet: CertificateSheet): Promise<Buffer> {
  const doc = newDocument({ Title: `Sertifikat ${sheet.number}` });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const { width, height } = PAGE;
  const navy = '#1b3a5c';
  const gold = '#b08d2f';
  doc.lineWidth(6).strokeColor(navy).rect(18, 18, width - 36, height - 36).stroke();
  doc.lineWidth(1.5).strokeColor(gold).rect(30, 30, width - 60, height - 60).stroke();

  const centre = (text: string, y: number, font: string, size: number, color = '#222222') => {
    doc.font(font).fontSize(size).fillColor(color).text(text, 60, y, { width: width - 120, align: 'center', lineBreak: true });
  };

  centre(sheet.issuerName.toUpperCase(), 56, FONT_BOLD, 14, navy);
  centre('SERTIFIKAT BIMBINGAN TEKNIS', 84, FONT_BOLD, 26, navy);
  centre(`Nomor: ${sheet.number}`, 120, FONT_REGULAR, 11);
  centre('diberikan kepada', 150, FONT_REGULAR, 12);

  const name = fitName(doc, sheet.holderName);
  const lineHeight = name.size * 1.2;
  const nameTop = 172 + (NAME_BOX.maxLines - Math.min(name.lines.length, NAME_BOX.maxLines)) * (lineHeight / 2);
  doc.font(FONT_BOLD).fontSize(name.size).fillColor('#111111');
  name.lines.forEach((line, index) => {
    const lineWidth = doc.widthOfString(line);
    doc.text(line, NAME_BOX.x + (NAME_BOX.width - lineWidth) / 2, nameTop + index * lineHeight, { lineBreak: false });
  });

  centre(`${sheet.pillarLabel} · ${sheet.regionLabel}`, 250, FONT_REGULAR, 12);
  centre('telah menyelesaikan bimbingan teknis', 274, FONT_REGULAR, 12);
  centre(sheet.courseTitle, 294, FONT_BOLD, 17, navy);
  if (sheet.event) centre(`Kegiatan: ${sheet.event}`, doc.y + 4, FONT_REGULAR, 10);
  const validity = sheet.validUntil ? ` Berlaku sampai ${formatDate(sheet.validUntil)}.` : '';
  centre(`sebanyak ${formatHours(sheet.hours)} JP, selesai pada ${formatDate(sheet.completedAt)}.${validity}`, Math.max(326, doc.y + 10), FONT_REGULAR, 12);
  for (const task of (sheet.fieldTasks ?? []).slice(0, 2)) centre(`Tugas lapangan: ${task}`, doc.y + 6, FONT_REGULAR, 10);

  // The QR code of the verify page, drawn as vector squares: sharp at any zoom or print size.
  const qr = QRCode.create(sheet.verifyUrl, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const qrSize = 118;
  const cell = qrSize / (modules + 8); // a quiet zone of four modules each side
  const qrX = 70;
  const qrY = height - 70 - qrSize - 30;
  doc.rect(qrX, qrY, qrSize, qrSize).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (qr.modules.get(row, col)) doc.rect(qrX + (col + 4) * cell, qrY + (row + 4) * cell, cell, cell);
    }
  }
  doc.fill('#000000');
  doc.font(FONT_BOLD).fontSize(11).fillColor('#111111').text(sheet.verificationCode, qrX - 20, qrY + qrSize + 2, { width: qrSize + 40, align: 'center', lineBreak: false });
  doc.font(FONT_REGULAR).fontSize(8).fillColor('#444444').text('Pindai untuk memeriksa keaslian', qrX - 20, qrY + qrSize + 18, { width: qrSize + 40, align: 'center', lineBreak: false });

  const signX = width - 330;
  const signWidth = 260;
  const signText = (text: string, y: number, font: string, size: number) =>
    doc.font(font).fontSize(size).fillColor('#222222').text(text, signX, y, { width: signWidth, align: 'center' });
  signText(`${sheet.issuerPlace}, ${formatDate(sheet.issuedAt)}`, 392, FONT_REGULAR, 11);
  signText(sheet.signatoryTitle, 408, FONT_REGULAR, 11);
  doc.lineWidth(0.8).strokeColor('#555555').moveTo(signX + 30, 498).lineTo(signX + signWidth - 30, 498).stroke();
  signText(sheet.signatoryName, 503, FONT_BOLD, 11);

  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
