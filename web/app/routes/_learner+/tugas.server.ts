import { i18nServer } from '~/i18next.server';
import { throwIfUnavailable } from '~/utils/api-error';
import { formProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey } from '~/utils/api.server';

export type ReportOutcome =
  | { sent: true; taskId: string; appeal?: true }
  | { error: true; taskId: string; report: string; appeal?: true; formErrors?: string[]; fieldErrors?: Record<string, string[]> };

/** The appeal form is a plain (urlencoded) form; the report form is multipart. */
export function isAppeal(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
}

/** Sends the appeal of a failed submission (POST /api/submissions/:id/appeal); the API checks the reason. */
export async function sendAppeal(request: Request): Promise<ReportOutcome> {
  const t = await i18nServer.getFixedT(request, 'tasks');
  const form = await request.formData();
  const taskId = String(form.get('taskId') ?? '');
  const id = String(form.get('submissionId') ?? '');
  const reason = String(form.get('reason') ?? '');
  const result = await api(request).POST('/api/submissions/{id}/appeal', {
    params: { path: { id } },
    body: { reason },
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  throwIfUnavailable(result);
  if (result.data) return { sent: true, taskId, appeal: true };
  const problem = await formProblem(request, result, { fallback: t('appeal.failed'), inputs: ['reason'] });
  return { error: true, appeal: true, taskId, report: reason, formErrors: problem.formErrors, fieldErrors: problem.fieldErrors };
}

/** The API's limits (api/src/tasks): five photos at most; a larger request is refused before it is read. */
const MAX_PHOTOS = 5;
const MAX_REQUEST_BYTES = 5 * 10 * 1024 * 1024 + 256 * 1024;

/**
 * Sends a report form to POST /api/tasks/:taskId/submissions as multipart (report, photos, enrollmentId), with the
 * form's Idempotency-Key. The privacy statement and the task's checklist are the worker's own declaration: checked
 * here, before anything is sent; everything else (NIK-like numbers, photo types and sizes) the API checks.
 */
export async function sendReport(request: Request, enrollmentId: string): Promise<ReportOutcome> {
  const t = await i18nServer.getFixedT(request, 'tasks');
  if (Number(request.headers.get('content-length') ?? 0) > MAX_REQUEST_BYTES) {
    return { error: true, taskId: '', report: '', formErrors: [t('form.tooManyPhotos', { max: MAX_PHOTOS })] };
  }
  const form = await request.formData();
  const taskId = String(form.get('taskId') ?? '');
  const report = String(form.get('report') ?? '');
  const refuse = (field: string, message: string): ReportOutcome => ({ error: true, taskId, report, fieldErrors: { [field]: [message] } });

  const list = await api(request).GET('/api/enrollments/{id}/tasks', { params: { path: { id: enrollmentId } } });
  throwIfUnavailable(list);
  const task = list.data?.items.find((item) => item.id === taskId);
  if (!task) return { error: true, taskId, report, formErrors: [t('form.failed')] };
  if (form.get('privacy') !== '1') return refuse('privacy', t('form.privacyRequired'));
  const ticked = new Set(form.getAll('checklist').map(String));
  if (task.checklist.some((_, index) => !ticked.has(String(index)))) return refuse('privacy', t('form.checklistRequired'));

  // A file input left empty still sends one nameless, empty file.
  const photos = form.getAll('photos').filter((value): value is File => typeof value !== 'string' && value.size > 0);
  if (photos.length > task.photos.max) return refuse('photos', t('form.tooManyPhotos', { max: task.photos.max }));
  const body = new FormData();
  body.set('enrollmentId', enrollmentId);
  body.set('report', report);
  for (const photo of photos) body.append('photos', photo, photo.name || 'foto.jpg');
  const result = await api(request).POST('/api/tasks/{taskId}/submissions', {
    params: { path: { taskId } },
    // openapi-fetch sends a FormData body as multipart as it is; the schema types the fields as strings.
    body: body as unknown as { enrollmentId: string; report: string },
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  throwIfUnavailable(result);
  if (result.data) return { sent: true, taskId };
  const problem = await formProblem(request, result, { fallback: t('form.failed'), inputs: ['report', 'photos'] });
  return { error: true, taskId, report, formErrors: problem.formErrors, fieldErrors: problem.fieldErrors };
}
