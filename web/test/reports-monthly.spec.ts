import React, { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { MonthlyChart, MonthlyTable, scaleTop, type MonthlyLabels } from '~/components/reports/monthly-chart';
import { readPeriod } from '~/components/reports/monthly-query';
import { i18nextFor } from '~/i18next.server';

/**
 * The dashboard's completions and certificates per month (decision 036): the server-rendered SVG chart is one image
 * with a title and a description, its bars follow the numbers, the table beside it has the same numbers; and the
 * dashboard page renders both from the API's answer (the route component with its loader data, Remix stubbed).
 */
// The jest transform compiles JSX to React.createElement (the classic runtime; Vite uses the automatic one).
Object.assign(globalThis, { React });
const loaderData: { current: unknown } = { current: null };
jest.mock('@remix-run/react', () => {
  const react = jest.requireActual<typeof import('react')>('react');
  const anchor = ({ to, children, ...rest }: { to: string; children?: ReactNode }) => react.createElement('a', { href: to, ...rest }, children);
  return {
    Link: anchor,
    NavLink: anchor,
    Form: ({ children, ...rest }: { children?: ReactNode }) => react.createElement('form', rest, children),
    useLoaderData: () => loaderData.current,
  };
});

const items = [
  { month: '2026-01', completed: 40, certified: 35 },
  { month: '2026-02', completed: 0, certified: 0 },
  { month: '2026-03', completed: 17, certified: 20 },
];
const labels: MonthlyLabels = { title: 'Per bulan', description: 'Diagram 57 lulus', month: 'Bulan', completed: 'Lulus', certified: 'Sertifikat terbit', total: 'Jumlah' };

describe('the monthly chart and table', () => {
  it('draw one image with a title and a description, two bars a month, as tall as their numbers', () => {
    const html = renderToStaticMarkup(createElement(MonthlyChart, { items, labels, language: 'id' }));
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="monthly-chart-title"[^>]*aria-describedby="monthly-chart-desc"/);
    expect(html).toContain('<title id="monthly-chart-title">Per bulan</title>');
    expect(html).toContain('<desc id="monthly-chart-desc">Diagram 57 lulus</desc>');
    const heights = [...html.matchAll(/<rect data-series="(\w+)"[^>]*height="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(heights.map(([series]) => series)).toEqual(['completed', 'certified', 'completed', 'certified', 'completed', 'certified']);
    const [jan, , feb, , mar] = heights.map(([, h]) => h as number);
    expect(feb).toBe(0);
    expect(jan / mar).toBeCloseTo(40 / 17, 5);
    expect(html).toContain('Jan 26');
  });

  it('scale to a round top at or above the largest number', () => {
    expect([0, 1, 3, 40, 100, 101, 4321].map(scaleTop)).toEqual([1, 1, 5, 50, 100, 200, 5000]);
  });

  it('list every month in the table with the period totals at the foot', () => {
    const html = renderToStaticMarkup(createElement(MonthlyTable, { items, labels, language: 'id' }));
    expect(html).toContain('<caption id="by-month-caption">Per bulan</caption>');
    expect([...html.matchAll(/<tr data-month="([\d-]+)"><th scope="row">([^<]+)<\/th><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => m.slice(1))).toEqual([
      ['2026-01', 'Januari 2026', '40', '35'],
      ['2026-02', 'Februari 2026', '0', '0'],
      ['2026-03', 'Maret 2026', '17', '20'],
    ]);
    expect(html).toMatch(/<tfoot><tr><th scope="row">Jumlah<\/th><td class="num">57<\/td><td class="num">55<\/td>/);
  });

  it('read the period from the URL, dropping months the API would refuse by their form', () => {
    expect(readPeriod(new URLSearchParams('from=2025-01&to=2025-12'))).toEqual({ from: '2025-01', to: '2025-12' });
    expect(readPeriod(new URLSearchParams('from=2025-13&to=25-01'))).toEqual({});
  });
});

describe('the dashboard page', () => {
  const counts = { workers: 300, enrolled: 250, started: 200, completed: 150, certified: 120, expiringSoon: 5, expired: 9, jp: 1200, avgPre: 50, avgPost: 80, avgGain: 30 };

  async function render(extra: Record<string, unknown> = {}): Promise<string> {
    const { default: ReportDashboard } = await import('~/routes/admin+/laporan._index');
    loaderData.current = {
      filters: { region: '32.72' },
      period: { from: '2026-01', to: '2026-03' },
      periodInvalid: false,
      months: { region: '32.72', from: '2026-01', to: '2026-03', items, completed: 57, certified: 55 },
      figures: { region: '32.72', regionName: 'Kota Sukabumi', generatedAt: '2026-03-31T00:00:00Z', ...counts },
      crumbs: [],
      children: [],
      courses: [],
      perPillar: [],
      ...extra,
    };
    const i18n = await i18nextFor(new Request('http://bimtek.test/admin/laporan'));
    return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ReportDashboard)));
  }

  it('shows the months as a chart and a table, the period totals, and the period in the filters', async () => {
    const html = await render();
    expect(html).toContain('role="img"');
    expect(html).toContain('Lulus dan sertifikat terbit per bulan di Kota Sukabumi, Januari 2026 – Maret 2026</title>');
    expect(html).toMatch(/<desc id="monthly-chart-desc">[^<]*57 lulus dan 55 sertifikat terbit/);
    expect(html).toContain('<table class="wide-table report-table" id="by-month">');
    expect(html.match(/<tr data-month=/g)).toHaveLength(3);
    expect(html).toMatch(/data-figure="period-completed"><div class="stat-card__plain"><span class="stat-card__number">57</);
    expect(html).toMatch(/<input id="f-from" name="from" type="month"[^>]*value="2026-01"/);
    expect(html).toMatch(/<input id="f-to" name="to" type="month"[^>]*value="2026-03"/);
    expect(html).not.toContain('role="alert"');
  });

  it('says when the period was refused and the last 12 months are shown instead', async () => {
    const html = await render({ period: {}, periodInvalid: true });
    expect(html).toMatch(/role="alert">Periode tidak valid/);
  });

  it('keeps the period on the links down to the child regions', async () => {
    const child = { code: '32.72.03', name: 'Citamiang', ...counts };
    const html = await render({ children: [child] });
    expect(html).toContain('href="/admin/laporan?from=2026-01&amp;region=32.72.03&amp;to=2026-03"');
  });
});
