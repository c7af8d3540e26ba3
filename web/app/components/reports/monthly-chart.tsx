/**
 * Completions and certificates per month (decision 036) as a server-rendered SVG bar chart and the same numbers as a
 * table. No chart library and no JavaScript: the SVG is part of the HTML. The chart is one image (`role="img"` with a
 * title and a description); the table beside it is its accessible equivalent and what prints.
 * Pure components (labels come in as props), so they render in a plain unit test.
 */
import { formatNumber } from '~/utils/format';

export interface MonthCounts {
  month: string;
  completed: number;
  certified: number;
}

export interface MonthlyLabels {
  /** The chart's title (also the table's caption). */
  title: string;
  /** What the chart shows, for screen readers: the period and the totals in words. */
  description: string;
  month: string;
  completed: string;
  certified: string;
  total: string;
}

/** Blue and orange: told apart with the common colour-vision deficiencies, each ≥ 3:1 against white. */
const COLORS = { completed: '#1f5fa8', certified: '#b4530b' } as const;
const SERIES = ['completed', 'certified'] as const;

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 12, right: 8, bottom: 36, left: 44 };

/** 'YYYY-MM' → 'Jan 26' (id: 'Jan 26', en: 'Jan 26'), the month read as a UTC date. */
export function monthLabel(month: string, language: string, long = false): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return new Intl.DateTimeFormat(language, { month: long ? 'long' : 'short', year: long ? 'numeric' : '2-digit', timeZone: 'UTC' }).format(date);
}

/** The top of the scale: a round number at or above the largest value (1, 2, 5 × 10ⁿ), at least 1. */
export function scaleTop(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= max)!;
}

export function MonthlyChart({ items, labels, language }: { items: MonthCounts[]; labels: MonthlyLabels; language: string }) {
  const top = scaleTop(Math.max(0, ...items.flatMap((item) => [item.completed, item.certified])));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, items.length);
  const bar = Math.max(2, Math.min(16, (slot - 4) / 2));
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight;
  // Every month's label when they fit, else every second or third (36 months on a phone).
  const labelEvery = Math.ceil(items.length / 12);
  const number = (value: number) => formatNumber(value, language);
  return (
    <figure className="monthly-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="monthly-chart-title" aria-describedby="monthly-chart-desc" preserveAspectRatio="xMidYMid meet">
        <title id="monthly-chart-title">{labels.title}</title>
        <desc id="monthly-chart-desc">{labels.description}</desc>
        {[0, top / 2, top].map((tick) => (
          <g key={tick} aria-hidden="true">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#d5d9de" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#4a5561">
              {number(tick)}
            </text>
          </g>
        ))}
        {items.map((item, i) => {
          const x = PAD.left + i * slot + slot / 2;
          return (
            <g key={item.month} data-month={item.month}>
              {SERIES.map((series, s) => (
                <rect
                  key={series}
                  data-series={series}
                  x={x - bar + s * bar}
                  y={y(item[series])}
                  width={bar - 1}
                  height={Math.max(0, PAD.top + plotHeight - y(item[series]))}
                  fill={COLORS[series]}
                />
              ))}
              {i % labelEvery === 0 ? (
                <text x={x} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" fontSize="11" fill="#4a5561">
                  {monthLabel(item.month, language)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="monthly-chart__legend">
        {SERIES.map((series) => (
          <span key={series}>
            <span className="monthly-chart__swatch" style={{ background: COLORS[series] }} aria-hidden="true" /> {labels[series]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** The chart's numbers, one row per month, the period's totals at the foot. */
export function MonthlyTable({ items, labels, language }: { items: MonthCounts[]; labels: MonthlyLabels; language: string }) {
  const number = (value: number) => formatNumber(value, language);
  const total = (key: 'completed' | 'certified') => items.reduce((sum, item) => sum + item[key], 0);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="by-month-caption">
      <table className="wide-table report-table" id="by-month">
        <caption id="by-month-caption">{labels.title}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.month}</th>
            <th scope="col">{labels.completed}</th>
            <th scope="col">{labels.certified}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.month} data-month={item.month}>
              <th scope="row">{monthLabel(item.month, language, true)}</th>
              <td className="num">{number(item.completed)}</td>
              <td className="num">{number(item.certified)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{labels.total}</th>
            <td className="num">{number(total('completed'))}</td>
            <td className="num">{number(total('certified'))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
