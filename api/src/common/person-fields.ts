import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isEmail, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { hasUnsafeText, UNSAFE_TEXT_MESSAGE } from './text-safety';

/**
 * The request fields that describe a person, validated the same way wherever they come in (sign-up, staff accounts,
 * workers). The name and phone are normalized and checked further by the service (person-name.ts, phone.ts).
 */
export const PersonNameField = (example: string) =>
  applyDecorators(ApiProperty({ example }), IsString({ message: 'Nama wajib diisi.' }), MaxLength(1000));

export const PhoneField = (example = '0812-3456-7890', description?: string) =>
  applyDecorators(ApiProperty({ example, ...(description ? { description } : {}) }), IsString({ message: 'Nomor HP wajib diisi.' }), MaxLength(64));

export const OptionalEmailField = (example: string) =>
  applyDecorators(ApiPropertyOptional({ example }), IsOptional(), MaxLength(200), SafeText(), SafeEmail());

/** Refuses bidi controls and lone surrogates (text-safety.ts); validation code `SAFE_TEXT`. */
export const SafeText = () =>
  ValidateBy({
    name: 'safeText',
    validator: { validate: (value: unknown) => typeof value !== 'string' || !hasUnsafeText(value), defaultMessage: () => UNSAFE_TEXT_MESSAGE },
  });

/**
 * `IsEmail` that never throws: validator.js throws "URI malformed" on a lone surrogate (a 500 before). Unsafe text is
 * left to `SafeText`, which reports it; the code stays `IS_EMAIL`.
 */
export const SafeEmail = () =>
  ValidateBy({
    name: 'isEmail',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (hasUnsafeText(value) || isEmail(value)),
      defaultMessage: () => 'Alamat email tidak valid.',
    },
  });
