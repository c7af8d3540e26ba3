import { BadRequestException, ConflictException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { NAME_MESSAGE, normalizePersonName } from '../common/person-name';
import { normalizePhone, PHONE_MESSAGE } from '../common/phone';
import { rowsOf } from '../common/sql';
import { RegionLevel } from '../regions/region.entity';
import { toUserDto, USER_COLUMNS, UserDto } from '../users/user.dto';
import { UserStatus } from '../users/user.entity';
import type { RequestMeta } from './auth-context';
import { ActivateDto, LoginDto, RegisterDto } from './auth.dto';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { Role } from './policy.decorator';
import { NewSession, SessionsService } from './sessions.service';
import { activationCodeHash } from './tokens';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** One answer for a wrong phone, a wrong password and a locked account, so that none of them tells which it was. */
export const LOGIN_FAILED_MESSAGE = `Nomor HP atau kata sandi salah. Setelah ${MAX_FAILED_LOGINS} kali gagal, akun dikunci ${LOCK_MINUTES} menit.`;
export const ACTIVATION_FAILED_MESSAGE =
  `Nomor HP atau kode aktivasi salah, atau kodenya sudah kedaluwarsa atau sudah dipakai. Minta kode baru ke Dinsos. ` +
  `Setelah ${MAX_FAILED_LOGINS} kali gagal, akun dikunci ${LOCK_MINUTES} menit.`;

interface ClaimedAttempt {
  id: string;
  password_hash: string | null;
  activation_code_hash: string | null;
  activation_expires_at: Date | null;
  status: UserStatus;
  role: Role;
  region_code: string | null;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async login(input: LoginDto, meta: RequestMeta): Promise<NewSession & { user: UserDto }> {
    const phone = normalizePhone(input.phone);
    const attempt = phone ? await this.claimAttempt(phone) : null;
    const ok = await verifyPassword(attempt?.password_hash, input.password);
    if (!attempt || !ok) {
      await this.audit.record({
        action: AuditAction.LOGIN_FAILED,
        targetType: attempt ? 'user' : null,
        targetId: attempt?.id ?? null,
        regionCode: attempt?.region_code ?? null,
        ip: meta.ip,
      });
      throw new UnauthorizedException(LOGIN_FAILED_MESSAGE);
    }
    await this.db.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [attempt.id]);
    if (attempt.status === UserStatus.PENDING) {
      throw new ForbiddenException('Akun Anda menunggu persetujuan admin Dinsos di wilayah Anda.');
    }
    if (attempt.status === UserStatus.DISABLED) {
      throw new ForbiddenException('Akun Anda dinonaktifkan. Hubungi admin Dinsos di wilayah Anda.');
    }
    const session = await this.sessions.create(attempt.id, meta);
    await this.audit.record({
      action: AuditAction.LOGIN,
      actor: { id: attempt.id, role: attempt.role },
      targetType: 'user',
      targetId: attempt.id,
      regionCode: attempt.region_code,
      ip: meta.ip,
    });
    return { ...session, user: await this.user(attempt.id) };
  }

  /** Phone + one-time code from the Dinsos + a new password: the account becomes active and signed in. */
  async activate(input: ActivateDto, meta: RequestMeta): Promise<NewSession & { user: UserDto }> {
    const problem = passwordProblem(input.password);
    if (problem) throw new BadRequestException(problem);
    const phone = normalizePhone(input.phone);
    const attempt = phone ? await this.claimAttempt(phone) : null;
    const codeHash = attempt ? activationCodeHash(attempt.id, input.code) : null;
    const valid =
      attempt &&
      attempt.activation_code_hash !== null &&
      attempt.activation_code_hash === codeHash &&
      attempt.activation_expires_at !== null &&
      new Date(attempt.activation_expires_at).getTime() > Date.now();
    if (!attempt || !valid) {
      await this.audit.record({
        action: AuditAction.ACTIVATE_FAILED,
        targetType: attempt ? 'user' : null,
        targetId: attempt?.id ?? null,
        regionCode: attempt?.region_code ?? null,
        ip: meta.ip,
      });
      throw new UnauthorizedException(ACTIVATION_FAILED_MESSAGE);
    }
    const passwordHash = await hashPassword(input.password);
    const result = await this.db.transaction(async (manager) => {
      // The code is spent in the same statement that checks it: two concurrent activations cannot both win.
      const rows = await rowsOf(
        manager,
        `UPDATE users SET password_hash = $3, status = $4, activation_code_hash = NULL, activation_expires_at = NULL,
                failed_logins = 0, locked_until = NULL, activated_at = now(), updated_at = now()
          WHERE id = $1 AND activation_code_hash = $2 AND activation_expires_at > now()
          RETURNING id`,
        [attempt.id, codeHash, passwordHash, UserStatus.ACTIVE],
      );
      if (rows.length === 0) return null;
      const session = await this.sessions.create(attempt.id, meta, manager);
      await this.audit.record(
        { action: AuditAction.ACTIVATE, actor: { id: attempt.id, role: attempt.role }, targetType: 'user', targetId: attempt.id, regionCode: attempt.region_code, ip: meta.ip },
        manager,
      );
      return session;
    });
    if (!result) throw new UnauthorizedException(ACTIVATION_FAILED_MESSAGE);
    return { ...result, user: await this.user(attempt.id) };
  }

  /** A worker signs up; the account waits until an admin of the region approves it. */
  async register(input: RegisterDto, meta: RequestMeta): Promise<void> {
    const name = normalizePersonName(input.name);
    if (!name) throw new BadRequestException(NAME_MESSAGE);
    const phone = normalizePhone(input.phone);
    if (!phone) throw new BadRequestException(PHONE_MESSAGE);
    const problem = passwordProblem(input.password);
    if (problem) throw new BadRequestException(problem);
    const [region] = await this.db.query(`SELECT level FROM regions WHERE code = $1`, [input.regionCode]);
    if (!region) throw new BadRequestException(`Wilayah dengan kode ${input.regionCode} tidak ditemukan.`);
    if (region.level === RegionLevel.PROVINCE) {
      throw new BadRequestException('Pilih kecamatan atau kabupaten/kota tempat Anda bertugas, bukan provinsi.');
    }
    const passwordHash = await hashPassword(input.password);
    const rows = await this.db.query(
      `INSERT INTO users (name, phone, email, role, pillar, region_code, status, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [name, phone, input.email?.trim() || null, Role.PESERTA, input.pillar, input.regionCode, UserStatus.PENDING, passwordHash],
    );
    if (rows.length === 0) {
      throw new ConflictException(
        'Nomor HP ini sudah terdaftar. Jika Anda menerima kode aktivasi dari Dinsos, gunakan halaman aktivasi; ' +
          'jika lupa kata sandi, minta admin Dinsos mengatur ulang.',
      );
    }
    await this.audit.record({
      action: AuditAction.REGISTER,
      actor: { id: rows[0].id, role: Role.PESERTA },
      targetType: 'user',
      targetId: rows[0].id,
      regionCode: input.regionCode,
      ip: meta.ip,
      details: { pillar: input.pillar },
    });
  }

  async logout(user: { id: string; role: Role; regionCode: string | null }, sessionId: string, meta: RequestMeta): Promise<void> {
    await this.sessions.revoke(user.id, sessionId);
    await this.audit.record({ action: AuditAction.LOGOUT, actor: user, targetType: 'session', targetId: sessionId, regionCode: user.regionCode, ip: meta.ip });
  }

  /** The signed-in user changes their password; every other device is signed out. */
  async changePassword(user: { id: string; role: Role; regionCode: string | null }, sessionId: string, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<number> {
    const [row] = await this.db.query(`SELECT password_hash FROM users WHERE id = $1`, [user.id]);
    if (!(await verifyPassword(row?.password_hash, currentPassword))) throw new BadRequestException('Kata sandi lama salah.');
    const problem = passwordProblem(newPassword);
    if (problem) throw new BadRequestException(problem);
    const passwordHash = await hashPassword(newPassword);
    return this.db.transaction(async (manager) => {
      await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [user.id, passwordHash]);
      const revoked = await rowsOf(manager, `UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id`, [user.id, sessionId]);
      await this.audit.record({ action: AuditAction.PASSWORD_CHANGE, actor: user, targetType: 'user', targetId: user.id, regionCode: user.regionCode, ip: meta.ip, details: { otherSessionsEnded: revoked.length } }, manager);
      return revoked.length;
    });
  }

  async user(id: string): Promise<UserDto> {
    const [row] = await this.db.query(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.code = u.region_code WHERE u.id = $1`, [id]);
    return toUserDto(row);
  }

  /**
   * Counts a sign-in attempt before it is checked, in one statement: the row lock serialises concurrent attempts,
   * so at most MAX_FAILED_LOGINS of them are ever evaluated before the lock. The attempt that reaches the limit sets
   * the lock at once; a success clears it. After the lock expires the count starts again.
   * Returns null when the phone is unknown or the account is locked (the caller answers the same in both cases).
   */
  private async claimAttempt(phone: string): Promise<ClaimedAttempt | null> {
    const rows = await rowsOf<ClaimedAttempt>(
      this.db,
      `UPDATE users SET
          failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
          locked_until = CASE
            WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL
            WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3)
            ELSE locked_until END
        WHERE phone = $1 AND (locked_until IS NULL OR locked_until <= now())
        RETURNING id, password_hash, activation_code_hash, activation_expires_at, status, role, region_code`,
      [phone, MAX_FAILED_LOGINS, LOCK_MINUTES],
    );
    return rows[0] ?? null;
  }
}
