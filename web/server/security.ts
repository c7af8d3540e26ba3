import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The session cookie's names: plain in development, `__Host-` in production (app/utils/session-cookie.server.ts). */
const SESSION_COOKIE_NAMES = ['bimtek_session', '__Host-bimtek_session'];

export const CROSS_ORIGIN_MESSAGE = 'Permintaan ini ditolak karena tidak datang dari halaman Bimtek Pilar. Muat ulang halaman, lalu coba lagi.';

/** PUBLIC_URL's origin when it is set; otherwise the origin this request was addressed to (development). */
function publicOriginOf(req: Request, publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).origin : `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * CSRF closed in one place (security report F-M1): Remix checks Origin only for document requests (and answers its
 * refusal with a 500), not for `?_data=` requests or resource routes. This mirrors the API's rule
 * (api/src/common/write-origin.ts): an unsafe request that names another origin (`Origin`, or `Sec-Fetch-Site` other
 * than same-origin) is refused; one that carries the session cookie must prove it comes from the public origin.
 * A script without cookie and without those headers (curl, a health probe) is not a browser and passes.
 */
export function refuseCrossOriginWrites(publicUrl: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!UNSAFE_METHODS.has(req.method) || isSameOriginWrite(req, publicOriginOf(req, publicUrl))) {
      next();
      return;
    }
    res.status(403).type('text/plain; charset=utf-8').set('Cache-Control', 'no-store').send(CROSS_ORIGIN_MESSAGE);
  };
}

export function isSameOriginWrite(req: Request, publicOrigin: string): boolean {
  const origin = req.get('origin');
  const fetchSite = req.get('sec-fetch-site');
  if (origin) return origin === publicOrigin;
  if (fetchSite) return fetchSite === 'same-origin';
  return !hasSessionCookie(req);
}

function hasSessionCookie(req: Request): boolean {
  return (req.get('cookie') ?? '').split(';').some((part) => SESSION_COOKIE_NAMES.some((name) => part.trim().startsWith(`${name}=`)));
}

/** The per-response nonce that lets Remix's inline hydration scripts run under the CSP (admin pages). */
export function cspNonceOf(res: Response): string {
  return String(res.locals.cspNonce ?? '');
}

/**
 * Security headers on every web response (security report F-L3). Learner pages have no inline scripts; hydrated
 * admin pages get Remix's inline scripts through a per-response nonce. HSTS only when the public origin is https.
 * In `--dev` (Vite with its injected scripts and websocket) no CSP is sent.
 */
export function securityHeaders(options: { publicUrl: string | undefined; dev: boolean }) {
  const https = options.publicUrl?.startsWith('https://') ?? false;
  return (_req: Request, res: Response, next: NextFunction): void => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.cspNonce = nonce;
    res.set({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    if (https) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (!options.dev) res.set('Content-Security-Policy', contentSecurityPolicy(nonce));
    next();
  };
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes (a progress bar's width) only; no inline <style> or script is needed for styling.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
