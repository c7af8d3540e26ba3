import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CROSS_ORIGIN_MESSAGE, refuseCrossOriginWrites, securityHeaders } from '../server/security';

/**
 * F-M1 (web side) and F-L3 of the security report, through a real HTTP server wired as web/server.ts wires it:
 * the middleware in front of a stand-in for Remix that accepts every request (as `?_data=`/`.data` requests and
 * resource routes did).
 */
const PUBLIC_URL = 'http://bimtek.test:3300';
const session = { cookie: 'bimtek_session=token' };
let server: Server;
let base: string;
let reached: string[];

function start(publicUrl: string): Promise<void> {
  const app = express();
  app.use(securityHeaders({ publicUrl, dev: false }));
  app.use(refuseCrossOriginWrites(publicUrl));
  app.all('*', (req, res) => {
    reached.push(`${req.method} ${req.url}`);
    res.status(204).end();
  });
  return new Promise((resolve) => {
    server = app.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

function post(path: string, headers: Record<string, string>): Promise<Response> {
  return fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'intent=approve&id=w1',
    redirect: 'manual',
  });
}

beforeEach(() => {
  reached = [];
});

describe('cross-origin writes to the web (F-M1)', () => {
  beforeAll(() => start(PUBLIC_URL));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each([
    ['/admin/pekerja?_data=routes%2Fadmin.pekerja', { ...session, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['/admin/pekerja.data', { ...session, origin: 'https://evil.example' }],
    ['/admin/sertifikat?_data=routes%2Fadmin.sertifikat', { ...session, origin: 'https://pemda.go.id' }],
    ['/kursus/inti-pilar-sosial?_data=routes%2Fkursus.%24slug._index', { ...session, 'sec-fetch-site': 'same-site' }],
    ['/keluar', { ...session, origin: 'null' }],
    ['/admin/kode-aktivasi.xlsx', { ...session, 'sec-fetch-site': 'cross-site' }],
    ['/admin/pekerja', { ...session, origin: 'http://bimtek.test:3301' }],
    ['/admin/pekerja', session],
    ['/masuk', { origin: 'https://evil.example' }],
  ])('refuses POST %s with a 403 in Indonesian, before the route runs', async (path, headers) => {
    const response = await post(path, headers);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(CROSS_ORIGIN_MESSAGE);
    expect(reached).toEqual([]);
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('refuses a cross-origin %s', async (method) => {
    const response = await fetch(`${base}/admin/pekerja`, { method, headers: { ...session, origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
  });

  it.each([
    ['the public origin', { ...session, origin: PUBLIC_URL }],
    ['Sec-Fetch-Site same-origin', { ...session, 'sec-fetch-site': 'same-origin' }],
    ['a script without cookie or browser headers', {}],
  ])('lets a write from %s through', async (_name, headers) => {
    const response = await post('/admin/pekerja?_data=routes%2Fadmin.pekerja', headers);
    expect(response.status).toBe(204);
    expect(reached).toEqual(['POST /admin/pekerja?_data=routes%2Fadmin.pekerja']);
  });

  it('lets reads through whatever their origin', async () => {
    const response = await fetch(`${base}/admin/pekerja`, { headers: { ...session, origin: 'https://evil.example' } });
    expect(response.status).toBe(204);
  });
});

describe('security headers on web pages (F-L3)', () => {
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('sends framing, sniffing, referrer and a CSP with a fresh nonce, and no HSTS over http', async () => {
    await start(PUBLIC_URL);
    const [first, second] = await Promise.all([fetch(`${base}/belajar`), fetch(`${base}/admin/pekerja`)]);
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(first.headers.get('strict-transport-security')).toBeNull();
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'(;|$)/);
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(second.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('sends HSTS when the public origin is https', async () => {
    await start('https://bimtek.kemensos.go.id');
    const response = await fetch(`${base}/`);
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
  });
});
