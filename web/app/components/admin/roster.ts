import type { components } from '~/utils/api-schema';

export type RosterReport = components['schemas']['RosterReportDto'];
export type RosterError = components['schemas']['RosterErrorDto'];

/** The columns of contract 2, in the order of the sample file. */
export const ROSTER_COLUMNS = ['nama', 'no_hp', 'pilar', 'kode_wilayah', 'nik', 'email'] as const;

/** A small sample roster people can download and fill in (semicolons: what Excel writes in the Indonesian locale). */
export const SAMPLE_ROSTER_CSV = [
  ROSTER_COLUMNS.join(';'),
  'Siti Aminah;0812-3456-7890;TKSK;32.72.03;;',
  "Ni Luh Putu Ayu;+62 813 1111 2222;Karang Taruna;32.72.01;;ayu@example.com",
  "Ahmad Ma'ruf;62857 3333 4444;Pendamping PKH;32.72;;",
].join('\r\n');

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** How many different rows have at least one problem (a row can have several). */
export function rowsWithErrors(errors: RosterError[]): number {
  return new Set(errors.map((error) => error.row)).size;
}

/** Whether a job result looks like a roster report (the job API types results loosely). */
export function isRosterReport(value: unknown): value is RosterReport {
  if (!value || typeof value !== 'object') return false;
  const report = value as Record<string, unknown>;
  return typeof report.total === 'number' && typeof report.valid === 'number' && Array.isArray(report.errors);
}

/** The file name is the only hint of the format before the API reads it: refuse obvious mistakes early. */
export function rosterFileProblem(file: { name: string; size: number } | null, maxBytes: number): string | null {
  if (!file || file.size === 0) return 'Pilih file daftar pekerja (CSV atau XLSX).';
  if (!/\.(csv|xlsx)$/i.test(file.name)) return 'File harus berformat CSV atau XLSX (Excel). File .xls lama: simpan ulang sebagai .xlsx.';
  if (file.size > maxBytes) return `File terlalu besar: paling besar ${Math.round(maxBytes / 1024 / 1024)} MB.`;
  return null;
}
