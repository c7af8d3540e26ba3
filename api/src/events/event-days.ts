import type { AgendaItem } from './entities/event-day.entity';
import type { DayRow } from './events.repository';
import type { EventDayInput } from './events.dto';
import { eventAgendaInvalid, eventDaysInvalid } from './events.errors';
import { learningMinutes } from './jp';
import { localToInstant, type EventZone } from './time-zones';

/**
 * Checks the days of a new event and turns them into rows: real dates, each once, in order; a day ends after it
 * starts; each agenda item lies inside its day, ends after it starts, and does not overlap the next one. Times are local
 * to the event's zone and stored as UTC instants.
 */
export function validateDays(days: EventDayInput[], zone: EventZone): Omit<DayRow, 'eventId'>[] {
  const rows: Omit<DayRow, 'eventId'>[] = [];
  days.forEach((input, index) => {
    const field = `days.${index}`;
    if (!isRealDate(input.date)) throw eventDaysInvalid('Tanggal tidak ada di kalender.', `${field}.date`);
    if (index > 0 && input.date <= days[index - 1].date) throw eventDaysInvalid('Hari kegiatan harus berurutan dan tidak boleh berulang.', `${field}.date`);
    if (input.end <= input.start) throw eventDaysInvalid('Jam selesai harus setelah jam mulai.', `${field}.end`);
    const agenda = validateAgenda(input, field);
    rows.push({
      day: index + 1,
      date: input.date,
      startsAt: localToInstant(input.date, input.start, zone),
      endsAt: localToInstant(input.date, input.end, zone),
      agenda,
      learningMinutes: learningMinutes(agenda),
    });
  });
  return rows;
}

function validateAgenda(day: EventDayInput, field: string): AgendaItem[] {
  const items = [...(day.agenda ?? [])].map((item, index) => ({ item, index })).sort((a, b) => a.item.start.localeCompare(b.item.start));
  items.forEach(({ item, index }, position) => {
    const at = `${field}.agenda.${index}`;
    if (item.end <= item.start) throw eventAgendaInvalid('Jam selesai agenda harus setelah jam mulainya.', `${at}.end`);
    if (item.start < day.start || item.end > day.end) throw eventAgendaInvalid('Agenda harus berada di dalam jam kegiatan hari itu.', `${at}.start`);
    const previous = items[position - 1]?.item;
    if (previous && item.start < previous.end) throw eventAgendaInvalid('Agenda tidak boleh tumpang tindih.', `${at}.start`);
    if (item.test && item.kind !== 'test') throw eventAgendaInvalid('Pre-test atau post-test hanya pada agenda berjenis test.', `${at}.test`);
  });
  return items.map(({ item }): AgendaItem => ({
    start: item.start,
    end: item.end,
    title: item.title.trim(),
    kind: item.kind,
    ...(item.course ? { course: item.course } : {}),
    ...(item.test ? { test: item.test } : {}),
  }));
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date && date >= '2000-01-01' && date <= '2100-12-31';
}
