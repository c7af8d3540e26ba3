/**
 * Test factories: accounts with a role and region, signed in, in one call.
 *
 *   const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
 *   await t.http.get('/api/workers').set(admin.headers).expect(200);
 *
 * Defaults: a PESERTA (TKSK) of Citamiang (32.72.03), ACTIVE, with a fresh session. Sessions are made directly (no
 * password hashing): pass `password` only when a test signs in through /api/auth/login.
 */
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/passwords';
import { Role } from '../src/auth/policy.decorator';
import { SessionsService } from '../src/auth/sessions.service';
import { Pillar } from '../src/common/pillar';
import { UserStatus } from '../src/users/user.entity';
import type { TestApp } from './test-app';

export { Role, Pillar, UserStatus };

export interface UserOptions {
  role?: Role;
  /** Default: 32.72.03 for a PESERTA, 32.72 for PELATIH and ADMIN_DINSOS, null for ADMIN_PUSAT. */
  regionCode?: string | null;
  pillar?: Pillar | null;
  name?: string;
  /** Any common form; default: a random unused +628… number. */
  phone?: string;
  password?: string;
  status?: UserStatus;
  email?: string | null;
  /** Create no session (e.g. for an INVITED or PENDING account). */
  signedOut?: boolean;
}

export interface TestUser {
  id: string;
  name: string;
  phone: string;
  role: Role;
  regionCode: string | null;
  pillar: Pillar | null;
  password?: string;
  /** The session token ('' when signedOut). */
  token: string;
  /** `{ Authorization: 'Bearer …' }`, for supertest's `.set(user.headers)`. */
  headers: Record<string, string>;
}

/** A random Indonesian mobile number in the +62 form, unlikely to collide within a test file. */
export function randomPhone(): string {
  return `+62899${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

export async function createUser(t: TestApp, options: UserOptions = {}): Promise<TestUser> {
  const role = options.role ?? Role.PESERTA;
  const regionCode =
    options.regionCode !== undefined ? options.regionCode : role === Role.PESERTA ? '32.72.03' : role === Role.ADMIN_PUSAT ? null : '32.72';
  const pillar = options.pillar !== undefined ? options.pillar : role === Role.PESERTA ? Pillar.TKSK : null;
  const phone = options.phone ?? randomPhone();
  const name = options.name ?? `Uji ${role.toLowerCase()} ${phone.slice(-4)}`;
  const status = options.status ?? UserStatus.ACTIVE;
  const db = t.app.get(DataSource);
  const [row] = await db.query(
    `INSERT INTO users (name, phone, email, role, pillar, region_code, status, password_hash, activated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7::user_status = 'ACTIVE' THEN now() END) RETURNING id`,
    [name, phone, options.email ?? null, role, pillar, regionCode, status, options.password ? await hashPassword(options.password) : null],
  );
  const token = options.signedOut ? '' : await newSessionFor(t, row.id);
  return {
    id: row.id,
    name,
    phone,
    role,
    regionCode,
    pillar,
    password: options.password,
    token,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  };
}

/** Another session (device) of an existing account. */
export async function newSessionFor(t: TestApp, userId: string): Promise<string> {
  const session = await t.app.get(SessionsService).create(userId, { ip: '127.0.0.1', userAgent: 'jest' });
  return session.token;
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/**
 * For supertest's `.expect(…)`: the refusal carries this code and, when given, names this request field.
 *   await t.http.post('/api/users').send(body).expect(409).expect(refusal('USER_PHONE_TAKEN', 'phone'));
 */
export function refusal(code: string, field?: string): (res: { body: unknown }) => void {
  const shape = field ? { code, fields: expect.arrayContaining([expect.objectContaining({ field })]) } : { code };
  return (res) => expect(res.body).toMatchObject(shape);
}
