import { HttpStatus } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { NO_POLICY_MESSAGE, NOT_SIGNED_IN_MESSAGE, ROLE_REFUSED_MESSAGE, SESSION_ENDED_MESSAGE } from './auth.errors';
import { AuthGuard } from './auth.guard';
import { Authenticated, Public, Role } from './policy.decorator';
import type { SessionsService } from './sessions.service';

class Routes {
  @Public() open() {}
  @Public({ identify: true }) openWithUser() {}
  @Authenticated(Role.ADMIN_PUSAT) national() {}
  forgotten() {}
}

function context(handler: () => void, headers: Record<string, string> = {}) {
  const request = { headers } as Record<string, unknown>;
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ header: () => undefined }) }),
  } as never;
}

/** The refusal as the filter will answer it: status, code, message. */
const refusal = (status: HttpStatus, code: string, message: string) => expect.objectContaining({ code, message, status });

describe('AuthGuard', () => {
  const session = { user: { id: 'u1', name: 'W', role: Role.PESERTA, regionCode: '32.72.03', pillar: null }, sessionId: 's1', expiresAt: new Date(), lastSeenAt: Date.now() };
  const worker = { session, renewed: false };
  const sessions = { authenticate: async (token: string) => (token === 'good' ? worker : null) } as unknown as SessionsService;
  const guard = new AuthGuard(new Reflector(), sessions, { get: () => 'test' } as unknown as ConfigService<never, true>);

  it('refuses a route that declares no policy, even for a signed-in caller', async () => {
    await expect(guard.canActivate(context(Routes.prototype.forgotten, { authorization: 'Bearer good' }))).rejects.toEqual(refusal(HttpStatus.FORBIDDEN, 'FORBIDDEN', NO_POLICY_MESSAGE));
  });

  it('lets anyone through a public route without looking the session up, unless the route asks who is calling', async () => {
    let lookups = 0;
    const counting = new AuthGuard(
      new Reflector(),
      { authenticate: async (token: string) => (lookups++, token === 'good' ? worker : null) } as unknown as SessionsService,
      { get: () => 'test' } as unknown as ConfigService<never, true>,
    );
    await expect(counting.canActivate(context(Routes.prototype.open, { authorization: 'Bearer good' }))).resolves.toBe(true);
    expect(lookups).toBe(0);
    const identified = context(Routes.prototype.openWithUser, { authorization: 'Bearer good' });
    await expect(counting.canActivate(identified)).resolves.toBe(true);
    expect(lookups).toBe(1);
    expect((identified as { switchToHttp(): { getRequest(): { auth?: unknown } } }).switchToHttp().getRequest().auth).toEqual(expect.objectContaining({ user: session.user, sessionId: 's1' }));
    await expect(counting.canActivate(context(Routes.prototype.openWithUser, { authorization: 'Bearer bad' }))).resolves.toBe(true);
  });

  it('asks for a sign-in, then for the right role', async () => {
    await expect(guard.canActivate(context(Routes.prototype.national))).rejects.toEqual(refusal(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', NOT_SIGNED_IN_MESSAGE));
    await expect(guard.canActivate(context(Routes.prototype.national, { authorization: 'Bearer bad' }))).rejects.toEqual(
      refusal(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', SESSION_ENDED_MESSAGE),
    );
    await expect(guard.canActivate(context(Routes.prototype.national, { authorization: 'Bearer good' }))).rejects.toEqual(refusal(HttpStatus.FORBIDDEN, 'FORBIDDEN', ROLE_REFUSED_MESSAGE));
  });
});
