import { vitePlugin as remix } from '@remix-run/dev';
import { flatRoutes } from 'remix-flat-routes';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { IGNORED_ROUTE_FILES } from './app/route-groups';

export default defineConfig({
  plugins: [
    remix({
      // Routes come from remix-flat-routes (folders by audience, see app/route-groups.ts), not Remix's own convention.
      ignoredRouteFiles: ['**/*'],
      routes: async (defineRoutes) => flatRoutes('routes', defineRoutes, { ignoredRouteFiles: IGNORED_ROUTE_FILES }),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
  ],
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  build: { target: 'es2019' },
});
