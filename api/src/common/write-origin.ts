import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE_NAMES } from '../auth/session-cookie';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF closed by construction (issue #21, M1): the API reads bodies only as JSON or multipart (Fastify refuses other
 * types with 415), and a write authenticated by the session cookie (no Authorization header) must come from the
 * public origin: `Origin` equal to PUBLIC_URL's, or the browser's `Sec-Fetch-Site: same-origin`. A bearer token is
 * never sent by a browser on its own, so bearer-authenticated writes (the web server, scripts) pass as they are.
 */
export function guardWrites(fastify: FastifyInstance, publicUrl: string): void {
  for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
    if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  }
  const publicOrigin = new URL(publicUrl).origin;
  fastify.addHook('onRequest', async (request, reply) => {
    if (!UNSAFE_METHODS.has(request.method) || !cookieAuthenticated(request) || fromPublicOrigin(request, publicOrigin)) return;
    await reply.status(403).header('content-type', 'application/json; charset=utf-8').send({
      statusCode: 403,
      error: 'Forbidden',
      code: 'CROSS_ORIGIN_WRITE',
      message: 'Permintaan ini ditolak karena tidak datang dari halaman Bimtek Pilar. Muat ulang halaman, lalu coba lagi.',
    });
  });
}

function cookieAuthenticated(request: FastifyRequest): boolean {
  if (request.headers.authorization) return false;
  return (request.headers.cookie ?? '').split(';').some((part) => SESSION_COOKIE_NAMES.some((name) => part.trim().startsWith(`${name}=`)));
}

function fromPublicOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin) return origin === publicOrigin;
  return request.headers['sec-fetch-site'] === 'same-origin';
}
