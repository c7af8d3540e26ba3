import { clearSessionCookie, getToken, sessionCookie } from '~/utils/session-cookie.server';
import { isSameOriginWrite } from '../server/security';
import type { Request as ExpressRequest } from 'express';

/** The session cookie is `__Host-bimtek_session` in production (Secure, Path=/, no Domain) and plain over http in development. */
const original = process.env.NODE_ENV;
const originalPublicUrl = process.env.PUBLIC_URL;
afterEach(() => {
  process.env.NODE_ENV = original;
  if (originalPublicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = originalPublicUrl;
});

const page = (cookie: string) => new Request('http://web.test/belajar', { headers: { cookie } });

describe('session cookie', () => {
  it('on an https origin carries the __Host- prefix, Secure, Path=/ and no Domain, and only that name is read', () => {
    process.env.NODE_ENV = 'production';
    process.env.PUBLIC_URL = 'https://pilar.example';
    const set = sessionCookie('tok en');
    expect(set).toMatch(/^__Host-bimtek_session=tok%20en; /);
    expect(set).toContain('; Secure');
    expect(set).toContain('; Path=/;');
    expect(set).not.toMatch(/Domain=/i);
    expect(clearSessionCookie()).toMatch(/^__Host-bimtek_session=; .*Max-Age=0/);
    expect(getToken(page('__Host-bimtek_session=tok%20en'))).toBe('tok en');
    // A plain cookie could have been planted by a sibling subdomain or an http page: it is not a session.
    expect(getToken(page('bimtek_session=planted'))).toBeUndefined();
  });

  it('over http keeps the plain name without Secure, also when the web renders in production mode (npm start)', () => {
    process.env.NODE_ENV = 'production';
    process.env.PUBLIC_URL = 'http://localhost:3000';
    const set = sessionCookie('abc');
    expect(set).toMatch(/^bimtek_session=abc; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(getToken(page('x=1; bimtek_session=abc'))).toBe('abc');
    expect(getToken(page('__Host-bimtek_session=abc'))).toBeUndefined();
  });

  it('counts the __Host- cookie as a session for the cross-origin write check', () => {
    const request = { get: (name: string) => ({ cookie: '__Host-bimtek_session=abc' })[name.toLowerCase()] } as unknown as ExpressRequest;
    expect(isSameOriginWrite(request, 'https://pilar.example')).toBe(false);
  });
});
