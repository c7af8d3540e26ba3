import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** The refusals of a roster as a whole (a bad row is reported in the report, not refused). `file` is the upload. */
export const notMultipart = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_NOT_MULTIPART', 'Kirim file daftar pekerja sebagai multipart/form-data pada field "file".', 'file');
export const fileRequired = () => new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_FILE_REQUIRED', 'Field "file" berisi file CSV atau XLSX wajib ada.', 'file');
export const fileTooLarge = (maxBytes: number) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_FILE_TOO_LARGE', `File terlalu besar: paling besar ${maxBytes / 1024 / 1024} MB.`, 'file');
export const fileEmpty = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_FILE_EMPTY', 'File kosong: unggah file CSV atau XLSX berisi daftar pekerja.', 'file');
export const xlsxWithoutData = () => new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_FILE_EMPTY', 'File XLSX tidak berisi data.', 'file');
export const xlsUnsupported = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_FORMAT_UNSUPPORTED', 'Format .xls (Excel 97–2003) tidak didukung: simpan ulang sebagai .xlsx atau CSV UTF-8.', 'file');
export const xlsxUnreadable = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_FILE_UNREADABLE', 'File XLSX tidak dapat dibaca: simpan ulang dari Excel sebagai .xlsx atau CSV UTF-8.', 'file');
export const columnsMissing = (missing: readonly string[], expected: readonly string[]) =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'ROSTER_COLUMNS_MISSING',
    `Baris 1 (judul kolom) tidak memuat kolom ${missing.join(', ')}. Judul kolom yang diharapkan: ${expected.join(', ')} ` +
      '(nik dan email boleh tidak ada).',
    'file',
  );
export const jobInputMissing = () => new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_FILE_MISSING', 'Berkas impor tidak ditemukan.');
export const importerNotAllowed = () => new ApiError(HttpStatus.BAD_REQUEST, 'ROSTER_IMPORTER_NOT_ALLOWED', 'Akun pengimpor tidak lagi berwenang.');
