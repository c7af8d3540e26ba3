import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ApiError, ApiErrorDto } from '../common/api-error';
import type { AppConfig } from '../config/app-config';
import { UserDto } from '../users/user.dto';
import { AuthUser, ClientMeta, CurrentSession, CurrentUser, type RequestMeta } from './auth-context';
import { ActivateDto, AuthResponseDto, ChangePasswordDto, LoginDto, RegisterDto, RegisteredDto, RevokedDto, SessionDto } from './auth.dto';
import { AuthService } from './auth.service';
import { Authenticated, Public } from './policy.decorator';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { NewSession, SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    config: ConfigService<AppConfig, true>,
  ) {
    // Secure and `__Host-` exactly when the public origin is https, as the web decides (decision 025).
    this.secureCookie = config.get('PUBLIC_URL', { infer: true }).startsWith('https://');
  }

  @Post('login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthResponseDto, description: 'Signed in; the session cookie is set too' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'AUTH_TOO_MANY_ATTEMPTS (failures of this phone or from this address; Retry-After says when), or TOO_MANY_REQUESTS' })
  async login(@Body() body: LoginDto, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponseDto> {
    return this.signedIn(await withRetryAfter(reply, () => this.auth.login(body, meta)), reply);
  }

  @Post('activate')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthResponseDto, description: 'Activated and signed in' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'AUTH_TOO_MANY_ATTEMPTS (failures of this phone or from this address; Retry-After says when), or TOO_MANY_REQUESTS' })
  async activate(@Body() body: ActivateDto, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponseDto> {
    return this.signedIn(await withRetryAfter(reply, () => this.auth.activate(body, meta)), reply);
  }

  @Post('register')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RegisteredDto, description: 'Registered; waiting for an admin of the region to approve' })
  register(@Body() body: RegisterDto, @ClientMeta() meta: RequestMeta): Promise<RegisteredDto> {
    return this.auth.register(body, meta);
  }

  @Post('logout')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'This session is ended and its cookie cleared' })
  async logout(@CurrentUser() user: AuthUser, @CurrentSession() sessionId: string, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(user, sessionId, meta);
    clearSessionCookie(reply, this.secureCookie);
  }

  @Post('password')
  @Authenticated()
  @ApiBearerAuth()
  @UseGuards(ThrottlerGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RevokedDto, description: 'Password changed; every other session is ended' })
  async changePassword(@CurrentUser() user: AuthUser, @CurrentSession() sessionId: string, @Body() body: ChangePasswordDto, @ClientMeta() meta: RequestMeta): Promise<RevokedDto> {
    return { revoked: await this.auth.changePassword(user, sessionId, body.currentPassword, body.newPassword, meta) };
  }

  @Get('sessions')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOkResponse({ type: [SessionDto], description: 'My active sessions, the most recently used first' })
  list(@CurrentUser() user: AuthUser, @CurrentSession() sessionId: string): Promise<SessionDto[]> {
    return this.sessions.list(user.id, sessionId);
  }

  @Post('sessions/revoke-others')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RevokedDto, description: 'Log out every other device' })
  async revokeOthers(@CurrentUser() user: AuthUser, @CurrentSession() sessionId: string, @ClientMeta() meta: RequestMeta): Promise<RevokedDto> {
    return { revoked: await this.auth.revokeOtherSessions(user, sessionId, meta) };
  }

  @Delete('sessions/:id')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'That session is ended' })
  revoke(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string, @ClientMeta() meta: RequestMeta): Promise<void> {
    return this.auth.revokeSession(user, id, meta);
  }

  /** The new session as a cookie (browsers) and in the body (the web server, apps). */
  private signedIn(result: NewSession & { user: UserDto }, reply: FastifyReply): AuthResponseDto {
    setSessionCookie(reply, result.token, result.expiresAt, this.secureCookie);
    return { token: result.token, expiresAt: result.expiresAt, user: result.user };
  }
}

/** A sign-in refused for too many failures says when to try again (Retry-After), as a 429 should. */
async function withRetryAfter<T>(reply: FastifyReply, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    const seconds = error instanceof ApiError ? (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
    throw error;
  }
}
