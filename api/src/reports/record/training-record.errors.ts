import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/api-error';

/** A worker outside the caller's region and one that does not exist answer alike: nothing leaks about foreign workers. */
export const recordWorkerNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'RECORD_WORKER_NOT_FOUND', 'Pekerja tidak ditemukan dalam wilayah kewenangan Anda.');
