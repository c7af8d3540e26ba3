import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie, setSessionCookie, tokenFrom } from './session-cookie';

function fakeReply(): { reply: FastifyReply; cookie: () => string } {
  let value = '';
  const reply = { header: (name: string, v: string) => (name === 'set-cookie' ? (value = v) : undefined) } as unknown as FastifyReply;
  return { reply, cookie: () => value };
}
const request = (cookie: string) => ({ headers: { cookie } }) as unknown as FastifyRequest;

describe('session cookie (issue #21: __Host- prefix in production)', () => {
  it('is __Host-bimtek_session in production: Secure, Path=/, no Domain; a plain cookie is not read', () => {
    const { reply, cookie } = fakeReply();
    setSessionCookie(reply, 'abc', new Date(Date.now() + 60_000), true);
    expect(cookie()).toMatch(/^__Host-bimtek_session=abc; /);
    expect(cookie()).toMatch(/; Secure/);
    expect(cookie()).toMatch(/; Path=\/(;|$)/);
    expect(cookie()).not.toMatch(/Domain=/i);
    clearSessionCookie(reply, true);
    expect(cookie()).toMatch(/^__Host-bimtek_session=; Max-Age=0/);
    expect(tokenFrom(request('__Host-bimtek_session=abc'), true)).toBe('abc');
    expect(tokenFrom(request('bimtek_session=planted'), true)).toBeNull();
  });

  it('keeps the plain name without Secure in development (http)', () => {
    const { reply, cookie } = fakeReply();
    setSessionCookie(reply, 'abc', new Date(Date.now() + 60_000), false);
    expect(cookie()).toMatch(/^bimtek_session=abc; /);
    expect(cookie()).not.toMatch(/Secure/);
    expect(tokenFrom(request('bimtek_session=abc'), false)).toBe('abc');
    expect(tokenFrom(request('__Host-bimtek_session=abc'), false)).toBeNull();
  });
});
