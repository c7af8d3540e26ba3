import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** The refusals of the jobs domain (issue #15). A job of someone else is "not found", exactly like a missing one. */
export const jobNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'JOB_NOT_FOUND', 'Pekerjaan latar tidak ditemukan.');
