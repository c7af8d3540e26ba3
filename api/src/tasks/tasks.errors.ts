import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** The tasks domain's refusals (field tasks, submissions, reviews), each with its stable code. */

export const enrollmentNotFound = (field?: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'TASK_ENROLLMENT_NOT_FOUND', 'Pendaftaran kursus tidak ditemukan.', field);

export const taskNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', 'Tugas lapangan tidak ditemukan.');

export const taskNotInCourse = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'TASK_NOT_IN_COURSE', 'Tugas lapangan ini bukan bagian dari kursus yang Anda ikuti.', 'enrollmentId');

export const submissionNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'TASK_SUBMISSION_NOT_FOUND', 'Laporan tugas tidak ditemukan.');

export const photoNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'TASK_PHOTO_NOT_FOUND', 'Foto tidak ditemukan.');

export const evidenceDeleted = () =>
  new ApiError(HttpStatus.GONE, 'TASK_EVIDENCE_DELETED', 'Foto bukti sudah dihapus karena masa simpannya berakhir. Hasil penilaian tetap tersimpan.');

export const notMultipart = () =>
  new ApiError(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'TASK_MULTIPART_REQUIRED',
    'Kirim laporan sebagai multipart/form-data dengan field "enrollmentId", "report" dan "photos".',
  );

export const badForm = (field: string, message: string) => new ApiError(HttpStatus.BAD_REQUEST, 'TASK_FORM_INVALID', message, field);

export const reportHasNik = () =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'TASK_REPORT_HAS_NIK',
    'Laporan berisi angka 16 digit yang tampak seperti NIK. Demi melindungi penerima manfaat, jangan menulis NIK atau nomor KK di laporan: hapus angka itu lalu kirim lagi.',
    'report',
  );

export const reportTooShort = (minWords: number, words: number) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'TASK_REPORT_TOO_SHORT', `Laporan terlalu pendek: paling sedikit ${minWords} kata (sekarang ${words} kata).`, 'report');

export const tooManyPhotos = (max: number) =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'TASK_TOO_MANY_PHOTOS',
    max === 0 ? 'Tugas ini tidak meminta foto.' : `Terlalu banyak foto: tugas ini menerima paling banyak ${max} foto.`,
    'photos',
  );

export const tooFewPhotos = (min: number) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'TASK_TOO_FEW_PHOTOS', `Lampirkan paling sedikit ${min} foto.`, 'photos');

export const photoTooLarge = (maxMb: number) =>
  new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'TASK_PHOTO_TOO_LARGE', `Foto terlalu besar: paling besar ${maxMb} MB per foto.`, 'photos');

export const photoNotImage = (fileName: string, name = fileName.slice(0, 80)) =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'TASK_PHOTO_NOT_IMAGE',
    `Berkas "${name}" bukan foto yang bisa dibaca (JPEG, PNG, WebP, HEIF atau AVIF). Ambil foto dengan kamera lalu lampirkan lagi.`,
    'photos',
  );

export const alreadySubmitted = () =>
  new ApiError(
    HttpStatus.CONFLICT,
    'TASK_ALREADY_SUBMITTED',
    'Laporan tugas ini sudah dikirim. Laporan baru hanya bisa dikirim bila penilai meminta perbaikan.',
  );

export const noResubmissionsLeft = (field?: string) =>
  new ApiError(HttpStatus.CONFLICT, 'TASK_NO_RESUBMISSIONS_LEFT', 'Kesempatan mengirim ulang tugas ini sudah habis.', field);

export const alreadyClaimed = () =>
  new ApiError(HttpStatus.CONFLICT, 'TASK_ALREADY_CLAIMED', 'Laporan ini sedang dinilai oleh penilai lain. Pilih laporan lain dari antrean.');

export const notReviewable = () =>
  new ApiError(HttpStatus.CONFLICT, 'TASK_NOT_WAITING', 'Laporan ini sudah dinilai.');

export const notClaimedByYou = () =>
  new ApiError(HttpStatus.CONFLICT, 'TASK_NOT_CLAIMED', 'Ambil laporan ini dulu (klaim berlaku 30 menit) sebelum memberi nilai.');

export const levelsInvalid = (message: string, field = 'levels') => new ApiError(HttpStatus.BAD_REQUEST, 'TASK_LEVELS_INVALID', message, field);

export const passBelowLevel = (criteria: string[]) =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'TASK_PASS_BELOW_LEVEL',
    `Keputusan "lulus" memerlukan setiap kriteria pada tingkat kelulusan atau di atasnya; belum: ${criteria.join(', ')}.`,
    'decision',
  );

export const alreadyAppealed = () =>
  new ApiError(HttpStatus.CONFLICT, 'TASK_ALREADY_APPEALED', 'Banding untuk laporan ini sudah diajukan. Banding hanya bisa diajukan sekali, dan keputusannya final.');

export const notAppealable = () =>
  new ApiError(HttpStatus.CONFLICT, 'TASK_NOT_APPEALABLE', 'Banding hanya bisa diajukan untuk laporan yang dinyatakan tidak lulus.');

export const appealReasonRequired = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'TASK_APPEAL_REASON_REQUIRED', 'Tuliskan alasan banding (paling sedikit 20 karakter): apa yang menurut Anda belum dinilai dengan tepat.', 'reason');

export const appealReasonHasNik = () =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'TASK_REPORT_HAS_NIK',
    'Alasan banding berisi angka 16 digit yang tampak seperti NIK. Hapus angka itu lalu kirim lagi.',
    'reason',
  );

export const appealNeedsAnotherReviewer = () =>
  new ApiError(
    HttpStatus.CONFLICT,
    'TASK_APPEAL_OTHER_REVIEWER',
    'Anda yang menilai laporan ini tidak lulus; bandingnya harus dinilai oleh penilai lain.',
  );

export const appealIsFinal = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'TASK_APPEAL_FINAL', 'Keputusan banding final: pilih lulus atau tidak lulus, bukan perbaikan.', 'decision');

export const reviewerInvalid = () =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'TASK_REVIEWER_INVALID',
    'Pilih pelatih aktif dari wilayah pekerja ini (di dalam wilayah Anda) sebagai penilai.',
    'reviewerId',
  );
