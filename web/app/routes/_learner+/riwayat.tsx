import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { learnerHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { RecordBody, RecordJp } from '~/components/reports/training-record';
import { requireUser } from '~/utils/session.server';

export const handle = { ...learnerHandle, i18n: ['common', 'learner', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Riwayat pelatihan — Bimtek Pilar' }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  return orThrow(await api(args.request).GET('/api/reports/record'));
}

export default function TrainingRecord() {
  const record = useLoaderData<typeof loader>();
  const { t } = useTranslation(['reports', 'common'], { nsMode: 'fallback' });
  return (
    <section className="record">
      <h1>{t('record.title')}</h1>
      <p>{t('record.intro')}</p>
      <RecordJp record={record} />
      <p>
        <a className="button" href="/riwayat.pdf" download>
          {t('record.pdf')}
        </a>
      </p>
      <RecordBody record={record} own />
    </section>
  );
}
