import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsWeights } from '../scripts/js-weight';

/** Incompressible bytes, so the gzip size is close to the raw size. */
function noise(size: number, seed: number): string {
  let out = '';
  let x = seed;
  while (out.length < size) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(33 + (x % 90));
  }
  return out;
}

describe('the JS weight of each route (the build budget)', () => {
  const client = mkdtempSync(path.join(tmpdir(), 'js-weight-'));
  mkdirSync(path.join(client, 'assets'));
  const files: Record<string, string> = {
    'learner.js': noise(3000, 1),
    'assets/entry.js': noise(60_000, 2),
    'assets/react.js': noise(30_000, 3),
    'assets/root.js': noise(2000, 4),
    'assets/admin.js': noise(5000, 5),
    'assets/lesson.js': noise(4000, 6),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(client, name), text);
  const gz = (name: string) => gzipSync(new TextEncoder().encode(files[name])).length;
  const build = {
    routes: {
      root: { id: 'root', path: '', module: { default: {} } },
      'routes/admin': { id: 'routes/admin', parentId: 'root', path: 'admin', module: { default: {} } },
      'routes/_learner+/lesson': { id: 'routes/_learner+/lesson', parentId: 'root', path: 'kursus/:slug/pelajaran/:id', module: { default: {}, handle: { hydrate: false } } },
      'routes/export': { id: 'routes/export', parentId: 'root', path: 'admin.xlsx', module: {} },
    },
    assets: {
      entry: { module: '/assets/entry.js', imports: ['/assets/react.js'] },
      routes: {
        root: { module: '/assets/root.js', imports: ['/assets/react.js'] },
        'routes/admin': { module: '/assets/admin.js' },
        'routes/_learner+/lesson': { module: '/assets/lesson.js' },
      },
    },
  };

  it('a hydrated page counts the entry, its route chain and their imports once; a page without hydration only /learner.js', () => {
    const weights = jsWeights(build, client);
    expect(weights.map((weight) => weight.path)).toEqual(['/admin', '/kursus/:slug/pelajaran/:id']);
    const [admin, lesson] = weights;
    expect(admin).toMatchObject({ hydrated: true, learner: false });
    expect(admin.gzipBytes).toBe(gz('learner.js') + gz('assets/entry.js') + gz('assets/react.js') + gz('assets/root.js') + gz('assets/admin.js'));
    expect(lesson).toMatchObject({ hydrated: false, learner: true, gzipBytes: gz('learner.js') });
  });
});
