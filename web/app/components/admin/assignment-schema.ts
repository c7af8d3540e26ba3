import { z } from 'zod';
import { PILLARS } from '~/utils/api-types';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REGION = /^\d{2}(?:\.\d{2}){0,2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const COURSE_SLUG = SLUG;
export const DATE_INPUT = DATE;

/** Today's date in WIB, as `YYYY-MM-DD` (what a date input gives). */
export function todayInJakarta(now = Date.now()): string {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** One schema for the assignment form and its action: it checks the same on the phone (with JavaScript) and on the server. */
export const assignmentSchema = z.object({
  course: z.string({ required_error: 'Pilih kursus.' }).regex(SLUG, 'Pilih kursus dari daftar.'),
  pillar: z.enum(PILLARS, { errorMap: () => ({ message: 'Pilih pilar dari daftar.' }) }).optional(),
  regionCode: z.string().regex(REGION, 'Pilih wilayah dari daftar.').optional(),
  dueDate: z
    .string()
    .regex(DATE, 'Tanggal tidak valid. Contoh: 31/12/2026.')
    .refine(isCalendarDate, 'Tanggal tidak valid. Contoh: 31/12/2026.')
    .refine((value) => value >= todayInJakarta(), 'Tenggat tidak boleh sebelum hari ini.')
    .optional(),
  key: z.string().uuid().optional(),
});

/** The form's inputs; the API calls the due date `dueAt` (an instant), the form `dueDate` (a day in WIB). */
export const ASSIGNMENT_INPUTS = ['course', 'pillar', 'regionCode', 'dueDate'] as const;
export const ASSIGNMENT_FIELD_NAMES = { dueAt: 'dueDate' };
