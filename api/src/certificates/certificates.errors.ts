import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** The certificates domain's refusals, each with its stable code. */
export const certificateNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'CERTIFICATE_NOT_FOUND', 'Sertifikat tidak ditemukan.');

export const holderNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'CERTIFICATE_HOLDER_NOT_FOUND', 'Peserta tidak ditemukan.');

export const holderWithoutRegency = () =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'CERTIFICATE_HOLDER_WITHOUT_REGENCY',
    'Sertifikat hanya untuk peserta yang terdaftar di kabupaten/kota atau kecamatan.',
  );

export const courseVersionNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'CERTIFICATE_COURSE_NOT_FOUND', 'Kursus tidak ditemukan.');

export const statusListNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'CERTIFICATE_STATUS_LIST_NOT_FOUND', 'Daftar status tidak ditemukan.');
