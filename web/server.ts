import compression from 'compression';
import express from 'express';
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { createApiPassThrough, isPassedThrough } from './server/api-proxy';
import { concurrencyFrom, runPrimary } from './server/cluster';
import { learnerPages } from './server/learner-pages';
import { cspNonceOf, refuseCrossOriginWrites, securityHeaders } from './server/security';

/**
 * The public origin: Remix pages, static assets, and `/api/*` + `/.well-known/*` passed through to the API,
 * so the browser sees one origin and the session cookie is first-party. Served by WEB_CONCURRENCY processes (one per
 * core by default; one with `--dev`), which share the port. The lesson, course and test pages are answered from HTML
 * Remix rendered once, filled per request (server/learner-pages.ts, decision 034; LEARNER_PAGE_CACHE=off to compare).
 */
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3001';
const publicUrl = process.env.PUBLIC_URL;
const workers = dev ? 1 : concurrencyFrom(process.env.WEB_CONCURRENCY, 'WEB_CONCURRENCY');

if (!cluster.isWorker && workers > 1) {
  await runPrimary({ name: 'Web', workers, envFor: () => ({}) });
} else {
  await serve();
}

async function serve(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(compression());
  // Everything here is the web's own (the API pass-through answers with the API's own headers and origin check).
  app.use(securityHeaders({ publicUrl, dev }));
  app.use(refuseCrossOriginWrites(publicUrl));

  // Remix loaders call the API from here: tell it who is really asking (appended last, so the API, which trusts only
  // this hop, ignores anything a client wrote into the header itself).
  app.use((req, _res, next) => {
    const address = req.socket.remoteAddress;
    if (address) {
      const previous = req.headers['x-forwarded-for'];
      req.headers['x-forwarded-for'] = previous ? `${previous}, ${address}` : address;
    }
    next();
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import('vite');
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    build = () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  } else {
    build = (await import(new URL('./build/server/index.js', import.meta.url).href)) as ServerBuild;
    // The lesson and course pages from HTML Remix rendered once, filled per request (decision 034); before the static
    // files, which would look each page's path up on disk first.
    if (process.env.LEARNER_PAGE_CACHE !== 'off') app.use(learnerPages({ apiUrl, build, mode: 'production' }));
    // Hashed file names never change content: cache them for a year.
    app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
    app.use(express.static('build/client', { maxAge: '1h' }));
  }

  // A fresh load context per request, shared by the root loader and the route loaders: the signed-in user is asked of
  // the API once per request and kept on it (app/utils/session.server.ts).
  app.all('*', createRequestHandler({ build, mode: dev ? 'development' : 'production', getLoadContext: (_req, res) => ({ cspNonce: cspNonceOf(res) }) }));

  // The pass-through is answered before Express: it needs none of its routing, and it is the hottest path.
  const api = createApiPassThrough(apiUrl);
  const server = createServer((req, res) => (isPassedThrough(req.url) ? api.handle(req, res) : app(req, res)));
  server.listen(port, host, () => {
    if (!cluster.isWorker || cluster.worker?.id === 1) console.log(`Web ready: http://localhost:${port}`);
  });
}
