import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app-config';
import type { AuthRequest } from './auth-context';
import { Policy, POLICY_KEY } from './policy.decorator';
import { SessionsService } from './sessions.service';
import { setSessionCookie, tokenFrom } from './session-cookie';

export const NO_POLICY_MESSAGE = 'This route declares no access policy (@Public or @Authenticated), so it is refused.';
export const NOT_SIGNED_IN_MESSAGE = 'Silakan masuk terlebih dahulu.';
export const ROLE_REFUSED_MESSAGE = 'Peran akun Anda tidak diizinkan membuka halaman ini.';

/**
 * The one gate of the API (registered as APP_GUARD): reads the route's policy and refuses a route that declares none.
 * A public route looks the caller up only when it asks to (`@Public({ identify: true })`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly production: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.production = config.get('NODE_ENV', { infer: true }) === 'production';
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    if (!policy) throw new ForbiddenException(NO_POLICY_MESSAGE);

    if (policy.public && !policy.identify) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const token = tokenFrom(request);
    const found = token ? await this.sessions.authenticate(token) : null;
    if (found) {
      request.auth = { user: found.user, sessionId: found.sessionId };
      if (found.renewed && token && !request.headers.authorization) {
        setSessionCookie(context.switchToHttp().getResponse<FastifyReply>(), token, found.expiresAt, this.production);
      }
    }

    if (policy.public) return true;
    if (!found) {
      throw new UnauthorizedException(token ? 'Sesi Anda sudah berakhir. Silakan masuk lagi.' : NOT_SIGNED_IN_MESSAGE);
    }
    if (!policy.roles.includes(found.user.role)) throw new ForbiddenException(ROLE_REFUSED_MESSAGE);
    return true;
  }
}
