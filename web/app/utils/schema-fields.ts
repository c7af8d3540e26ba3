import { z } from 'zod';

/** Indonesian mobile numbers as people type them: 0812…, 62812…, +62 812-…, with spaces, dashes or dots. */
export const phoneField = z
  .string({ required_error: 'Nomor HP wajib diisi.' })
  .trim()
  .regex(/^(\+?62|0)[\d\s.-]{8,16}$/, 'Nomor HP tidak valid. Contoh: 0812 3456 7890.');

export const passwordField = z.string({ required_error: 'Kata sandi wajib diisi.' }).min(1, 'Kata sandi wajib diisi.');

export const newPasswordField = z
  .string({ required_error: 'Kata sandi wajib diisi.' })
  .min(10, 'Kata sandi minimal 10 karakter.')
  .max(200, 'Kata sandi terlalu panjang.');
