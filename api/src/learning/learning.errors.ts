import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { PILLAR_LABELS, type Pillar } from '../common/pillar';

/*
 * The refusals of learning, one factory each (issue #15): the code is what clients decide by, the message is what
 * learners and admins read (Bahasa Indonesia). `field` names the request property a refusal is about.
 */

// Enrollments and lessons

/** Also someone else's enrollment, and a malformed id: "not found", exactly like a missing one. */
export const enrollmentNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'ENROLLMENT_NOT_FOUND', 'Pendaftaran kursus tidak ditemukan.');

export const lessonNotInCourse = () => new ApiError(HttpStatus.NOT_FOUND, 'ENROLLMENT_LESSON_NOT_IN_COURSE', 'Pelajaran ini tidak ada di kursus yang Anda ikuti.');

export const onlyWorkersEnroll = () => new ApiError(HttpStatus.FORBIDDEN, 'ENROLLMENT_WORKERS_ONLY', 'Hanya peserta yang dapat mendaftar kursus.');

/** The course (request property `course`) is not meant for the worker's pillar. */
export const notForPillar = (pillar: string | null) =>
  new ApiError(HttpStatus.FORBIDDEN, 'ENROLLMENT_NOT_FOR_PILLAR', pillar ? `Kursus ini bukan untuk pilar ${pillar}.` : 'Kursus ini bukan untuk pilar Anda.', 'course');

/** Two enrollments of one worker in one course raced and the other is not visible yet. */
export const enrollmentBusy = () => new ApiError(HttpStatus.CONFLICT, 'ENROLLMENT_BUSY', 'Pendaftaran sedang diproses. Coba lagi sebentar lagi.');

export const enrollmentArchived = () => new ApiError(HttpStatus.CONFLICT, 'ENROLLMENT_ARCHIVED', 'Pendaftaran kursus ini sudah diarsipkan.');

/** Finishing a lesson needs proof it was opened: the lesson page's signed token, or an "opened" the server recorded. */
export const lessonNotOpened = () =>
  new ApiError(HttpStatus.CONFLICT, 'LESSON_NOT_OPENED', 'Buka dan baca pelajaran ini terlebih dahulu, lalu tekan "Selesai".');

/** Finished sooner than the lesson's minimum reading time (issue #21 M5): how long is left, in whole minutes or seconds. */
export const lessonReadTooFast = (secondsLeft: number) =>
  new ApiError(
    HttpStatus.CONFLICT,
    'LESSON_READ_TOO_FAST',
    `Pelajaran ini belum selesai dibaca. Lanjutkan membaca sekitar ${readingLeft(secondsLeft)} lagi, lalu tekan "Selesai".`,
  );

function readingLeft(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 60 ? `${whole} detik` : `${Math.ceil(whole / 60)} menit`;
}

/** Finishing lessons, and the post-test, come after the pre-test. */
export const pretestRequired = () =>
  new ApiError(HttpStatus.CONFLICT, 'ENROLLMENT_PRETEST_REQUIRED', 'Kerjakan pre-test terlebih dahulu sebelum mempelajari materi.');

export const lessonsUnfinished = (done: number, total: number) =>
  new ApiError(
    HttpStatus.CONFLICT,
    'ENROLLMENT_LESSONS_UNFINISHED',
    `Post-test baru terbuka setelah semua pelajaran selesai (${done} dari ${total} pelajaran selesai).`,
  );

export const courseAlreadyPassed = () =>
  new ApiError(HttpStatus.CONFLICT, 'ENROLLMENT_ALREADY_PASSED', 'Anda sudah lulus kursus ini; tes tidak perlu dikerjakan lagi.');

// Attempts

/** Also someone else's attempt, and a malformed id. */
export const attemptNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'ATTEMPT_NOT_FOUND', 'Tes tidak ditemukan.');

export const pretestDone = () => new ApiError(HttpStatus.CONFLICT, 'ATTEMPT_PRETEST_DONE', 'Pre-test sudah Anda kerjakan; pre-test hanya dikerjakan sekali.');

export const noAttemptsLeft = (max: number) =>
  new ApiError(HttpStatus.CONFLICT, 'ATTEMPT_LIMIT_REACHED', `Kesempatan post-test sudah habis (paling banyak ${max} kali).`);

/** Submitted after the time limit and its grace: nothing is stored. */
export const tooLate = (deadline: Date) => {
  const time = deadline.toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });
  return new ApiError(HttpStatus.CONFLICT, 'ATTEMPT_TOO_LATE', `Waktu mengerjakan tes sudah habis (batas ${time} WIB). Jawaban tidak disimpan.`);
};

/** An answer (request property `answers.<questionId>`) names a question that is not in the attempt. */
export const unknownQuestion = (questionId: string) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ATTEMPT_UNKNOWN_QUESTION', `Soal "${questionId.slice(0, 60)}" tidak ada di tes ini.`, answerField(questionId));

/** An answer does not fit its question (`problem` says how); `number` is the question's number as shown. */
export const answerInvalid = (questionId: string, number: number, problem: string) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ATTEMPT_ANSWER_INVALID', `Soal nomor ${number} (${questionId}): ${problem}.`, answerField(questionId));

const answerField = (questionId: string) => `answers.${questionId.slice(0, 100)}`;

// Assignments (an admin assigns a course to the workers of a region; an unknown regionCode is REGION_NOT_FOUND)

export const regionOutOfScope = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'ASSIGNMENT_REGION_OUT_OF_SCOPE', 'Wilayah itu di luar wilayah kerja Anda.', 'regionCode');

/** An admin without a region (and not national) has nowhere to assign. */
export const noWorkRegion = () => new ApiError(HttpStatus.FORBIDDEN, 'ASSIGNMENT_NO_WORK_REGION', 'Akun Anda tidak memiliki wilayah kerja.');

export const dueNotInFuture = () => new ApiError(HttpStatus.BAD_REQUEST, 'ASSIGNMENT_DUE_NOT_IN_FUTURE', 'Tenggat (dueAt) harus di masa depan.', 'dueAt');

export const courseNotForPillar = (course: string, pillar: Pillar) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'ASSIGNMENT_COURSE_NOT_FOR_PILLAR', `Kursus ${course} bukan untuk pilar ${PILLAR_LABELS[pillar]}.`, 'pillar');
