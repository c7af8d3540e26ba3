import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { NAME_MESSAGE } from '../common/person-name';
import { PHONE_MESSAGE } from '../common/phone';
import type { PasswordProblem } from './passwords';

/** Failures of one phone from one address before that address has to wait (see sign-in-throttle.ts). */
export const MAX_FAILED_LOGINS = 5;

/** One answer for a wrong phone and a wrong password, so that neither tells which it was. */
export const LOGIN_FAILED_MESSAGE =
  `Nomor HP atau kata sandi salah. Setelah ${MAX_FAILED_LOGINS} kali gagal, percobaan berikutnya dari perangkat ini harus menunggu beberapa menit.`;
export const ACTIVATION_FAILED_MESSAGE =
  `Nomor HP atau kode aktivasi salah, atau kodenya sudah kedaluwarsa atau sudah dipakai. Minta kode baru ke Dinsos. ` +
  `Setelah ${MAX_FAILED_LOGINS} kali gagal, percobaan berikutnya dari perangkat ini harus menunggu beberapa menit.`;
export const NO_POLICY_MESSAGE = 'This route declares no access policy (@Public or @Authenticated), so it is refused.';
export const NOT_SIGNED_IN_MESSAGE = 'Silakan masuk terlebih dahulu.';
export const SESSION_ENDED_MESSAGE = 'Sesi Anda sudah berakhir. Silakan masuk lagi.';
export const ROLE_REFUSED_MESSAGE = 'Peran akun Anda tidak diizinkan membuka halaman ini.';

/** The refusals of the auth domain. The guard's keep the generic codes (UNAUTHENTICATED, FORBIDDEN) clients expect. */
export const loginFailed = () => new ApiError(HttpStatus.UNAUTHORIZED, 'AUTH_LOGIN_FAILED', LOGIN_FAILED_MESSAGE);
export const accountPending = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'AUTH_ACCOUNT_PENDING', 'Akun Anda menunggu persetujuan admin Dinsos di wilayah Anda.');
export const accountDisabled = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'AUTH_ACCOUNT_DISABLED', 'Akun Anda dinonaktifkan. Hubungi admin Dinsos di wilayah Anda.');
export const activationFailed = () => new ApiError(HttpStatus.UNAUTHORIZED, 'AUTH_ACTIVATION_FAILED', ACTIVATION_FAILED_MESSAGE, 'code');
/** A new password refused (too short, too long, too common); `field` is the request property that carried it. */
export const passwordRejected = (problem: PasswordProblem, field: 'password' | 'newPassword') =>
  new ApiError(HttpStatus.BAD_REQUEST, problem.code, problem.message, field);
export const currentPasswordWrong = () => new ApiError(HttpStatus.BAD_REQUEST, 'AUTH_PASSWORD_WRONG', 'Kata sandi lama salah.', 'currentPassword');
export const nameInvalid = () => new ApiError(HttpStatus.BAD_REQUEST, 'AUTH_NAME_INVALID', NAME_MESSAGE, 'name');
export const phoneInvalid = () => new ApiError(HttpStatus.BAD_REQUEST, 'AUTH_PHONE_INVALID', PHONE_MESSAGE, 'phone');
export const regionIsProvince = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'AUTH_REGION_WRONG_LEVEL', 'Pilih kecamatan atau kabupaten/kota tempat Anda bertugas, bukan provinsi.', 'regionCode');
/** Too many failures from this address (for this phone, or in all): wait `retryAfterSeconds` (also sent as Retry-After). */
export const signInThrottled = (retryAfterSeconds: number) =>
  new ApiError(
    HttpStatus.TOO_MANY_REQUESTS,
    'AUTH_TOO_MANY_ATTEMPTS',
    `Terlalu banyak percobaan yang gagal dari perangkat ini. Coba lagi dalam ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} menit. Lupa kata sandi? Minta kode aktivasi baru ke Dinsos.`,
    undefined,
    { retryAfterSeconds },
  );
export const sessionNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'AUTH_SESSION_NOT_FOUND', 'Sesi tidak ditemukan.');

export const noPolicy = () => new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', NO_POLICY_MESSAGE);
export const notSignedIn = () => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', NOT_SIGNED_IN_MESSAGE);
export const sessionEnded = () => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', SESSION_ENDED_MESSAGE);
export const roleRefused = () => new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', ROLE_REFUSED_MESSAGE);
