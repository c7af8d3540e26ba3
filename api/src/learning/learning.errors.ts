/** What learners read when the API refuses something (Bahasa Indonesia). */
export const ENROLLMENT_NOT_FOUND = 'Pendaftaran kursus tidak ditemukan.';
export const ATTEMPT_NOT_FOUND = 'Tes tidak ditemukan.';
export const LESSON_NOT_IN_COURSE = 'Pelajaran ini tidak ada di kursus yang Anda ikuti.';
export const ONLY_WORKERS_ENROLL = 'Hanya peserta yang dapat mendaftar kursus.';
export const PRETEST_FIRST = 'Kerjakan pre-test terlebih dahulu sebelum mempelajari materi.';
export const PRETEST_DONE = 'Pre-test sudah Anda kerjakan; pre-test hanya dikerjakan sekali.';
export const COURSE_ALREADY_PASSED = 'Anda sudah lulus kursus ini; tes tidak perlu dikerjakan lagi.';
export const ENROLLMENT_ARCHIVED = 'Pendaftaran kursus ini sudah diarsipkan.';

export function notForPillar(pillar: string | null): string {
  return pillar ? `Kursus ini bukan untuk pilar ${pillar}.` : 'Kursus ini bukan untuk pilar Anda.';
}

export function lessonsUnfinished(done: number, total: number): string {
  return `Post-test baru terbuka setelah semua pelajaran selesai (${done} dari ${total} pelajaran selesai).`;
}

export function noAttemptsLeft(max: number): string {
  return `Kesempatan post-test sudah habis (paling banyak ${max} kali).`;
}

export function tooLate(deadline: Date): string {
  const time = deadline.toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });
  return `Waktu mengerjakan tes sudah habis (batas ${time} WIB). Jawaban tidak disimpan.`;
}
