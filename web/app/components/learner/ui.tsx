import { useTranslation } from 'react-i18next';

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress">
      <div className="progress__label">
        <span>{label}</span>
        <strong>{percent}%</strong>
      </div>
      <div className="progress__track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/**
 * Filled in by /learner.js (the offline queue): "menunggu sinkron (n)" while writes made offline wait, then
 * "tersinkron". Empty and invisible when nothing waits or JavaScript is off.
 */
export function SyncStatus() {
  const { t } = useTranslation('learner');
  return <p className="sync-status" id="sync-status" role="status" aria-live="polite" data-pending={t('sync.pending')} data-done={t('sync.done')} data-failed={t('sync.failed')} data-logout={t('sync.logout')} />;
}
