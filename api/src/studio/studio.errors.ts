import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import type { ZipRefusal } from './package-zip';

/** The studio's refusals (issue #18), each with its stable code. */
export const draftNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'STUDIO_DRAFT_NOT_FOUND', 'Draf kursus tidak ditemukan.');

export const fileNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'STUDIO_FILE_NOT_FOUND', 'Berkas tidak ada di draf ini.', 'path');

export const courseNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'STUDIO_COURSE_NOT_FOUND', 'Kursus atau versi itu tidak ditemukan.');

export const packageUnavailable = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'STUDIO_PACKAGE_UNAVAILABLE', 'Berkas paket versi ini tidak tersimpan, jadi tidak bisa diekspor.');

export const zipRefused = (refusal: ZipRefusal) =>
  new ApiError(refusal.code === 'STUDIO_ZIP_TOO_LARGE' ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.UNPROCESSABLE_ENTITY, refusal.code, refusal.message, 'file');

export const zipMissing = () => new ApiError(HttpStatus.BAD_REQUEST, 'STUDIO_ZIP_MISSING', 'Kirim zip paket kursus sebagai multipart/form-data pada field "file".', 'file');

export const uploadTooLarge = (maxMb: number) =>
  new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'STUDIO_ZIP_TOO_LARGE', `Zip terlalu besar: paling besar ${maxMb} MB.`, 'file');

/** `current`: the file as it now is (null when it does not exist yet), so the client can merge without another request. */
export const staleDraft = (baseVersion: number, currentVersion: number, current: { path: string; encoding: string; content: string } | null) =>
  new ApiError(
    HttpStatus.CONFLICT,
    'STUDIO_STALE_DRAFT',
    `Draf sudah berubah sejak Anda membukanya (versi Anda ${baseVersion}, versi sekarang ${currentVersion}). Muat ulang dan gabungkan perubahan Anda.`,
    'baseVersion',
    { baseVersion, currentVersion, current },
  );

export const draftLocked = () =>
  new ApiError(HttpStatus.CONFLICT, 'STUDIO_DRAFT_LOCKED', 'Draf sedang ditinjau: tidak bisa diubah sampai dikembalikan atau diterbitkan.');

export const badPath = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'STUDIO_BAD_PATH', 'Nama berkas harus seperti lessons/01-nama.md: huruf kecil, angka, tanda hubung, di dalam folder paket.', 'path');

export const badContent = () => new ApiError(HttpStatus.BAD_REQUEST, 'STUDIO_BAD_CONTENT', 'Isi berkas base64 tidak sah.', 'content');

export const hasProblems = (count: number) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'STUDIO_DRAFT_HAS_PROBLEMS', `Draf masih punya ${count} kesalahan: perbaiki dulu sebelum dikirim atau diterbitkan.`);

export const notSubmittable = () =>
  new ApiError(HttpStatus.CONFLICT, 'STUDIO_NOT_SUBMITTABLE', 'Hanya draf yang belum dikirim (atau dikembalikan) yang bisa dikirim untuk ditinjau.');

export const notSubmitted = () => new ApiError(HttpStatus.CONFLICT, 'STUDIO_NOT_SUBMITTED', 'Draf ini tidak sedang menunggu tinjauan.');

export const notReviewer = () =>
  new ApiError(
    HttpStatus.FORBIDDEN,
    'STUDIO_NOT_REVIEWER',
    'Kursus nasional ditinjau ADMIN_PUSAT; kursus daerah ditinjau admin Dinas Sosial daerah itu.',
  );

export const ownDraft = () => new ApiError(HttpStatus.FORBIDDEN, 'STUDIO_OWN_DRAFT', 'Anda ikut menulis draf ini: tinjauan harus oleh orang lain.');

export const commentRequired = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'STUDIO_COMMENT_REQUIRED', 'Tulis catatan untuk penulis saat mengembalikan draf.', 'comment');

export const courseOfOtherOwner = (slug: string) =>
  new ApiError(
    HttpStatus.CONFLICT,
    'STUDIO_COURSE_NOT_OURS',
    `Slug ${slug} sudah dipakai kursus lain (nasional atau daerah lain): pakai slug lain untuk kursus ini.`,
    'slug',
  );

export const yamlUnreadable = () =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'STUDIO_YAML_UNREADABLE', 'Berkas YAML ini tidak bisa dibaca: perbaiki dulu kesalahan yang ditunjukkan pemeriksa.');

export const imageRefused = () =>
  new ApiError(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'STUDIO_IMAGE_REFUSED',
    'Berkas itu bukan gambar yang bisa dipakai (JPEG, PNG, WebP), atau tidak bisa dikecilkan di bawah 200 KB.',
    'file',
  );

export const imageMissing = () => new ApiError(HttpStatus.BAD_REQUEST, 'STUDIO_IMAGE_MISSING', 'Kirim gambar sebagai multipart/form-data pada field "file".', 'file');

export const badQuestion = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'STUDIO_BAD_QUESTION', 'Soal satu jawaban dan benar/salah harus punya tepat satu jawaban benar.', 'answer');
