/**
 * The API's refusal shape (issue #15): `{ statusCode, error, code, message, fields? }`. The web decides by `code` and
 * `fields`, never by `message`: each `fields[]` entry goes on its input, a known code gets a localized string
 * (`errors.<CODE>` in the locale files), anything else shows the API's own (Indonesian) message.
 */
import type { components } from './api-schema';

/** The refusal as the API describes it (ApiErrorDto); read as partial, since a proxy or an older API may send less. */
type ApiErrorBody = Partial<components['schemas']['ApiErrorDto']>;

/** What a form shows of a refusal: one error per input it concerns, the rest as one form-level message. */
export interface ApiProblem {
  code: string | null;
  status: number;
  message: string;
  fieldErrors: Record<string, string[]>;
  /** What is about no input of the form: the whole refusal when no entry found its input. */
  formErrors: string[];
}

/** The answer the client makes up when the API cannot be reached or is too slow: the same for every page. */
export const API_UNAVAILABLE = {
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'SERVICE_UNAVAILABLE',
  message: 'Layanan belum dapat dihubungi. Coba lagi sebentar lagi.',
} as const;

/** `t` with a default value: `''` when the key does not exist in the locale files. */
export type Translate = (key: string, options: { defaultValue: string }) => string;

interface Failed {
  error?: unknown;
  response: Response;
}

function bodyOf(result: Failed): ApiErrorBody {
  const body = result.error;
  return body && typeof body === 'object' ? (body as ApiErrorBody) : {};
}

function textOf(message: unknown): string {
  return typeof message === 'string' ? message.trim() : '';
}

/**
 * Reads a failed call for a form. `inputs` are the form's input names; `fieldNames` maps an API field to its input
 * when the names differ (e.g. `{ dueAt: 'dueDate' }`). A field entry for no input, or a refusal without `fields`,
 * becomes the form-level message.
 */
export function readApiError(
  result: Failed,
  options: { t: Translate; fallback: string; inputs?: readonly string[]; fieldNames?: Record<string, string> },
): ApiProblem {
  const body = bodyOf(result);
  const code = typeof body.code === 'string' ? body.code : null;
  const localized = (key: string | null | undefined) => (key ? options.t(`errors.${key}`, { defaultValue: '' }) : '');
  const message = localized(code) || textOf(body.message) || options.fallback;
  const fieldErrors: Record<string, string[]> = {};
  const elsewhere: string[] = [];
  const entries = Array.isArray(body.fields) ? body.fields : [];
  for (const entry of entries) {
    const input = options.fieldNames?.[entry.field] ?? entry.field;
    const text = localized(entry.code) || (entries.length === 1 ? localized(code) : '') || entry.message || message;
    if (options.inputs?.includes(input)) fieldErrors[input] = [...(fieldErrors[input] ?? []), text];
    else elsewhere.push(text);
  }
  const onInputs = Object.keys(fieldErrors).length > 0;
  return { code, status: result.response.status, message, fieldErrors, formErrors: onInputs ? elsewhere : [message] };
}

/** A refusal as conform's `submission.reply` options: on the inputs it names, the rest on the form. */
export function replyOptions(problem: ApiProblem): { formErrors?: string[]; fieldErrors?: Record<string, string[]> } {
  return {
    ...(Object.keys(problem.fieldErrors).length > 0 ? { fieldErrors: problem.fieldErrors } : {}),
    ...(problem.formErrors.length > 0 ? { formErrors: problem.formErrors } : {}),
  };
}

/** The message of a failed call for a page (not a form): localized when its code is known. */
export function apiMessage(result: Failed, t: Translate, fallback: string): string {
  return readApiError(result, { t, fallback }).message;
}

/** Whether a call failed because the API could not be reached (or answered 503 itself). */
export function isUnavailable(result: Failed): boolean {
  return result.response.status === 503;
}

/**
 * An API that cannot be reached gets the one 503 page (root.tsx ErrorBoundary), on every page alike; other
 * failures are the page's to show.
 */
export function throwIfUnavailable(result: Failed): void {
  if (isUnavailable(result)) throw new Response(API_UNAVAILABLE.message, { status: 503 });
}

/**
 * The data of a successful call, or the matching error page: 401, 403 and 404 as they are, an unreachable API as the
 * one 503 page, anything else as a 502 page.
 */
export function orThrow<T>(result: Failed & { data?: T }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  const status = result.response.status;
  const message = textOf(bodyOf(result).message) || `Permintaan gagal (${status}).`;
  if ([401, 403, 404, 503].includes(status)) throw new Response(message, { status });
  throw new Response(message, { status: 502 });
}
