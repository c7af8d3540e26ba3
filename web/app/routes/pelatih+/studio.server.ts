import { redirect } from '@remix-run/node';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { orThrow } from '~/utils/api-error';
import { requireUser, type RequestArgs } from '~/utils/session.server';

/** Every studio page for trainers: a signed-in PELATIH. */
export function requireTrainer(args: RequestArgs) {
  return requireUser(args, ['PELATIH']);
}

/** The draft and its outline (what the forms show), or the matching error page. */
export async function loadDraft(request: Request, id: string) {
  const client = api(request);
  const [detail, outline] = await Promise.all([
    client.GET('/api/studio/drafts/{id}', { params: { path: { id } } }),
    client.GET('/api/studio/drafts/{id}/outline', { params: { path: { id } } }),
  ]);
  return { draft: orThrow(detail), outline: orThrow(outline) };
}

/** A form's outcome: back to `to` on success, else the API's message for the page. */
export async function afterWrite(request: Request, result: { error?: unknown; response: Response }, to: string, fallback: string) {
  if (result.response.ok) return redirect(to);
  return { error: await pageProblem(request, result, fallback), status: result.response.status };
}

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function numberOf(form: FormData, name: string): number {
  const value = Number(text(form, name));
  return Number.isInteger(value) ? value : 0;
}
