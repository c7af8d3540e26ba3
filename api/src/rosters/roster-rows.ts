import { isEmail } from 'class-validator';
import { NIK_MESSAGE, normalizeNik } from '../common/nik';
import { NAME_MESSAGE, normalizePersonName } from '../common/person-name';
import { normalizePhone, PHONE_MESSAGE } from '../common/phone';
import { parsePillar, Pillar, PILLAR_LABELS } from '../common/pillar';
import { hasUnsafeText } from '../common/text-safety';
import type { RosterCell, RosterColumn, RosterRow } from './roster-file';

export interface RowError {
  row: number;
  column: RosterColumn;
  message: string;
}

/** A row whose cells are each valid on their own; regions, scope and duplicates are checked afterwards. */
export interface CheckedRow {
  row: number;
  name: string;
  phone: string;
  pillar: Pillar;
  regionCode: string;
  nik: string | null;
  email: string | null;
}

const FORMULA_MESSAGE = 'Sel diawali =, +, - atau @ dan bisa dibaca spreadsheet sebagai rumus: tulis sebagai teks biasa.';
/** No column holds more than this; a longer cell is refused before any other check (a long cell must never be scanned). */
const CELL_MAX_LENGTH = 1000;
const CELL_TOO_LONG_MESSAGE = `Isi sel terlalu panjang (lebih dari ${CELL_MAX_LENGTH} karakter).`;
const PHONE_LIKE = /^\+[\d\s\-.()]+$/;
/** What people write for "none" in optional columns. */
const NONE = /^(-+|—|–|0|tidak ada|tdk ada|n\/?a)$/i;

/** `327203` and `3272.03` read as `32.72.03` (ten digits: a desa); dotted codes pass as they are. */
export function normalizeRegionCode(input: string): string | null {
  const text = input.trim();
  if (/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(text)) return text;
  const digits = text.replace(/[.\s]/g, '');
  if (/^\d{4}$/.test(digits)) return `${digits.slice(0, 2)}.${digits.slice(2)}`;
  if (/^\d{6}$/.test(digits)) return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4)}`;
  if (/^\d{10}$/.test(digits)) return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}.${digits.slice(6)}`;
  return null;
}

/** Checks the cells of one row on their own. */
export function checkRow(row: RosterRow): { value: CheckedRow | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (column: RosterColumn, message: string) => errors.push({ row: row.row, column, message });
  const text = (column: RosterColumn): string | null => {
    const cell: RosterCell | undefined = row.cells[column];
    if (cell && cell.text.length > CELL_MAX_LENGTH) {
      fail(column, CELL_TOO_LONG_MESSAGE);
      return null;
    }
    const value = cell?.text.trim() ?? '';
    if (cell?.formula || (/^[=+\-@]/.test(value) && !(column === 'no_hp' && PHONE_LIKE.test(value)) && !(column !== 'nama' && NONE.test(value)))) {
      fail(column, FORMULA_MESSAGE);
      return null;
    }
    return value;
  };

  const rawName = text('nama');
  const name = rawName === null ? null : normalizePersonName(row.cells.nama?.text ?? '');
  if (rawName !== null && !name) fail('nama', rawName === '' ? 'Nama wajib diisi.' : NAME_MESSAGE);

  const rawPhone = text('no_hp');
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (rawPhone === '') fail('no_hp', 'Nomor HP wajib diisi.');
  else if (rawPhone !== null && !phone) fail('no_hp', PHONE_MESSAGE);

  const rawPillar = text('pilar');
  const pillar = rawPillar ? parsePillar(rawPillar) : null;
  if (rawPillar === '') fail('pilar', 'Pilar wajib diisi.');
  else if (rawPillar !== null && !pillar) {
    fail('pilar', `Pilar "${rawPillar.slice(0, 40)}" tidak dikenal: gunakan ${Object.values(PILLAR_LABELS).join(', ')}.`);
  }

  const rawRegion = text('kode_wilayah');
  const regionCode = rawRegion ? normalizeRegionCode(rawRegion) : null;
  if (rawRegion === '') fail('kode_wilayah', 'Kode wilayah wajib diisi (kode kecamatan atau kabupaten/kota Kemendagri, misalnya 32.72.03).');
  else if (rawRegion !== null && !regionCode) {
    fail('kode_wilayah', `Kode wilayah "${rawRegion.slice(0, 20)}" tidak berformat Kemendagri: tulis seperti 32.72.03 (kecamatan), 32.72 (kabupaten/kota) atau 32.72.03.1001 (desa).`);
  }

  const rawNik = text('nik');
  let nik: string | null = null;
  if (rawNik && !NONE.test(rawNik)) {
    if (row.cells.nik?.numeric) {
      fail('nik', 'NIK tersimpan sebagai angka sehingga Excel membulatkan digit terakhirnya: format kolom nik sebagai Teks lalu isi ulang.');
    } else {
      nik = normalizeNik(rawNik);
      if (!nik) fail('nik', NIK_MESSAGE);
    }
  }

  const rawEmail = text('email');
  let email: string | null = null;
  if (rawEmail && !NONE.test(rawEmail)) {
    if (rawEmail.length <= 200 && !hasUnsafeText(rawEmail) && isEmail(rawEmail)) email = rawEmail;
    else fail('email', 'Alamat email tidak valid.');
  }

  if (errors.length > 0 || !name || !phone || !pillar || !regionCode) return { value: null, errors };
  return { value: { row: row.row, name, phone, pillar, regionCode, nik, email }, errors };
}
