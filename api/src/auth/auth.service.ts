import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { normalizePersonName } from '../common/person-name';
import { normalizePhone } from '../common/phone';
import { RegionLevel } from '../regions/region-level';
import { regionNotFound } from '../regions/regions.errors';
import { RegionsService } from '../regions/regions.service';
import { UserDto } from '../users/user.dto';
import { UserStatus } from '../users/user-status';
import { SignInAttempt, UsersService } from '../users/users.service';
import type { AuthContext, AuthUser, RequestMeta } from './auth-context';
import { ActivateDto, LoginDto, RegisterDto, RegisteredDto } from './auth.dto';
import {
  accountDisabled,
  accountPending,
  activationFailed,
  currentPasswordWrong,
  loginFailed,
  nameInvalid,
  passwordRejected,
  phoneInvalid,
  regionIsProvince,
  sessionNotFound,
} from './auth.errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { Role } from './policy.decorator';
import { NewSession, SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle';
import { activationCodeHash } from './tokens';

export { ACTIVATION_FAILED_MESSAGE, LOGIN_FAILED_MESSAGE, MAX_FAILED_LOGINS } from './auth.errors';

export const REGISTERED_MESSAGE =
  'Pendaftaran diterima. Akun Anda aktif setelah disetujui admin Dinsos di wilayah Anda; setelah itu masuk dengan nomor HP dan kata sandi ini.';

type Caller = Pick<AuthUser, 'id' | 'role' | 'regionCode'>;

/** Sign-in, activation, self-registration, sign-out and passwords. Accounts live in the users domain (UsersService). */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly throttle: SignInThrottle,
  ) {}

  async login(input: LoginDto, meta: RequestMeta): Promise<NewSession & { user: UserDto }> {
    const phone = normalizePhone(input.phone);
    const claim = await this.throttle.claim(phone ?? input.phone, meta.ip);
    const attempt = phone ? await this.users.findSignInAttempt(phone) : null;
    const ok = await verifyPassword(attempt?.password_hash, input.password);
    if (!attempt || !ok) {
      await this.recordFailure(AuditAction.LOGIN_FAILED, attempt, meta);
      throw loginFailed();
    }
    await this.throttle.succeeded(claim);
    if (attempt.status === UserStatus.PENDING) throw accountPending();
    if (attempt.status === UserStatus.DISABLED) throw accountDisabled();
    const session = await this.sessions.create(attempt.id, meta);
    await this.audit.record({
      action: AuditAction.LOGIN,
      actor: { id: attempt.id, role: attempt.role },
      targetType: 'user',
      targetId: attempt.id,
      regionCode: attempt.region_code,
      ip: meta.ip,
    });
    return { ...session, user: await this.users.profile(attempt.id) };
  }

  /** Phone + one-time code from the Dinsos + a new password: the account becomes active and signed in. */
  async activate(input: ActivateDto, meta: RequestMeta): Promise<NewSession & { user: UserDto }> {
    const phone = normalizePhone(input.phone);
    const problem = passwordProblem(input.password, { phone });
    if (problem) throw passwordRejected(problem, 'password');
    const claim = await this.throttle.claim(phone ?? input.phone, meta.ip);
    const attempt = phone ? await this.users.findSignInAttempt(phone) : null;
    const codeHash = attempt ? activationCodeHash(attempt.id, input.code) : null;
    if (!attempt || !codeHash || !codeMatches(attempt, codeHash)) {
      await this.recordFailure(AuditAction.ACTIVATE_FAILED, attempt, meta);
      throw activationFailed();
    }
    const passwordHash = await hashPassword(input.password);
    const session = await this.db.transaction(async (manager) => {
      if (!(await this.users.activateWithCode(manager, attempt.id, codeHash, passwordHash))) return null;
      const created = await this.sessions.createWithin(manager, attempt.id, meta);
      await this.audit.recordWithin(manager, {
        action: AuditAction.ACTIVATE,
        actor: { id: attempt.id, role: attempt.role },
        targetType: 'user',
        targetId: attempt.id,
        regionCode: attempt.region_code,
        ip: meta.ip,
      });
      return created;
    });
    if (!session) throw activationFailed();
    await this.throttle.succeeded(claim);
    return { ...session, user: await this.users.profile(attempt.id) };
  }

  /** A worker signs up; the account waits until an admin of the region approves it. */
  async register(input: RegisterDto, meta: RequestMeta): Promise<RegisteredDto> {
    const name = normalizePersonName(input.name);
    if (!name) throw nameInvalid();
    const phone = normalizePhone(input.phone);
    if (!phone) throw phoneInvalid();
    const problem = passwordProblem(input.password, { phone });
    if (problem) throw passwordRejected(problem, 'password');
    const level = await this.regions.levelOf(input.regionCode);
    if (!level) throw regionNotFound(input.regionCode, HttpStatus.BAD_REQUEST, 'regionCode');
    if (level === RegionLevel.PROVINCE) throw regionIsProvince();
    const id = await this.users.registerPending(
      { name, phone, email: input.email?.trim() || null, role: Role.PESERTA, pillar: input.pillar, regionCode: input.regionCode },
      await hashPassword(input.password),
    );
    // A phone that already has an account answers exactly like a new one (F-L4: registration is no phone oracle);
    // that account gets nothing new. Its owner signs in as before, or asks the Dinsos.
    if (!id) return { status: 'PENDING', message: REGISTERED_MESSAGE };
    await this.audit.record({
      action: AuditAction.REGISTER,
      actor: { id, role: Role.PESERTA },
      targetType: 'user',
      targetId: id,
      regionCode: input.regionCode,
      ip: meta.ip,
      details: { pillar: input.pillar },
    });
    return { status: 'PENDING', message: REGISTERED_MESSAGE };
  }

  async logout(user: Caller, sessionId: string, meta: RequestMeta): Promise<void> {
    await this.sessions.revoke(user.id, sessionId);
    await this.audit.record({ action: AuditAction.LOGOUT, actor: user, targetType: 'session', targetId: sessionId, regionCode: user.regionCode, ip: meta.ip });
  }

  /** The signed-in user changes their password; every other device is signed out. Returns how many were. */
  async changePassword(user: Caller, sessionId: string, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<number> {
    if (!(await verifyPassword(await this.users.passwordHashOf(user.id), currentPassword))) throw currentPasswordWrong();
    const problem = passwordProblem(newPassword, { phone: (await this.users.profile(user.id)).phone });
    if (problem) throw passwordRejected(problem, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    const changing = (write: () => Promise<number>) => this.sessions.changing(user.id, write, (revoked) => revoked > 0);
    return changing(() => this.db.transaction(async (manager) => {
      await this.users.setPasswordHash(manager, user.id, passwordHash);
      const revoked = await this.sessions.revokeOthersWithin(manager, user.id, sessionId);
      await this.audit.recordWithin(manager, {
        action: AuditAction.PASSWORD_CHANGE,
        actor: user,
        targetType: 'user',
        targetId: user.id,
        regionCode: user.regionCode,
        ip: meta.ip,
        details: { otherSessionsEnded: revoked },
      });
      return revoked;
    }));
  }

  /** "Log out every other device". Returns how many sessions ended. */
  async revokeOtherSessions(user: Caller, sessionId: string, meta: RequestMeta): Promise<number> {
    const revoked = await this.sessions.revokeOthers(user.id, sessionId);
    await this.audit.record({ action: AuditAction.SESSION_REVOKE, actor: user, targetType: 'user', targetId: user.id, regionCode: user.regionCode, ip: meta.ip, details: { revoked, others: true } });
    return revoked;
  }

  /** Ends one of the caller's own sessions; a session that is not theirs (or already ended) is not found. */
  async revokeSession(user: Caller, id: string, meta: RequestMeta): Promise<void> {
    if (!(await this.sessions.revoke(user.id, id))) throw sessionNotFound();
    await this.audit.record({ action: AuditAction.SESSION_REVOKE, actor: user, targetType: 'session', targetId: id, regionCode: user.regionCode, ip: meta.ip });
  }

  /** The signed-in account (GET /api/me): from the columns the guard read with the session, else read again. */
  account(auth: AuthContext): Promise<UserDto> {
    return auth.account ? this.users.toDto(auth.account) : this.users.profile(auth.user.id);
  }

  private recordFailure(action: AuditAction, attempt: SignInAttempt | null, meta: RequestMeta): Promise<void> {
    return this.audit.record({
      action,
      targetType: attempt ? 'user' : null,
      targetId: attempt?.id ?? null,
      regionCode: attempt?.region_code ?? null,
      ip: meta.ip,
    });
  }
}

/** The stored code is this one and has not expired. */
function codeMatches(attempt: SignInAttempt, codeHash: string): boolean {
  return (
    attempt.activation_code_hash !== null &&
    attempt.activation_code_hash === codeHash &&
    attempt.activation_expires_at !== null &&
    new Date(attempt.activation_expires_at).getTime() > Date.now()
  );
}
