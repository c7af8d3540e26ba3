import { performance } from 'node:perf_hooks';
import { normalizeNik } from './nik';
import { normalizePersonName } from './person-name';
import { normalizePhone } from './phone';
import { parsePillar } from './pillar';
import { hasUnsafeText, trimEnds } from './text-safety';
import { checkRow, normalizeRegionCode } from '../rosters/roster-rows';

const MEGABYTE = 1024 * 1024;
/** Shapes that make backtracking regexes quadratic or worse: runs of one class between two other characters. */
const HOSTILE_CELLS = [
  `a${' '.repeat(MEGABYTE)}x`,
  `a${'\u00a0'.repeat(MEGABYTE)}x`,
  `_${'_'.repeat(MEGABYTE)}a`,
  '('.repeat(MEGABYTE),
  `+${'-'.repeat(MEGABYTE)}x`,
  '1'.repeat(MEGABYTE),
  `a${'.'.repeat(MEGABYTE)}@`,
];

const NORMALIZERS: Record<string, (text: string) => unknown> = {
  normalizePersonName,
  normalizePhone,
  normalizeNik,
  parsePillar,
  normalizeRegionCode,
  hasUnsafeText,
  trimEnds,
  checkRow: (text) => checkRow({ row: 2, cells: { nama: { text }, no_hp: { text }, pilar: { text }, kode_wilayah: { text }, nik: { text }, email: { text } } }),
};

describe('text normalizers on 1 MB cells (F-M4)', () => {
  it.each(Object.keys(NORMALIZERS))('%s returns within milliseconds for every hostile shape', (name) => {
    for (const cell of HOSTILE_CELLS) {
      const started = performance.now();
      NORMALIZERS[name](cell);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });

});
