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
