import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One request field a refusal is about: the web puts `message` (or its own string for `code`) next to that input. */
export class FieldProblemDto {
  @ApiProperty({ example: 'phone', description: 'The request property (a dotted path for nested ones)' })
  field: string;

  @ApiProperty({ example: 'AUTH_PHONE_TAKEN' })
  code: string;

  @ApiProperty({ example: 'Nomor HP ini sudah terdaftar.' })
  message: string;
}

/** The one error shape of the API (contract 4, with the stable `code` of issue #15). */
export class ApiErrorDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'Conflict' })
  error: string;

  @ApiProperty({ example: 'AUTH_PHONE_TAKEN', description: 'Stable and machine-readable: decide by this, never by the message' })
  code: string;

  @ApiProperty({ example: 'Nomor HP ini sudah terdaftar.', description: 'For people (Bahasa Indonesia where learners read it)' })
  message: string;

  @ApiPropertyOptional({ type: [FieldProblemDto] })
  fields?: FieldProblemDto[];

  @ApiPropertyOptional({ description: 'Extra facts of some refusals (e.g. the rows of a refused roster)' })
  details?: unknown;
}

export type FieldProblem = FieldProblemDto;

/**
 * A refusal with a stable code. Each domain lists its refusals as small factories in `<domain>.errors.ts`
 * (`export const phoneTaken = () => new ApiError(HttpStatus.CONFLICT, 'AUTH_PHONE_TAKEN', '…', 'phone')`).
 * `field` names the request property the refusal is about, so a form can show it next to that input.
 */
export class ApiError extends HttpException {
  readonly code: string;
  readonly fields?: FieldProblem[];
  readonly details?: unknown;

  constructor(status: HttpStatus, code: string, message: string, field?: string | FieldProblem[], details?: unknown) {
    super(message, status);
    this.code = code;
    this.fields = typeof field === 'string' ? [{ field, code, message }] : field;
    this.details = details;
  }
}

/** The code of a refusal that carries none of its own (Nest's built-in exceptions, Fastify's errors). */
export function genericCode(status: number): string {
  return GENERIC_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

const GENERIC_CODES: Readonly<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'BODY_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.UNPROCESSABLE_ENTITY]: 'UNPROCESSABLE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_REQUESTS',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};
