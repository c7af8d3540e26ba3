import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Pillar } from '../common/pillar';
import { notSignedIn } from './auth.errors';
import type { UserRow } from '../users/user-row';
import { Role } from './policy.decorator';

/** The signed-in caller, as the guard found it. */
export interface AuthUser {
  id: string;
  name: string;
  role: Role;
  regionCode: string | null;
  pillar: Pillar | null;
}

export interface AuthContext {
  user: AuthUser;
  sessionId: string;
  /** The account's columns as GET /api/me shows them, when the guard read them with the session. */
  account?: UserRow;
}

export type AuthRequest = FastifyRequest & { auth?: AuthContext };

/** The caller of an `@Authenticated` route: `me(@CurrentUser() user: AuthUser)`. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const auth = context.switchToHttp().getRequest<AuthRequest>().auth;
  if (!auth) throw notSignedIn();
  return auth.user;
});

/** The whole of what the guard found: the caller, the session, and the account's columns when it read them. */
export const CurrentAuth = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<AuthRequest>().auth;
  if (!auth) throw notSignedIn();
  return auth;
});

/** The caller's session id (to mark "this device" or to log out). */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const auth = context.switchToHttp().getRequest<AuthRequest>().auth;
  if (!auth) throw notSignedIn();
  return auth.sessionId;
});

/** Who and where, for the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const ClientMeta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 400) : null };
});
