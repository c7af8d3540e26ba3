import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** The events domain's refusals, each with its stable code. */

/** An event that does not exist and one outside the caller's scope answer alike. */
export const eventNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'EVENT_NOT_FOUND', 'Kegiatan tidak ditemukan.');

export const eventRegionNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'EVENT_REGION_NOT_FOUND', 'Wilayah tidak ditemukan dalam wilayah kewenangan Anda.', 'regionCode');

export const eventCourseNotFound = (field = 'course') => new ApiError(HttpStatus.NOT_FOUND, 'EVENT_COURSE_NOT_FOUND', 'Kursus tidak ditemukan.', field);

export const eventDaysInvalid = (message: string, field = 'days') => new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_DAYS_INVALID', message, field);

export const eventAgendaInvalid = (message: string, field: string) => new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_AGENDA_INVALID', message, field);

export const eventNotTrainer = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'EVENT_NOT_TRAINER', 'Hanya pelatih kegiatan ini dan admin wilayahnya yang dapat melakukan ini.');

export const eventInvitationEmpty = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_INVITATION_EMPTY', 'Pilih peserta, atau pilar dan/atau wilayah yang diundang.', 'workerIds');

export const eventWorkerNotFound = (field = 'workerIds') =>
  new ApiError(HttpStatus.NOT_FOUND, 'EVENT_WORKER_NOT_FOUND', 'Peserta tidak ditemukan dalam wilayah kewenangan Anda.', field);

export const eventNotInvited = () => new ApiError(HttpStatus.FORBIDDEN, 'EVENT_NOT_INVITED', 'Anda tidak terdaftar sebagai peserta kegiatan ini.');

export const eventWaitlisted = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'EVENT_WAITLISTED', 'Anda masih dalam daftar tunggu kegiatan ini: tunggu konfirmasi panitia.');

export const eventNotInSession = (zone: string) =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_NOT_IN_SESSION', `Presensi hanya dibuka pada jam kegiatan (waktu ${zone}).`);

export const eventCodeMissing = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_CHECKIN_INCOMPLETE', 'Isi kode presensi, atau (pelatih) workerId, day dan nonce.', 'code');

export const eventCodeWrong = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_CODE_WRONG', 'Kode presensi salah, atau bukan untuk kegiatan ini. Periksa kode di layar pelatih.', 'code');

export const eventCodeExpired = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_CODE_EXPIRED', 'Kode presensi sudah kedaluwarsa: kode berganti setiap 30 detik. Masukkan kode yang tampil sekarang.', 'code');

export const eventCodeOtherDay = (day: number) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_CODE_OTHER_DAY', `Kode ini untuk hari ke-${day}, bukan untuk hari ini.`, 'code');

export const eventDayNotFound = () => new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_DAY_NOT_FOUND', 'Hari kegiatan tidak ada.', 'day');

export const eventDayNotStarted = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_DAY_NOT_STARTED', 'Hari kegiatan ini belum dimulai: presensi belum dapat dicatat.', 'day');

export const eventParticipantNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'EVENT_PARTICIPANT_NOT_FOUND', 'Orang ini tidak ada di daftar peserta kegiatan.', 'workerId');

export const eventNonceReused = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_NONCE_REUSED', 'Nonce ini sudah dipakai untuk presensi lain.', 'nonce');

export const eventResponseClosed = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_RESPONSE_CLOSED', 'Kegiatan sudah dimulai: konfirmasi tidak dapat diubah lagi.');

export const eventCodeTooManyTries = () =>
  new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'EVENT_CODE_TOO_MANY_TRIES', 'Terlalu banyak kode salah. Coba lagi beberapa menit lagi, atau minta pelatih mencentang nama Anda.', 'code');

export const eventFull = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_FULL', 'Kuota kegiatan sudah penuh: tempat Anda sudah diberikan kepada peserta lain.');

export const eventClosed = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_CLOSED', 'Kegiatan sudah ditutup: daftar hadir tidak dapat diubah lagi.');

export const eventCancelled = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_CANCELLED', 'Kegiatan ini sudah dibatalkan: tidak ada lagi yang dapat dicatat atau diubah.');

export const eventAlreadyCancelled = () => new ApiError(HttpStatus.CONFLICT, 'EVENT_ALREADY_CANCELLED', 'Kegiatan ini sudah dibatalkan.');

export const eventHasAttendance = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_HAS_ATTENDANCE', 'Kegiatan ini tidak dapat dibatalkan: sudah ada presensi peserta yang tercatat. Tutup kegiatan bila sudah selesai.');

export const eventEnded = () => new ApiError(HttpStatus.CONFLICT, 'EVENT_ENDED', 'Kegiatan ini sudah berakhir: kegiatan yang sudah lewat tidak dapat dibatalkan.');

export const eventCancelReasonInvalid = (min: number, max: number) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_CANCEL_REASON_INVALID', `Tuliskan alasan pembatalan (${min}–${max} karakter): peserta akan membacanya.`, 'reason');

export const eventWalkInInvalid = (message: string, field: string) => new ApiError(HttpStatus.BAD_REQUEST, 'EVENT_WALK_IN_INVALID', message, field);

export const eventWalkInTaken = () =>
  new ApiError(HttpStatus.CONFLICT, 'EVENT_WALK_IN_TAKEN', 'Nomor HP ini milik akun lain (bukan peserta di wilayah Anda). Hubungi admin Dinsos.', 'phone');

export const testClockOff = () => new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Tidak ditemukan.');
