import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/**
 * The refusals of the courses domain, one factory each (issue #15): the code is what clients decide by, the message
 * is for people. `field` names the request property when the slug came in a body (`course` of an enrollment or an
 * assignment); a slug in the path names no field.
 */
export const courseNotFound = (field?: string) => new ApiError(HttpStatus.NOT_FOUND, 'COURSE_NOT_FOUND', 'Kursus tidak ditemukan.', field);

export const courseVersionNotFound = (slug: string, version: number, field?: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'COURSE_VERSION_NOT_FOUND', `Kursus ${slug} versi ${version} tidak ditemukan.`, field);

export const lessonNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'COURSE_LESSON_NOT_FOUND', 'Pelajaran tidak ditemukan.');

export const mediaNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'COURSE_MEDIA_NOT_FOUND', 'Gambar tidak ditemukan.');
