import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { NO_JS_ROUTE_FOLDERS } from '../app/route-groups';

/** 100 KB of gzip JavaScript, the ceiling on any learner route (DESIGN.md, budgets). */
export const LEARNER_BUDGET_BYTES = 100_000;

/** The learner's pages (every route in the no-JS folders, app/route-groups.ts): the budget applies to these. */
function isLearnerRoute(id: string): boolean {
  return NO_JS_ROUTE_FOLDERS.some((folder) => id.startsWith(`routes/${folder}/`));
}

export interface RouteWeight {
  id: string;
  path: string;
  hydrated: boolean;
  learner: boolean;
  gzipBytes: number;
}

interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: { handle?: { hydrate?: boolean }; default?: unknown };
}

interface ServerBuildLike {
  routes: Record<string, BuildRoute>;
  assets: { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> };
}

/**
 * What a browser downloads in JavaScript for each page route: for a hydrated route, the entry, the route chain's
 * modules and their imports; for a route (or an ancestor) with `handle.hydrate === false`, none of those, only
 * /learner.js, which root.tsx adds to every page.
 */
export function jsWeights(build: ServerBuildLike, clientDir: string): RouteWeight[] {
  const sizes = new Map<string, number>();
  const gzipOf = (url: string): number => {
    const file = path.join(clientDir, url.replace(/^\//, ''));
    if (!sizes.has(url)) sizes.set(url, existsSync(file) ? gzipSync(new Uint8Array(readFileSync(file))).length : 0);
    return sizes.get(url) ?? 0;
  };
  const learnerScript = gzipOf('/learner.js');
  const chain = (route: BuildRoute): BuildRoute[] => (route.parentId ? [...chain(build.routes[route.parentId]), route] : [route]);
  const fullPath = (routes: BuildRoute[]): string =>
    '/' +
    routes
      .map((route) => route.path ?? '')
      .filter(Boolean)
      .join('/');
  const leaves = Object.values(build.routes).filter((route) => route.id !== 'root' && Boolean(route.module.default) && !Object.values(build.routes).some((other) => other.parentId === route.id && !other.index));
  return leaves
    .map((route) => {
      const routes = chain(route);
      const hydrated = !routes.some((item) => item.module.handle?.hydrate === false);
      const files = new Set<string>([learnerScriptUrl]);
      if (hydrated) {
        files.add(build.assets.entry.module);
        for (const url of build.assets.entry.imports) files.add(url);
        for (const item of routes) {
          const asset = build.assets.routes[item.id];
          if (!asset) continue;
          files.add(asset.module);
          for (const url of asset.imports ?? []) files.add(url);
        }
      }
      const routePath = fullPath(routes);
      const learner = isLearnerRoute(route.id);
      const gzipBytes = [...files].reduce((sum, url) => sum + (url === learnerScriptUrl ? learnerScript : gzipOf(url)), 0);
      return { id: route.id, path: routePath, hydrated, learner, gzipBytes };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

const learnerScriptUrl = '/learner.js';
