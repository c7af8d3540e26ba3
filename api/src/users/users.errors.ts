import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { NAME_MESSAGE } from '../common/person-name';
import { PHONE_MESSAGE } from '../common/phone';

/** The refusals of the users domain: staff accounts (`USER_…`) and workers (`WORKER_…`). */

// Staff accounts.
export const userNameInvalid = () => new ApiError(HttpStatus.BAD_REQUEST, 'USER_NAME_INVALID', NAME_MESSAGE, 'name');
export const userPhoneInvalid = () => new ApiError(HttpStatus.BAD_REQUEST, 'USER_PHONE_INVALID', PHONE_MESSAGE, 'phone');
export const userPhoneTaken = () => new ApiError(HttpStatus.CONFLICT, 'USER_PHONE_TAKEN', 'Nomor HP ini sudah terdaftar.', 'phone');
export const nationalAdminOnly = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'USER_ROLE_NOT_ALLOWED', 'Hanya admin pusat yang dapat membuat akun admin pusat.', 'role');
export const userRegionOutOfScope = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'USER_REGION_OUT_OF_SCOPE', 'Wilayah akun baru harus berada di dalam wilayah kewenangan Anda.', 'regionCode');
export const ownRoleUnchangeable = () => new ApiError(HttpStatus.FORBIDDEN, 'USER_OWN_ROLE', 'Anda tidak dapat mengubah peran akun Anda sendiri.');
export const userNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND', 'Akun tidak ditemukan.');
export const nationalAdminHasNoRegion = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'USER_REGION_NOT_ALLOWED', 'Admin pusat berwenang nasional: jangan isi kode wilayah.', 'regionCode');
export const dinsosAdminRegionLevel = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'USER_REGION_WRONG_LEVEL', 'Admin Dinsos memerlukan kode provinsi atau kabupaten/kota.', 'regionCode');
export const workerRoleRegionLevel = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'USER_REGION_WRONG_LEVEL', 'Pekerja memerlukan kode kecamatan atau kabupaten/kota.', 'regionCode');
export const workerRolePillarRequired = () => new ApiError(HttpStatus.BAD_REQUEST, 'USER_PILLAR_REQUIRED', 'Pekerja memerlukan pilar.', 'pillar');

// Workers.
export const workerNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'WORKER_NOT_FOUND', 'Pekerja tidak ditemukan.');
export const workerNameInvalid = () => new ApiError(HttpStatus.BAD_REQUEST, 'WORKER_NAME_INVALID', NAME_MESSAGE, 'name');
export const workerRegionIsProvince = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'WORKER_REGION_WRONG_LEVEL', 'Pekerja ditempatkan di kecamatan atau kabupaten/kota, bukan provinsi.', 'regionCode');
export const workerRegionOutOfScope = (code: string) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'WORKER_REGION_OUT_OF_SCOPE', `Wilayah ${code} berada di luar wilayah kewenangan Anda.`, 'regionCode');
export const workerNotPending = (status: string) =>
  new ApiError(HttpStatus.CONFLICT, 'WORKER_NOT_PENDING', `Pekerja ini tidak menunggu persetujuan (status: ${status}).`);
export const workerStillPending = () =>
  new ApiError(HttpStatus.CONFLICT, 'WORKER_PENDING_APPROVAL', 'Pekerja ini masih menunggu persetujuan: setujui dulu pendaftarannya.');
export const exportTooLarge = (limit: number) =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'WORKER_EXPORT_TOO_LARGE',
    `Terlalu banyak baris (lebih dari ${limit.toLocaleString('id-ID')}): persempit dengan filter wilayah atau pilar.`,
  );
