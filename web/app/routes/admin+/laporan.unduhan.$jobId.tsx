import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useReportsTranslation } from '~/components/reports/translation';
import { adminHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { REPORT_READERS } from './laporan.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'reports'] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: 'Unduhan laporan — Bimtek Pilar' },
  // Refreshes itself while the file is being made: no JavaScript needed.
  ...(data && (data.status === 'QUEUED' || data.status === 'RUNNING') ? [{ httpEquiv: 'refresh', content: '3' }] : []),
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A background export's progress (GET /api/jobs/{id}), then its download link. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser({ request, context }, REPORT_READERS);
  const id = params.jobId ?? '';
  if (!UUID.test(id)) throw new Response('Unduhan tidak ditemukan.', { status: 404 });
  const job = orThrow(await api(request).GET('/api/jobs/{id}', { params: { path: { id } } }));
  // The workers list's export and a people list's (decision 033) share this page and the file route.
  if (job.kind !== 'reports.export' && job.kind !== 'reports.people-export') throw new Response('Unduhan tidak ditemukan.', { status: 404 });
  const result = (job.result ?? {}) as { rows?: number };
  return { id: job.id, status: job.status, progress: job.progress, rows: result.rows ?? 0, error: job.error, lists: job.kind === 'reports.people-export' };
}

export default function ExportJob() {
  const job = useLoaderData<typeof loader>();
  const { t, i18n } = useReportsTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <section className="wide reports">
      <h1>{t('job.title')}</h1>
      <div role="status" aria-live="polite">
        {job.status === 'QUEUED' ? <p>{t('job.queued')}</p> : null}
        {job.status === 'RUNNING' ? <p>{t('job.running', { done: n(job.progress.done), total: n(job.progress.total) })}</p> : null}
        {job.status === 'DONE' ? <p>{t('job.done', { rows: n(job.rows) })}</p> : null}
        {job.status === 'FAILED' ? <p className="alert">{t('job.failed', { error: job.error ?? '' })}</p> : null}
      </div>
      {job.status === 'QUEUED' || job.status === 'RUNNING' ? (
        <p className="hint">
          {t('job.autoRefresh')} <Link to={`/admin/laporan/unduhan/${job.id}`}>{t('job.refreshNow')}</Link>
        </p>
      ) : null}
      {job.status === 'DONE' ? (
        <p>
          <a className="button" href={`/admin/laporan/unduhan/${job.id}/file`} download>
            {t('job.download')}
          </a>{' '}
          <span className="hint">{t('job.kept')}</span>
        </p>
      ) : null}
      <p>
        {job.lists ? <Link to="/admin/laporan/daftar">{t('job.backLists')}</Link> : <Link to="/admin/laporan/peserta">{t('job.back')}</Link>}
      </p>
    </section>
  );
}
