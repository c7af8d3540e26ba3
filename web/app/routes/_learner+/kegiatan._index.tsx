import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { CancelledLine, eventDates, EventStateBadge, eventsLearnerHandle, useEventsTranslation } from '~/components/events/shared';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';

export const handle = eventsLearnerHandle;
export const meta: MetaFunction = () => [{ title: 'Kegiatan saya — Bimtek Pilar' }];

/** The worker's events: invited, confirmed or on the waiting list, with their JP so far. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  const mine = orThrow(await api(args.request).GET('/api/me/events'));
  return { events: mine.items };
}

export default function MyEvents() {
  const { events } = useLoaderData<typeof loader>();
  const { t, i18n } = useEventsTranslation();
  return (
    <section>
      <h1>{t('mine.title')}</h1>
      <p>{t('mine.intro')}</p>
      {events.length === 0 ? (
        <p className="card">{t('mine.empty')}</p>
      ) : (
        <ul className="cards">
          {events.map((event) => (
            <li key={event.id} className="card">
              <h2 className="card__title">
                <Link to={`/kegiatan/${event.id}`}>{event.title}</Link>
              </h2>
              <p className="meta">{eventDates(event, i18n.language)}</p>
              <p>{event.venue}</p>
              <p>
                <span className={event.status === 'WAITLISTED' || event.cancelledAt ? 'badge' : 'badge badge--ok'}>{t(`status.${event.status}`)}</span>
                <EventStateBadge event={event} />
              </p>
              {event.cancelledAt ? (
                <p>
                  <CancelledLine event={event} />
                </p>
              ) : null}
              {event.attendedDays.length ? <p>{t('mine.myJp', { jp: event.myJp })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
