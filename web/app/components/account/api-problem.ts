/** The API's error shape (contract 4): `{ statusCode, error, message }`; validation errors may carry a list. */
export interface ApiProblem {
  statusCode?: number;
  error?: string;
  message?: string | string[];
}

/** The message of a failed openapi-fetch call (it has already read the body into `error`). */
export function problemOf(result: { error?: unknown }, fallback: string): string {
  return messageOf(typeof result.error === 'object' ? (result.error as ApiProblem | null) : null, fallback);
}

export function messageOf(body: ApiProblem | null | undefined, fallback: string): string {
  const message = body?.message;
  if (Array.isArray(message)) return message.filter((part) => typeof part === 'string').join(' ') || fallback;
  if (typeof message === 'string' && message.trim()) return message;
  return fallback;
}

/**
 * Which form field an API message is about, so the error shows next to that field (and is read with it). The API
 * answers in whole Indonesian sentences that start with what they concern; anything else stays a form error.
 */
export function fieldOfMessage<F extends string>(message: string, fields: readonly F[]): F | null {
  const rules: [RegExp, string][] = [
    [/^(kata sandi|password)/i, 'password'],
    [/^(nomor hp|no\.? hp|nomor ini|nomor telepon)/i, 'phone'],
    [/^nama/i, 'name'],
    [/^pilar/i, 'pillar'],
    [/^(kode aktivasi)/i, 'code'],
    [/^(wilayah|kode wilayah|pilih kecamatan)/i, 'regionCode'],
    [/^(alamat email|email)/i, 'email'],
  ];
  for (const [pattern, field] of rules) {
    if (pattern.test(message.trim()) && (fields as readonly string[]).includes(field)) return field as F;
  }
  return null;
}
