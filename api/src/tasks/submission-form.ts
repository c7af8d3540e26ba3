import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error';
import { PHOTO_MAX_BYTES } from './evidence-photos';
import { badForm, notMultipart, photoTooLarge, tooManyPhotos } from './tasks.errors';

/** Never more than 5 photos per task (the package format's ceiling). */
export const MAX_PHOTOS = 5;
export const REPORT_MAX_CHARS = 20_000;
const FIELDS = new Set(['enrollmentId', 'report']);
const PHOTO_FIELDS = new Set(['photos', 'photos[]']);

export interface UploadedPhoto {
  filename: string;
  bytes: Buffer;
}

export interface SubmissionForm {
  enrollmentId: string;
  report: string;
  photos: UploadedPhoto[];
}

/**
 * Reads the multipart form of a submission into memory: `enrollmentId`, `report` and up to 5 `photos` of ≤ 10 MB
 * each. Every refusal is a 4xx with the field it is about. A file input left empty (no file chosen, as a form without
 * JavaScript sends it) is ignored.
 */
export async function readSubmissionForm(request: FastifyRequest): Promise<SubmissionForm> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) throw notMultipart();
  const fields: Record<string, string> = {};
  const photos: UploadedPhoto[] = [];
  try {
    const parts = request.parts({
      limits: { fileSize: PHOTO_MAX_BYTES, files: MAX_PHOTOS + 1, fields: 4, fieldSize: 4 * REPORT_MAX_CHARS, parts: MAX_PHOTOS + 6 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (!PHOTO_FIELDS.has(part.fieldname)) throw badForm(part.fieldname, `Field "${part.fieldname}" tidak dikenal: lampirkan foto pada field "photos".`);
        const bytes = await part.toBuffer();
        if (bytes.length > 0 || part.filename) photos.push({ filename: part.filename || 'foto', bytes });
        continue;
      }
      if (!FIELDS.has(part.fieldname)) throw badForm(part.fieldname, `Field "${part.fieldname}" tidak dikenal.`);
      if (part.valueTruncated) throw badForm(part.fieldname, `Isi "${part.fieldname}" terlalu panjang.`);
      fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    throw formError(error);
  }
  return { enrollmentId: fields.enrollmentId ?? '', report: fields.report ?? '', photos };
}

/** Multipart failures as the domain's refusals (the plugin's own errors carry FST_… codes). */
function formError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return photoTooLarge(PHOTO_MAX_BYTES / 1024 / 1024);
  if (code === 'FST_FILES_LIMIT') return tooManyPhotos(MAX_PHOTOS);
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return badForm('report', 'Formulir berisi terlalu banyak field.');
  return badForm('photos', 'Formulir tidak bisa dibaca: kirim ulang laporan beserta fotonya.');
}
