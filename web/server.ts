import compression from 'compression';
import express from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { cspNonceOf, refuseCrossOriginWrites, securityHeaders } from './server/security';

/**
 * The public origin: Remix pages, static assets, and `/api/*` + `/.well-known/*` passed through to the API,
 * so the browser sees one origin and the session cookie is first-party.
 */
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3001';
const publicUrl = process.env.PUBLIC_URL;

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', true);

app.use(
  createProxyMiddleware({
    target: apiUrl,
    pathFilter: ['/api', '/.well-known'],
    xfwd: true,
    proxyTimeout: 60_000,
    on: {
      error: (_error, _req, res) => {
        if ('writeHead' in res && !res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ statusCode: 502, error: 'Bad Gateway', message: 'API tidak dapat dihubungi. Coba lagi sebentar lagi.' }));
        }
      },
    },
  }),
);
app.use(compression());
// Everything below the API proxy (which answers with the API's own headers and origin check) is the web's own.
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
  // Hashed file names never change content: cache them for a year.
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
  build = (await import(new URL('./build/server/index.js', import.meta.url).href)) as ServerBuild;
}

// A fresh load context per request, shared by the root loader and the route loaders: the signed-in user is asked of
// the API once per request and kept on it (app/utils/session.server.ts).
app.all('*', createRequestHandler({ build, mode: dev ? 'development' : 'production', getLoadContext: (_req, res) => ({ cspNonce: cspNonceOf(res) }) }));

app.listen(port, host, () => {
  console.log(`Web ready: http://localhost:${port}`);
});
