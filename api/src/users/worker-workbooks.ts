import ExcelJS from 'exceljs';
import { formatPhoneLocal } from '../common/phone';
import { PILLAR_LABELS } from '../common/pillar';
import type { UserDto } from './user.dto';
import type { ActivationCodeDto } from './workers.dto';

/** The workers as an XLSX workbook (what a Dinsos reports with). */
export async function workersWorkbook(workers: UserDto[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Bimtek Pilar';
  const sheet = book.addWorksheet('Pekerja');
  sheet.columns = [
    { header: 'nama', key: 'name', width: 32 },
    { header: 'no_hp', key: 'phone', width: 16 },
    { header: 'pilar', key: 'pillar', width: 18 },
    { header: 'kode_wilayah', key: 'regionCode', width: 12 },
    { header: 'wilayah', key: 'regionName', width: 24 },
    { header: 'status', key: 'status', width: 12 },
    { header: 'nik_4_digit_akhir', key: 'nikLast4', width: 10 },
    { header: 'email', key: 'email', width: 28 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const worker of workers) {
    sheet.addRow({
      ...worker,
      phone: formatPhoneLocal(worker.phone),
      pillar: worker.pillar ? PILLAR_LABELS[worker.pillar] : '',
      // Text that a spreadsheet could read as a formula is written as plain text.
      name: defuseFormula(worker.name),
      email: worker.email ? defuseFormula(worker.email) : '',
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** New activation codes as an XLSX workbook, to print and hand out. */
export async function activationCodesWorkbook(items: ActivationCodeDto[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Kode aktivasi');
  sheet.columns = [
    { header: 'nama', key: 'name', width: 32 },
    { header: 'no_hp', key: 'phone', width: 16 },
    { header: 'kode_wilayah', key: 'regionCode', width: 12 },
    { header: 'kode_aktivasi', key: 'code', width: 14 },
    { header: 'berlaku_sampai', key: 'expiresAt', width: 20 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const item of items) sheet.addRow({ ...item, name: defuseFormula(item.name), phone: formatPhoneLocal(item.phone) });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** `=HYPERLINK(…)` → `'=HYPERLINK(…)`: a spreadsheet shows it as text instead of running it. */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
