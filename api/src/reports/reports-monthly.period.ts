import { ReportProgressStatus } from './entities/report-progress-status';

/** WIB is UTC+7 all year (no daylight saving): a month in WIB is a fixed shift of the UTC instant. */
const WIB_OFFSET_MS = 7 * 3600 * 1000;
/** The monthly view's default period and its longest one (a chart of three years stays readable). */
export const DEFAULT_PERIOD_MONTHS = 12;
export const MAX_PERIOD_MONTHS = 36;

/** An inclusive range of months, each 'YYYY-MM'. */
export interface Period {
  from: string;
  to: string;
}

/** The WIB month of an instant as its first day, 'YYYY-MM-01' (the form report_months and report_changes keep). */
export function wibMonthOf(date: Date | null): string | null {
  if (!date) return null;
  return `${new Date(date.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 7)}-01`;
}

/** The months a current-state row counts in: completed (completed or certified), and its certificate's issue. */
export function completionMonths(s: { status: ReportProgressStatus; completedAt: Date | null; certifiedAt: Date | null }): {
  completedMonth: string | null;
  certifiedMonth: string | null;
} {
  const completed = s.status === ReportProgressStatus.COMPLETED || s.status === ReportProgressStatus.CERTIFIED;
  return {
    completedMonth: completed ? wibMonthOf(s.completedAt) : null,
    certifiedMonth: s.status === ReportProgressStatus.CERTIFIED ? wibMonthOf(s.certifiedAt) : null,
  };
}

/** 'YYYY-MM' ↔ a month number (year × 12 + month − 1), for arithmetic on months. */
const indexOf = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/**
 * The period asked for: `to` defaults to this month (WIB), `from` to the 12 months ending at `to`. Null when `from`
 * comes after `to` or the period is longer than MAX_PERIOD_MONTHS (the caller refuses it).
 */
export function resolvePeriod(now: Date, from?: string, to?: string): Period | null {
  const end = to ?? wibMonthOf(now)!.slice(0, 7);
  const start = from ?? monthAt(indexOf(end) - DEFAULT_PERIOD_MONTHS + 1);
  const length = indexOf(end) - indexOf(start) + 1;
  return length >= 1 && length <= MAX_PERIOD_MONTHS ? { from: start, to: end } : null;
}

/** Every month of the period, in order. */
export function monthsOf(period: Period): string[] {
  const start = indexOf(period.from);
  return Array.from({ length: indexOf(period.to) - start + 1 }, (_, i) => monthAt(start + i));
}
