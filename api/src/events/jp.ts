import type { AgendaItem } from './entities/event-day.entity';

/** One JP (jam pelajaran) of in-person training is 45 minutes, as in government training (SIM DIKLAT). */
export const MINUTES_PER_JP = 45;

/** Minutes between two local HH:MM times of the same day. */
export function minutesBetween(start: string, end: string): number {
  const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return toMinutes(end) - toMinutes(start);
}

/** The learning minutes of a day's agenda: only `learning` items count (breaks and tests do not). */
export function learningMinutes(agenda: AgendaItem[]): number {
  return agenda.filter((item) => item.kind === 'learning').reduce((sum, item) => sum + minutesBetween(item.start, item.end), 0);
}

/**
 * JP from learning minutes, by the rule of decision record 020: the minutes of all attended days are added first,
 * then divided by 45 and rounded DOWN to a half JP (e.g. 100 min → 2 JP; 120 min → 2.5 JP; 44 min → 0). Rounding down
 * never credits time that was not taught; halves keep a 30-minute session from vanishing when added to others.
 */
export function jpOf(minutes: number): number {
  return Math.floor((minutes * 2) / MINUTES_PER_JP) / 2;
}
