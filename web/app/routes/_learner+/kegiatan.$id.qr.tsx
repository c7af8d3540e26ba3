import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { eventsLearnerHandle, useEventsTranslation } from '~/components/events/shared';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';

export const handle = eventsLearnerHandle;
export const meta: MetaFunction = () => [{ title: 'QR pribadi — Bimtek Pilar' }];

/** The worker's personal QR for this event, signed by the server, for the trainer's offline room mode. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  const path = { id: args.params.id ?? '' };
  const qr = orThrow(await api(args.request).GET('/api/me/events/{id}/qr', { params: { path } }));
  return { eventId: path.id, payload: qr.payload, image: `data:image/svg+xml;base64,${Buffer.from(qr.svg).toString('base64')}` };
}

export default function PersonalQr() {
  const { eventId, payload, image } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  return (
    <section>
      <p className="crumbs">
        <Link to={`/kegiatan/${eventId}`}>{t('mine.back')}</Link>
      </p>
      <h1>{t('mine.qrTitle')}</h1>
      <p>{t('mine.qrIntro')}</p>
      <img className="personal-qr" src={image} alt={t('mine.qrAlt')} width={300} height={300} />
      <p className="payload" data-testid="qr-payload">
        {payload}
      </p>
    </section>
  );
}
