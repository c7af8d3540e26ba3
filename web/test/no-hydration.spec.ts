import path from 'node:path';
import { defineRoutes } from '@remix-run/dev/dist/config/routes.js';
import { flatRoutes } from 'remix-flat-routes';
import { IGNORED_ROUTE_FILES, NO_JS_ROUTE_FOLDERS } from '~/route-groups';
import type { RouteHandle } from '~/route-handles';

/**
 * The learner's pages ship no React runtime: every page route in the no-JS folders must say `hydrate: false` (root.tsx
 * then leaves out every script but /learner.js). The routes are found as the build finds them (vite.config.ts), so a
 * new learner page that forgets its handle fails here, however small its JavaScript.
 */
const appDir = path.join(__dirname, '..', 'app');
const routes = Object.values(flatRoutes('routes', defineRoutes, { appDir, ignoredRouteFiles: IGNORED_ROUTE_FILES }));
const folderOf = (file: string) => file.split('/')[1];
const noJs = routes.filter((route) => (NO_JS_ROUTE_FOLDERS as readonly string[]).includes(folderOf(route.file)));

interface RouteModule {
  default?: unknown;
  handle?: RouteHandle;
}

describe('learner pages without the React runtime', () => {
  it('finds the learner, sign-in, home and verify pages, and nothing outside the known folders', () => {
    const folders = new Set(routes.map((route) => folderOf(route.file)));
    expect([...folders].sort()).toEqual([...NO_JS_ROUTE_FOLDERS, 'admin+', 'pelatih+'].sort());
    expect(noJs.map((route) => route.file)).toEqual(expect.arrayContaining(['routes/_learner+/belajar.tsx', 'routes/_auth+/masuk.tsx', 'routes/_public+/_index.tsx', 'routes/verify+/$code.tsx']));
    expect(routes.some((route) => route.file.endsWith('.server.ts'))).toBe(false);
  });

  it.each(noJs.map((route) => [route.file]))('%s does not hydrate', async (file) => {
    const module = (await import(path.join(appDir, file))) as RouteModule;
    // A resource route (no default export, e.g. /keluar) renders no page at all.
    if (!module.default) return;
    expect(module.handle?.hydrate).toBe(false);
  });
});
