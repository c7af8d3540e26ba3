/** The monthly view's period (decision 036): two GET parameters, 'YYYY-MM' each, so a view stays a URL to share. */
export interface ReportPeriod {
  from?: string;
  to?: string;
}

const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;

/** Reads the period, dropping what the API would refuse by its form (an order or length it refuses is its to say). */
export function readPeriod(params: URLSearchParams): ReportPeriod {
  const period: ReportPeriod = {};
  const from = params.get('from')?.trim();
  if (from && MONTH.test(from)) period.from = from;
  const to = params.get('to')?.trim();
  if (to && MONTH.test(to)) period.to = to;
  return period;
}
