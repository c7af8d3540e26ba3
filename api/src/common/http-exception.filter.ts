import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { ApiError, ApiErrorDto, genericCode } from './api-error';
import { REQUEST_LIMIT_ERRORS } from './request-limits';

export type ErrorBody = ApiErrorDto;

/** How long a client waits before trying again while the database is away (it usually comes back within seconds). */
const RETRY_AFTER_SECONDS = 5;
const DATABASE_AWAY_MESSAGE = 'Layanan sedang tidak dapat menyimpan atau membaca data. Coba lagi beberapa saat lagi.';

/** Node's network errors and PostgreSQL's "cannot connect / shutting down" classes (08…, 57P0…). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** True when an error means the database cannot be reached (the request may well succeed later): a 503, not a 500. */
export function databaseUnreachable(error: unknown): boolean {
  const found = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!found || typeof found !== 'object') return false;
  if (typeof found.code === 'string' && UNREACHABLE_CODES.has(found.code)) return true;
  const message = typeof found.message === 'string' ? found.message : '';
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)) return true;
  return found.driverError !== undefined && found.driverError !== error && databaseUnreachable(found.driverError);
}

/**
 * The one error shape of the API: `{ statusCode, error, code, message, fields? }`, with a stable code to decide by and
 * a message a person can act on.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500 && body.statusCode !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception }, 'unhandled error');
    }
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof ApiError) return apiErrorBody(exception);
  if (exception instanceof HttpException) return httpExceptionBody(exception);
  if (databaseUnreachable(exception)) {
    return { statusCode: 503, error: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE', message: DATABASE_AWAY_MESSAGE };
  }
  // Errors raised by Fastify itself (malformed JSON, body too large, unsupported media type) carry a 4xx statusCode.
  const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return fastifyErrorBody(fastifyStatus, exception as { code?: string; message?: string });
  }
  return {
    statusCode: 500,
    error: 'Internal Server Error',
    code: 'INTERNAL_ERROR',
    message: 'Terjadi kesalahan pada server. Silakan coba lagi.',
  };
}

function apiErrorBody(exception: ApiError): ErrorBody {
  const statusCode = exception.getStatus();
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code: exception.code, message: exception.message };
  if (exception.fields?.length) body.fields = exception.fields;
  if (exception.details !== undefined) body.details = exception.details;
  return body;
}

/** Nest's own exceptions (guards, pipes, the throttler, `new NotFoundException(…)`): a generic code by status. */
function httpExceptionBody(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const error = STATUS_CODES[statusCode] ?? 'Error';
  const code = genericCode(statusCode);
  if (typeof response === 'string') return { statusCode, error, code, message: response };
  const { message, details } = response as { message?: unknown; details?: unknown };
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return details === undefined ? { statusCode, error, code, message: text } : { statusCode, error, code, message: text, details };
}

function fastifyErrorBody(statusCode: number, error: { code?: string; message?: string }): ErrorBody {
  const [code, message] = FASTIFY_ERRORS[error.code ?? ''] ?? [genericCode(statusCode), error.message ?? 'Bad request.'];
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
}

const FASTIFY_ERRORS: Readonly<Record<string, [code: string, message: string]>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_JSON', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_JSON', 'The request body is not valid JSON.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['BODY_TOO_LARGE', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type: send application/json.'],
  ...REQUEST_LIMIT_ERRORS,
};
