/**
 * Runs after `remix vite:build` (npm run build -w web):
 *  1. bundles the learner's comfort script (app/offline/learner-client.ts, with `idb`) into build/client/learner.js;
 *  2. generates the service worker build/client/sw.js with workbox-build (app shell precached, pages from the network
 *     with the copy the worker saved as fallback, never stored by the worker itself, course images cache-first, /offline.html when nothing is saved);
 *  3. prints the gzip JavaScript each route ships and fails past the budget (100 KB on learner routes), or when a
 *     learner route (app/route-groups.ts) would hydrate at all.
 */
import { build as esbuild } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generateSW } from 'workbox-build';
import { jsWeights, LEARNER_BUDGET_BYTES, type RouteWeight } from './js-weight';

const web = fileURLToPath(new URL('..', import.meta.url));
const client = path.join(web, 'build', 'client');

await esbuild({
  entryPoints: [path.join(web, 'app/offline/learner-client.ts')],
  outfile: path.join(client, 'learner.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  legalComments: 'none',
  logLevel: 'warning',
});

const { count, size, warnings } = await generateSW({
  swDest: path.join(client, 'sw.js'),
  globDirectory: client,
  globPatterns: ['assets/*.css', 'learner.js', 'offline.html', 'manifest.webmanifest', 'icons/*'],
  // The stylesheet's name is hashed; the others change in place, so their revision is their content hash.
  dontCacheBustURLsMatching: /^assets\//,
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: 'production',
  runtimeCaching: [
    {
      // Pages come from the network and are never stored by the worker (issue #21 M3: a shared phone kept admin lists
      // and account pages after logout). Offline, only what the signed-in worker chose to save ("Simpan untuk
      // offline", learner.js, one cache per person) is served, else /offline.html from the precache.
      urlPattern: ({ request }) => request.mode === 'navigate',
      handler: 'NetworkOnly',
      options: {
        plugins: [
          {
            handlerDidError: async ({ request }) => {
              const names = (await caches.keys()).filter((name) => name.startsWith('bimtek-pages-'));
              for (const name of names) {
                const saved = await (await caches.open(name)).match(request, { ignoreVary: true, ignoreSearch: false });
                if (saved) return saved;
              }
              return caches.match('/offline.html', { ignoreSearch: true });
            },
          },
        ],
      },
    },
    {
      urlPattern: /\/api\/courses\/[^/]+\/media\//,
      handler: 'CacheFirst',
      options: { cacheName: 'bimtek-media', matchOptions: { ignoreVary: true }, cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 500 } },
    },
    {
      urlPattern: /\/assets\//,
      handler: 'CacheFirst',
      options: { cacheName: 'bimtek-assets', cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 60 } },
    },
  ],
});
for (const warning of warnings) console.warn(`[offline] ${warning}`);
const gz = (file: string) => gzipSync(new Uint8Array(readFileSync(file))).length;
console.log(
  `[offline] learner.js ${(gz(path.join(client, 'learner.js')) / 1024).toFixed(1)} KB gzip; sw.js ${(statSync(path.join(client, 'sw.js')).size / 1024).toFixed(1)} KB, precaching ${count} files (${(size / 1024).toFixed(0)} KB)`,
);

const serverBuild = await import(pathToFileURL(path.join(web, 'build', 'server', 'index.js')).href);
const weights = jsWeights(serverBuild, client);
printWeights(weights);
const over = weights.filter((weight) => weight.learner && weight.gzipBytes > LEARNER_BUDGET_BYTES);
if (over.length > 0) {
  console.error(`[js-weight] over the ${LEARNER_BUDGET_BYTES / 1000} KB gzip budget: ${over.map((weight) => weight.path).join(', ')}`);
  process.exit(1);
}
// A learner page ships no React runtime at all, however small it would be (app/route-groups.ts).
const hydrated = weights.filter((weight) => weight.learner && weight.hydrated);
if (hydrated.length > 0) {
  console.error(`[js-weight] learner routes that would hydrate (add handle = learnerHandle): ${hydrated.map((weight) => weight.path).join(', ')}`);
  process.exit(1);
}

function printWeights(list: RouteWeight[]): void {
  console.log('[js-weight] gzip JavaScript per route (learner routes: budget 100 KB)');
  for (const weight of list) {
    const kb = (weight.gzipBytes / 1000).toFixed(1).padStart(6);
    console.log(`[js-weight] ${kb} KB  ${weight.hydrated ? 'hydrated  ' : 'HTML only '} ${weight.learner ? 'learner ' : '        '} ${weight.path}`);
  }
}
