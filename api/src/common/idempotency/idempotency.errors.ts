import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../api-error';

export const KEY_INVALID_MESSAGE = 'Idempotency-Key harus 1–200 karakter ASCII yang terlihat (misalnya sebuah UUID).';
export const KEY_REUSED_MESSAGE = 'Idempotency-Key ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk permintaan yang berbeda.';
export const KEY_PENDING_MESSAGE = 'Permintaan dengan Idempotency-Key ini masih diproses. Coba lagi sebentar lagi.';

/** The refusals of the Idempotency-Key mechanism (contract 4). */
export const keyInvalid = () => new ApiError(HttpStatus.BAD_REQUEST, 'IDEMPOTENCY_KEY_INVALID', KEY_INVALID_MESSAGE);
export const keyReused = () => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED', KEY_REUSED_MESSAGE);
export const keyPending = () => new ApiError(HttpStatus.CONFLICT, 'IDEMPOTENCY_KEY_PENDING', KEY_PENDING_MESSAGE);
