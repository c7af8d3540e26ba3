import { i18nServer } from '~/i18next.server';
import { throwIfUnavailable } from '~/utils/api-error';
import { formProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey } from '~/utils/api.server';
import type { CancelStep } from './__cancel-event';

/** The API's limits for a cancellation's reason (api/src/events: trimmed, 10–500 characters). */
export const CANCEL_REASON_MIN = 10;
export const CANCEL_REASON_MAX = 500;

/**
 * "Batalkan kegiatan" without JavaScript: the first POST (`cancel-check`) checks the reason and asks for confirmation;
 * the second (`cancel`) sends it to POST /api/events/:id/cancel as JSON, with the form's Idempotency-Key. A refusal
 * goes back to the reason form, worded by its code.
 */
export async function cancelStep(request: Request, eventId: string, form: FormData): Promise<CancelStep> {
  const t = await i18nServer.getFixedT(request, 'events');
  const reason = String(form.get('reason') ?? '').trim();
  if (reason.length < CANCEL_REASON_MIN || reason.length > CANCEL_REASON_MAX) {
    return {
      step: 'edit',
      reason,
      fieldError: t('trainer.cancelReasonInvalid'),
    };
  }
  if (form.get('intent') !== 'cancel') return { step: 'confirm', reason };
  const result = await api(request).POST('/api/events/{id}/cancel', {
    params: { path: { id: eventId } },
    body: { reason },
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  throwIfUnavailable(result);
  if (result.data) return { step: 'done' };
  const problem = await formProblem(request, result, {
    fallback: t('trainer.cancelFailed'),
    inputs: ['reason'],
  });
  return {
    step: 'edit',
    reason,
    fieldError: problem.fieldErrors?.reason?.[0],
    formError: problem.formErrors?.[0],
  };
}
