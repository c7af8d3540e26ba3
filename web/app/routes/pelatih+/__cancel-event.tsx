import { Form, Link } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { ErrorList, FormAlert } from '~/components/forms';
import { useEventsTranslation } from '~/components/events/shared';

/** Where the two-step cancel form stands: editing the reason (with its error) or asking for confirmation. */
export type CancelStep = { step: 'edit'; reason: string; fieldError?: string; formError?: string } | { step: 'confirm'; reason: string } | { step: 'done' };

interface CancelEventProps {
  eventId: string;
  title: string;
  invited: number;
  formKey: string;
  /** The action's answer to the last cancel POST, if any. */
  step: CancelStep | null;
}

/**
 * "Batalkan kegiatan": a reason, then a confirmation that says what cancelling does, each a plain POST form to the
 * page's action (works without JavaScript). With JavaScript, focus moves to the question, or to the reason when refused.
 */
export function CancelEvent(props: CancelEventProps) {
  return props.step?.step === 'confirm' ? <ConfirmCancel {...props} reason={props.step.reason} /> : <ReasonForm {...props} />;
}

function ReasonForm({ step }: CancelEventProps) {
  const { t } = useEventsTranslation();
  const edit = step?.step === 'edit' ? step : null;
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (edit && (edit.fieldError || edit.formError)) reasonRef.current?.focus();
  }, [edit]);
  const error = edit?.fieldError;
  return (
    <Form method="post" className="card stack" aria-labelledby="cancel-title" id="batalkan" data-testid="cancel-event">
      <h2 id="cancel-title">{t('trainer.cancelTitle')}</h2>
      <p>{t('trainer.cancelIntro')}</p>
      <FormAlert id="cancel-form-error" errors={edit?.formError} />
      <input type="hidden" name="intent" value="cancel-check" />
      <div className="field">
        <label htmlFor="cancel-reason">{t('trainer.cancelReason')}</label>
        <textarea
          ref={reasonRef}
          id="cancel-reason"
          name="reason"
          rows={4}
          required
          minLength={10}
          maxLength={500}
          defaultValue={edit?.reason ?? ''}
          aria-describedby={`cancel-reason-hint cancel-reason-error${edit?.formError ? ' cancel-form-error' : ''}`}
          aria-invalid={error ? true : undefined}
          aria-errormessage={error ? 'cancel-reason-error' : undefined}
        />
        <p className="hint" id="cancel-reason-hint">
          {t('trainer.cancelReasonHint')}
        </p>
        <ErrorList id="cancel-reason-error" errors={error ? [error] : null} />
      </div>
      <button type="submit" className="button button--secondary">
        {t('trainer.cancelNext')}
      </button>
    </Form>
  );
}

function ConfirmCancel({ eventId, title, invited, formKey, reason }: CancelEventProps & { reason: string }) {
  const { t } = useEventsTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="card stack" aria-labelledby="cancel-confirm-title" id="batalkan" data-testid="cancel-confirm">
      <h2 id="cancel-confirm-title" tabIndex={-1} ref={headingRef}>
        {t('trainer.cancelConfirmTitle')}
      </h2>
      <p>{t('trainer.cancelConfirmText', { title, count: invited })}</p>
      <p>
        {t('cancelledReason')} {reason}
      </p>
      <div className="inline-actions">
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="reason" value={reason} />
          <input type="hidden" name="idempotencyKey" value={`cancel-${formKey}`} />
          <button type="submit" className="button">
            {t('trainer.cancelConfirm')}
          </button>
        </Form>
        <Link to={`/pelatih/kegiatan/${eventId}`}>{t('trainer.cancelBack')}</Link>
      </div>
    </section>
  );
}
