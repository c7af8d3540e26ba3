import { z } from 'zod';
import { PILLARS } from '~/utils/api-types';
import { newPasswordField, phoneField } from '~/utils/schema-fields';

/** Activation codes are 8 characters; people type them with spaces, dashes or in lower case (the API ignores those). */
export function normalizeActivationCode(input: string): string {
  return input.replace(/[\s\-–—.]/g, '').toUpperCase();
}

const activationCodeField = z
  .string({ required_error: 'Kode aktivasi wajib diisi.' })
  .transform(normalizeActivationCode)
  .pipe(z.string().regex(/^[A-Z0-9]{8}$/, 'Kode aktivasi terdiri dari 8 huruf dan angka, misalnya K7M2-Q9TX.'));

const passwordConfirmField = z.string({ required_error: 'Ulangi kata sandi.' });

function samePasswords(value: { password: string; confirm: string }, context: z.RefinementCtx) {
  if (value.password !== value.confirm) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ['confirm'], message: 'Kedua kata sandi tidak sama. Ketik ulang.' });
  }
}

export const activationSchema = z
  .object({ phone: phoneField, code: activationCodeField, password: newPasswordField, confirm: passwordConfirmField })
  .superRefine(samePasswords);

export const personNameField = z
  .string({ required_error: 'Nama wajib diisi.' })
  .trim()
  .min(1, 'Nama wajib diisi.')
  .max(200, 'Nama terlalu panjang (paling banyak 200 karakter).');

export const pillarField = z.enum(PILLARS, {
  errorMap: () => ({ message: 'Pilih pilar Anda.' }),
});

/** A kecamatan code: self-registered workers say where they serve down to the kecamatan. */
export const districtCodeField = z
  .string({ required_error: 'Pilih kecamatan.' })
  .regex(/^\d{2}\.\d{2}\.\d{2}$/, 'Pilih kecamatan.');

export const registrationSchema = z
  .object({
    name: personNameField,
    phone: phoneField,
    pillar: pillarField,
    regionCode: districtCodeField,
    password: newPasswordField,
    confirm: passwordConfirmField,
  })
  .superRefine(samePasswords);

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: 'Kata sandi lama wajib diisi.' }).min(1, 'Kata sandi lama wajib diisi.'),
    password: newPasswordField,
    confirm: passwordConfirmField,
  })
  .superRefine(samePasswords);
