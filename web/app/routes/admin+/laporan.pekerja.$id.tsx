import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { RecordBody, RecordJp } from '~/components/reports/training-record';
import { useReportsTranslation } from '~/components/reports/translation';
import { adminHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { REPORT_READERS } from './laporan.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Riwayat pelatihan pekerja — Laporan — Bimtek Pilar' }];

/** One worker's training record for an admin or trainer of the worker's region (the API answers 404 otherwise, and audit-logs the read). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser({ request, context }, REPORT_READERS);
  const id = params.id ?? '';
  return orThrow(await api(request).GET('/api/reports/record/workers/{id}', { params: { path: { id } } }));
}

export default function WorkerRecord() {
  const record = useLoaderData<typeof loader>();
  const { t } = useReportsTranslation();
  return (
    <section className="wide reports record">
      <p>
        <Link to={`/admin/laporan${record.regionCode ? `?region=${record.regionCode}` : ''}`}>{t('worker.back')}</Link>
      </p>
      <h1>{t('worker.title', { name: record.name })}</h1>
      <p className="hint">
        {record.regionCode ?? '—'}
        {record.pillar ? <> · {t(`pillarShort.${record.pillar}`)}</> : null} · {t('worker.audited')}
      </p>
      <RecordJp record={record} />
      <p>
        <a className="button" href={`/admin/laporan/pekerja/${record.userId}/pdf`} download>
          {t('record.pdf')}
        </a>
      </p>
      <RecordBody record={record} own={false} />
    </section>
  );
}
