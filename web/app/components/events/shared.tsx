import { useTranslation } from 'react-i18next';
import type { components } from '~/utils/api-schema';
import { formatDateTime, type ZoneName } from '~/utils/format';

/** The events API's shapes (generated schema), as the pages use them. */
type Schemas = components['schemas'];
export type EventDto = Schemas['EventDto'];
export type EventDayDto = Schemas['EventDayDto'];
export type MyEventDto = Schemas['MyEventDto'];
export type ParticipantDto = Schemas['ParticipantDto'];
export type ParticipantStatus = Schemas['ParticipantStatus'];

/** The trainer's event pages hydrate (React); their strings are the `events` namespace. */
export const eventsTrainerHandle = { i18n: ['common', 'events'] };
/** The participant's event pages: plain HTML for cheap phones. */
export const eventsLearnerHandle = { hydrate: false, i18n: ['common', 'events'] };

/** `t` over the events strings, falling back to `common` (navigation, pillars, form labels). */
export function useEventsTranslation() {
  return useTranslation(['events', 'common'], { nsMode: 'fallback' });
}

/** `12 Desember 2026` from a local `YYYY-MM-DD` (the event's own calendar day, no zone shift). */
export function localDate(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** `14–15 Desember 2026 (WIB)`-like line: first and last day of the event. */
export function eventDates(event: Pick<EventDto, 'days' | 'zone'>, locale: string): string {
  const first = event.days[0];
  const last = event.days[event.days.length - 1];
  if (!first) return '';
  const from = localDate(first.date, locale);
  return first === last ? `${from}, ${first.start}–${first.end} ${event.zone}` : `${from} – ${localDate(last.date, locale)} (${event.zone})`;
}

/** The days of an event with their agenda, in the event's local time. */
export function Agenda({ event }: { event: Pick<EventDto, 'days' | 'zone'> }) {
  const { t, i18n } = useEventsTranslation();
  return (
    <div className="event-agenda">
      {event.days.map((day) => (
        <section key={day.day} aria-labelledby={`day-${day.day}`}>
          <h3 id={`day-${day.day}`}>
            {t('dayLine', { day: day.day, date: localDate(day.date, i18n.language), start: day.start, end: day.end, zone: event.zone })}
          </h3>
          {day.agenda.length ? (
            <ul className="event-agenda__items">
              {day.agenda.map((item) => (
                <li key={`${item.start}-${item.title}`}>
                  <span className="nowrap">
                    {item.start}–{item.end}
                  </span>{' '}
                  {item.title}
                  {item.kind !== 'learning' ? <span className="meta"> ({item.test ? t(`test.${item.test}`) : t(`kind.${item.kind}`)})</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </div>
  );
}

/**
 * A cancelled event's notice, the same for the trainer, the admin and the participants: when (in the event's zone)
 * and why. Nothing when the event is not cancelled.
 */
export function CancelledNotice({ event, note }: { event: Pick<EventDto, 'cancelledAt' | 'cancelReason' | 'zone'>; note?: string }) {
  const { t, i18n } = useEventsTranslation();
  if (!event.cancelledAt) return null;
  return (
    <section className="alert alert--bad" aria-labelledby="event-cancelled-title" data-testid="event-cancelled">
      <h2 id="event-cancelled-title">{t('cancelledTitle')}</h2>
      <p>{t('cancelledAt', { at: formatDateTime(event.cancelledAt, i18n.language, { zone: event.zone as ZoneName }) })}</p>
      <p>
        {t('cancelledReason')} {event.cancelReason}
      </p>
      {note ? <p>{note}</p> : null}
    </section>
  );
}

/** The "Dibatalkan" or "Ditutup" badge of an event in a list. */
export function EventStateBadge({ event }: { event: Pick<EventDto, 'cancelledAt' | 'closedAt'> }) {
  const { t } = useEventsTranslation();
  if (event.cancelledAt) return <span className="badge badge--bad">{t('cancelled')}</span>;
  return event.closedAt ? <span className="badge">{t('closed')}</span> : null;
}

/** A cancelled event's date and reason on one line, for lists. */
export function CancelledLine({ event }: { event: Pick<EventDto, 'cancelledAt' | 'cancelReason' | 'zone'> }) {
  const { t, i18n } = useEventsTranslation();
  if (!event.cancelledAt) return null;
  const at = formatDateTime(event.cancelledAt, i18n.language, { zone: event.zone as ZoneName });
  return (
    <span className="meta" data-testid="cancelled-line">
      {t('cancelledAt', { at })} {t('cancelledReason')} {event.cancelReason}
    </span>
  );
}

/** A random nonce for a trainer's check-in (8–64 of A–Z a–z 0–9 - _), made where the check-in is recorded. */
export function newNonce(prefix: string): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
