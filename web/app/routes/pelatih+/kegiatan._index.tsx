import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { CancelledLine, eventDates, EventStateBadge, eventsTrainerHandle, useEventsTranslation } from '~/components/events/shared';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireEventStaff } from './events.server';

export const handle = eventsTrainerHandle;
export const meta: MetaFunction = () => [{ title: 'Kegiatan bimtek — Bimtek Pilar' }];

/** The trainer's events (the API gives those of the caller's region, latest first). */
export async function loader(args: LoaderFunctionArgs) {
  await requireEventStaff(args);
  const page = orThrow(await api(args.request).GET('/api/events', { params: { query: { pageSize: 100 } } }));
  return { events: page.items };
}

export default function TrainerEvents() {
  const { events } = useLoaderData<typeof loader>();
  const { t, i18n } = useEventsTranslation();
  return (
    <section className="wide">
      <h1>{t('trainer.listTitle')}</h1>
      <p>{t('trainer.listIntro')}</p>
      <p>
        <Link className="button" to="/pelatih/kegiatan/baru">
          {t('trainer.create')}
        </Link>
      </p>
      {events.length === 0 ? (
        <p>{t('trainer.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('trainer.columns.title')}</th>
                <th scope="col">{t('trainer.columns.when')}</th>
                <th scope="col">{t('trainer.columns.where')}</th>
                <th scope="col">{t('trainer.columns.invited')}</th>
                <th scope="col">{t('trainer.columns.jp')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>
                    <Link to={`/pelatih/kegiatan/${event.id}`}>{event.title}</Link> <EventStateBadge event={event} />
                    {event.cancelledAt ? (
                      <>
                        <br />
                        <CancelledLine event={event} />
                      </>
                    ) : null}
                  </td>
                  <td>{eventDates(event, i18n.language)}</td>
                  <td>
                    {event.venue}, {event.regionName}
                  </td>
                  <td>
                    {event.invited}
                    {event.waitlisted ? <span className="meta"> · {t('trainer.waitlisted', { count: event.waitlisted })}</span> : null}
                  </td>
                  <td>{event.jp}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
