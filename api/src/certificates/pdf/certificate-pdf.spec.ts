import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import PDFDocument from 'pdfkit';
import { CertificateSheet, fitName, NAME_BOX, renderCertificatePdf } from './certificate-pdf';

const sheet: CertificateSheet = {
  number: '00123/BIMTEK-TAGANA/32.72/2026',
  holderName: 'Siti Nurhaliza',
  pillarLabel: 'Tagana',
  regionLabel: 'Kecamatan Citamiang, Kota Sukabumi',
  courseTitle: 'Dasar-Dasar Tagana',
  hours: 8,
  completedAt: new Date('2026-11-20T02:00:00Z'),
  issuedAt: new Date('2026-11-20T03:00:00Z'),
  validUntil: new Date('2029-11-20T02:00:00Z'),
  issuerName: 'Dinas Sosial Kota Sukabumi',
  issuerPlace: 'Kota Sukabumi',
  signatoryName: 'Drs. H. Ahmad Fauzi, M.Si.',
  signatoryTitle: 'Kepala Dinas Sosial Kota Sukabumi',
  verifyUrl: 'http://localhost:3000/verify/K7M2-Q9TX-3HPA-W4',
  verificationCode: 'K7M2-Q9TX-3HPA-W4',
};

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'cert-pdf-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rasterizes page 1 with poppler's pdftoppm into a binary PPM and returns RGBA pixels for jsQR. */
function rasterize(pdf: Buffer, dpi: number): { data: Uint8ClampedArray; width: number; height: number } {
  const file = path.join(dir, `c-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-singlefile', file], { maxBuffer: 64 * 1024 * 1024 });
  // P6 header: "P6\n<w> <h>\n255\n" then RGB bytes.
  const header = ppm.subarray(0, 40).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
  if (!header) throw new Error('pdftoppm did not produce a PPM');
  const [, w, h] = header;
  const width = Number(w);
  const height = Number(h);
  const rgb = ppm.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    data[i * 4] = rgb[j];
    data[i * 4 + 1] = rgb[j + 1];
    data[i * 4 + 2] = rgb[j + 2];
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

function pdfText(pdf: Buffer): string {
  const file = path.join(dir, `t-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

describe('certificate PDF', () => {
  it('carries a QR code that decodes, from the printed pixels, to the verify URL', async () => {
    const pdf = await renderCertificatePdf(sheet);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { data, width, height } = rasterize(pdf, 100);
    // A4 landscape at 100 dpi.
    expect(Math.abs(width - 1169)).toBeLessThanOrEqual(1);
    expect(Math.abs(height - 827)).toBeLessThanOrEqual(1);
    const found = jsQR(data, width, height);
    expect(found?.data).toBe('http://localhost:3000/verify/K7M2-Q9TX-3HPA-W4');
    const text = pdfText(pdf);
    expect(text).toContain('K7M2-Q9TX-3HPA-W4');
    expect(text).toContain('00123/BIMTEK-TAGANA/32.72/2026');
    expect(text).toContain('Berlaku sampai 20 November 2029');
  });

  it("keeps a 60-character name with an apostrophe inside its box, every character printed", async () => {
    const name = "Raden Ayu Siti Nur'aini Kusumawardhani Wiryaatmadja Putriana";
    expect(name).toHaveLength(60);
    // Measured with pdfkit's widthOfString in the certificate's font, at the size the renderer chose.
    const doc = withFonts(new PDFDocument({ size: 'A4', layout: 'landscape' }));
    const fitted = fitName(doc, name);
    expect(fitted.size).toBeLessThan(NAME_BOX.maxSize);
    expect(fitted.lines.length).toBeLessThanOrEqual(NAME_BOX.maxLines);
    doc.font('DejaVuSans-Bold').fontSize(fitted.size);
    for (const line of fitted.lines) expect(doc.widthOfString(line)).toBeLessThanOrEqual(NAME_BOX.width);
    expect(fitted.lines.join(' ')).toBe(name);

    const text = pdfText(await renderCertificatePdf({ ...sheet, holderName: name })).replace(/\s+/g, ' ');
    expect(text).toContain(fitted.lines[0].trim());
    expect(text).toContain(fitted.lines[fitted.lines.length - 1].trim());
  });

  it('prints names with diacritics in the embedded font, not as missing glyphs', async () => {
    const name = 'Ñoño Çağlar Łukasz Đặng Thị Höß';
    const text = pdfText(await renderCertificatePdf({ ...sheet, holderName: name }));
    expect(text).toContain(name);
  });

  it('shrinks a name that cannot fit at full size and never lets a single long word overflow', () => {
    const doc = withFonts(new PDFDocument({ size: 'A4', layout: 'landscape' }));
    const short = fitName(doc, 'Ani');
    expect(short).toEqual({ size: NAME_BOX.maxSize, lines: ['Ani'] });
    const word = 'W'.repeat(80);
    const fitted = fitName(doc, word);
    doc.font('DejaVuSans-Bold').fontSize(fitted.size);
    for (const line of fitted.lines) expect(doc.widthOfString(line)).toBeLessThanOrEqual(NAME_BOX.width);
    expect(fitted.lines.join('')).toBe(word);
  });
});

function withFonts(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  const assets = path.join(__dirname, '..', 'assets');
  doc.registerFont('DejaVuSans', readFileSync(path.join(assets, 'DejaVuSans.ttf')));
  doc.registerFont('DejaVuSans-Bold', readFileSync(path.join(assets, 'DejaVuSans-Bold.ttf')));
  return doc;
}
