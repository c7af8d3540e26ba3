import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app-config';
import type { AuthRequest } from './auth-context';
import { noPolicy, notSignedIn, roleRefused, sessionEnded } from './auth.errors';
import { Policy, POLICY_KEY } from './policy.decorator';
import { SessionsService } from './sessions.service';
import { setSessionCookie, tokenFrom } from './session-cookie';

/** Methods that change nothing: only these may be let in by a cached session (decision 035). */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export { NO_POLICY_MESSAGE, NOT_SIGNED_IN_MESSAGE, ROLE_REFUSED_MESSAGE } from './auth.errors';

/**
 * The one gate of the API (registered as APP_GUARD): reads the route's policy and refuses a route that declares none.
 * A public route looks the caller up only when it asks to (`@Public({ identify: true })`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly secureCookie: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    config: ConfigService<AppConfig, true>,
  ) {
    // Secure and `__Host-` exactly when the public origin is https, as the web decides (decision 025).
    this.secureCookie = config.get('PUBLIC_URL', { infer: true }).startsWith('https://');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    if (!policy) throw noPolicy();

    if (policy.public && !policy.identify) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const token = tokenFrom(request, this.secureCookie);
    const found = token ? await this.sessions.authenticate(token, { forWrite: !READS.has(request.method) }) : null;
    if (found) {
      request.auth = found.session;
      if (found.renewed && token && !request.headers.authorization) {
        setSessionCookie(context.switchToHttp().getResponse<FastifyReply>(), token, found.session.expiresAt, this.secureCookie);
      }
    }

    if (policy.public) return true;
    if (!found) {
      throw token ? sessionEnded() : notSignedIn();
    }
    if (!policy.roles.includes(found.session.user.role)) throw roleRefused();
    return true;
  }
}
