import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** The reports domain's refusals, each with its stable code. */

/** A region that does not exist and one outside the caller's scope answer alike: nothing leaks about foreign regions. */
export const reportRegionNotFound = (field = 'region') =>
  new ApiError(HttpStatus.NOT_FOUND, 'REPORT_REGION_NOT_FOUND', 'Wilayah tidak ditemukan dalam wilayah kewenangan Anda.', field);

export const reportExportTooLarge = (limit: number) =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'REPORT_EXPORT_TOO_LARGE',
    `Terlalu banyak baris untuk satu unduhan (lebih dari ${limit.toLocaleString('id-ID')}): persempit dengan filter wilayah, pilar atau kursus.`,
  );

/** A people list longer than one request streams: the same export runs as a background job (decision 033). */
export const reportExportNeedsJob = (limit: number) =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'REPORT_EXPORT_NEEDS_JOB',
    `Daftar ini lebih dari ${limit.toLocaleString('id-ID')} baris: buat unduhannya di latar belakang (tombol "Buat unduhan") lalu ambil filenya setelah selesai.`,
  );

/** Someone else's export, one that does not exist, and one whose file was deleted (after a day) answer alike. */
export const reportExportNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'REPORT_EXPORT_NOT_FOUND', 'Unduhan tidak ditemukan atau sudah dihapus (disimpan satu hari). Buat lagi.');

export const reportExportNotReady = () => new ApiError(HttpStatus.CONFLICT, 'REPORT_EXPORT_NOT_READY', 'Unduhan belum selesai dibuat. Tunggu sebentar lalu coba lagi.');

/** The job's owner is no longer an admin or trainer who may read reports. */
export const reportExportNotAllowed = () => new ApiError(HttpStatus.FORBIDDEN, 'REPORT_EXPORT_NOT_ALLOWED', 'Pembuat unduhan ini tidak lagi berhak membaca laporan.');

/** The monthly view's period: `from` after `to`, or longer than the longest period (decision 036). */
export const reportPeriodInvalid = (maxMonths: number) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'REPORT_PERIOD_INVALID', `Periode tidak valid: bulan awal harus sebelum bulan akhir, paling panjang ${maxMonths} bulan.`, 'from');
