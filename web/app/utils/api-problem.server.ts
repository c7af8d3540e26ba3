import { getFixedT } from '~/i18next.server';
import { readApiError, replyOptions, type ApiProblem, type Translate } from './api-error';

interface Failed {
  error?: unknown;
  response: Response;
}

/** `t` of the request's language over the `common` strings, where `errors.<CODE>` live. */
export async function translatorFor(request: Request): Promise<Translate> {
  const t = await getFixedT(request, 'common');
  return (key, options) => String(t(key, options));
}

/** A failed call as a form shows it, in the person's language (see readApiError). */
export async function formProblem(
  request: Request,
  result: Failed,
  options: { fallback: string; inputs?: readonly string[]; fieldNames?: Record<string, string> },
): Promise<ApiProblem> {
  return readApiError(result, { ...options, t: await translatorFor(request) });
}

/** A failed call as conform `submission.reply` options: errors on the inputs they concern, else on the form. */
export async function formReply(
  request: Request,
  result: Failed,
  options: { fallback: string; inputs?: readonly string[]; fieldNames?: Record<string, string> },
) {
  return replyOptions(await formProblem(request, result, options));
}

/** A failed call's message for a page alert (no form fields). */
export async function pageProblem(request: Request, result: Failed, fallback: string): Promise<string> {
  return (await formProblem(request, result, { fallback })).message;
}
