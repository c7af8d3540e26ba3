import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import { likePattern } from '../common/sql';
import { DEFAULT_SIGNATORY_SCOPE } from './entities/certificate-signatory.entity';
import { RevocationReason } from './entities/certificate.entity';

/** A certificate as the verify page, the PDF and the lists read it. */
export interface CertificateRow {
  id: string;
  verification_code: string;
  number: string;
  holder_name: string;
  course_id: string;
  course_title: string;
  hours: string | number;
  pillar: string;
  region_code: string;
  region_label: string;
  issuer_name: string;
  signatory_name: string;
  signatory_title: string;
  completed_at: Date;
  issued_at: Date;
  valid_until: Date | null;
  revoked_at: Date | null;
  revocation_reason: RevocationReason | null;
  /** The number of the expired certificate this one renews. */
  renews: string | null;
}

/** What an issuance writes: everything the certificate states, frozen at issuance. */
export interface NewCertificate {
  id: string;
  enrollmentId: string;
  userId: string;
  courseVersionId: string;
  courseId: string;
  number: string;
  year: number;
  regencyCode: string;
  sequence: number;
  verificationCode: string;
  holderName: string;
  pillar: string;
  regionCode: string;
  regionLabel: string;
  courseTitle: string;
  hours: number;
  completedAt: Date;
  issuedAt: Date;
  validUntil: Date | null;
  issuerName: string;
  signatoryName: string;
  signatoryTitle: string;
  statusListId: number;
  statusListIndex: number;
  credential: Record<string, unknown>;
  previousCertificateId: string | null;
}

export interface SignatoryRow {
  name: string;
  title: string;
  issuer_name: string;
}

export interface IssuedFilters {
  scope: RegionScope;
  region?: string;
  q?: string;
  verificationCode?: string | null;
  pillar?: string;
  courseId?: string;
  status?: 'valid' | 'expired' | 'revoked';
  limit: number;
  offset: number;
}

/** The certificate a revocation locks: enough to decide and to audit. */
export interface LockedCertificate {
  id: string;
  enrollment_id: string;
  user_id: string;
  course_id: string;
  region_code: string;
  status_list_id: number;
  issued_at: Date;
  valid_until: Date | null;
  revoked_at: Date | null;
  number: string;
}

const PUBLIC_COLUMNS = `c.id, c.verification_code, c.number, c.holder_name, c.course_id, c.course_title, c.hours, c.pillar, c.region_code,
  c.region_label, c.issuer_name, c.signatory_name, c.signatory_title, c.completed_at, c.issued_at, c.valid_until, c.revoked_at,
  c.revocation_reason, (SELECT p.number FROM certificates p WHERE p.id = c.previous_certificate_id) AS renews`;

/** Every SQL statement on the certificates domain's own tables: certificates, counters and signatories. */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findIdByEnrollment(manager: EntityManager | DataSource, enrollmentId: string): Promise<{ id: string; code: string } | null> {
    const [row] = (await manager.query(`SELECT id, verification_code FROM certificates WHERE enrollment_id = $1`, [enrollmentId])) as Array<{
      id: string;
      verification_code: string;
    }>;
    return row ? { id: row.id, code: row.verification_code } : null;
  }

  /** Two issuers of the same enrollment wait for each other here, until the first one's transaction ends. */
  async lockEnrollment(manager: EntityManager, enrollmentId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('certificate-enrollment:' || $1))`, [enrollmentId]);
  }

  /**
   * The next number of a kabupaten/kota's year: the counter row stays locked until commit, so concurrent issuers
   * queue here, and a rollback gives the number back (numbers have no gaps).
   */
  async nextSequence(manager: EntityManager, year: number, regencyCode: string): Promise<number> {
    const [row] = (await manager.query(
      `INSERT INTO certificate_counters (year, regency_code, last_sequence) VALUES ($1, $2, 1)
       ON CONFLICT (year, regency_code) DO UPDATE SET last_sequence = certificate_counters.last_sequence + 1
       RETURNING last_sequence`,
      [year, regencyCode],
    )) as Array<{ last_sequence: number }>;
    return row.last_sequence;
  }

  /** The signatory of a kabupaten/kota, or the default one; null when neither is configured. */
  async signatoryFor(manager: EntityManager, regencyCode: string): Promise<SignatoryRow | null> {
    const [row] = (await manager.query(
      `SELECT name, title, issuer_name FROM certificate_signatories WHERE scope IN ($1, $2) ORDER BY (scope = $1) DESC LIMIT 1`,
      [regencyCode, DEFAULT_SIGNATORY_SCOPE],
    )) as SignatoryRow[];
    return row ?? null;
  }

  /** The newest expired, unrevoked certificate of the same course that a new one renews. */
  async expiredBefore(manager: EntityManager, userId: string, courseId: string, at: Date): Promise<string | null> {
    const [row] = (await manager.query(
      `SELECT id FROM certificates WHERE user_id = $1 AND course_id = $2 AND valid_until IS NOT NULL AND valid_until < $3 AND revoked_at IS NULL
        ORDER BY valid_until DESC LIMIT 1`,
      [userId, courseId, at],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  async insert(manager: EntityManager, c: NewCertificate): Promise<void> {
    await manager.query(
      `INSERT INTO certificates (id, enrollment_id, user_id, course_version_id, course_id, number, year, regency_code, sequence,
         verification_code, holder_name, pillar, region_code, region_label, course_title, hours, completed_at, issued_at, valid_until,
         issuer_name, signatory_name, signatory_title, status_list_id, status_list_index, credential, previous_certificate_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`,
      [
        c.id, c.enrollmentId, c.userId, c.courseVersionId, c.courseId, c.number, c.year, c.regencyCode, c.sequence, c.verificationCode,
        c.holderName, c.pillar, c.regionCode, c.regionLabel, c.courseTitle, c.hours, c.completedAt, c.issuedAt, c.validUntil,
        c.issuerName, c.signatoryName, c.signatoryTitle, c.statusListId, c.statusListIndex, JSON.stringify(c.credential), c.previousCertificateId,
      ],
    );
  }

  async findById(id: string): Promise<CertificateRow | null> {
    const [row] = (await this.db.query(`SELECT ${PUBLIC_COLUMNS} FROM certificates c WHERE c.id = $1`, [id])) as CertificateRow[];
    return row ?? null;
  }

  async credentialById(id: string): Promise<Record<string, unknown> | null> {
    const [row] = (await this.db.query(`SELECT credential FROM certificates WHERE id = $1`, [id])) as Array<{ credential: Record<string, unknown> }>;
    return row?.credential ?? null;
  }

  async findByCode(code: string): Promise<CertificateRow | null> {
    const [row] = (await this.db.query(`SELECT ${PUBLIC_COLUMNS} FROM certificates c WHERE c.verification_code = $1`, [code])) as CertificateRow[];
    return row ?? null;
  }

  async storePdf(id: string, pdf: Buffer): Promise<void> {
    await this.db.query(`UPDATE certificates SET pdf = $2 WHERE id = $1`, [id, pdf]);
  }

  async storedPdf(id: string): Promise<Buffer | null> {
    const [row] = (await this.db.query(`SELECT pdf FROM certificates WHERE id = $1`, [id])) as Array<{ pdf: Buffer | null }>;
    return row?.pdf ?? null;
  }

  async credentialByCode(code: string): Promise<Record<string, unknown> | null> {
    const [row] = (await this.db.query(`SELECT credential FROM certificates WHERE verification_code = $1`, [code])) as Array<{
      credential: Record<string, unknown>;
    }>;
    return row?.credential ?? null;
  }

  async countOfHolder(userId: string): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS total FROM certificates WHERE user_id = $1`, [userId])) as Array<{ total: number }>;
    return row.total;
  }

  async listOfHolder(userId: string, limit: number, offset: number): Promise<CertificateRow[]> {
    return (await this.db.query(`SELECT ${PUBLIC_COLUMNS} FROM certificates c WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.id LIMIT $2 OFFSET $3`, [
      userId,
      limit,
      offset,
    ])) as CertificateRow[];
  }

  /** The certificates of holders in a region scope (at issuance), filtered, newest first, with their total. */
  async listIssued(filters: IssuedFilters): Promise<{ rows: CertificateRow[]; total: number }> {
    const params: unknown[] = [];
    const condition = issuedCondition(filters, params);
    const [[{ total }], rows] = await Promise.all([
      this.db.query(`SELECT count(*)::int AS total FROM certificates c WHERE ${condition}`, params) as Promise<Array<{ total: number }>>,
      this.db.query(`SELECT ${PUBLIC_COLUMNS} FROM certificates c WHERE ${condition} ORDER BY c.issued_at DESC, c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        filters.limit,
        filters.offset,
      ]) as Promise<CertificateRow[]>,
    ]);
    return { rows, total };
  }

  /** The courses that certificates in a region scope are for (a filter's options). */
  async coursesIssued(scope: RegionScope): Promise<Array<{ id: string; title: string }>> {
    const params: unknown[] = [];
    return (await this.db.query(
      `SELECT DISTINCT ON (c.course_id) c.course_id AS id, c.course_title AS title FROM certificates c WHERE ${scopeSql('c.region_code', scope, params)}
        ORDER BY c.course_id, c.issued_at DESC`,
      params,
    )) as Array<{ id: string; title: string }>;
  }

  async lockByCode(manager: EntityManager, code: string): Promise<LockedCertificate | null> {
    const [row] = (await manager.query(
      `SELECT id, enrollment_id, user_id, course_id, region_code, status_list_id, issued_at, valid_until, revoked_at, number
         FROM certificates WHERE verification_code = $1 FOR UPDATE`,
      [code],
    )) as LockedCertificate[];
    return row ?? null;
  }

  async markRevoked(manager: EntityManager, id: string, reason: RevocationReason, byUserId: string): Promise<void> {
    await manager.query(`UPDATE certificates SET revoked_at = now(), revocation_reason = $2, revoked_by_id = $3 WHERE id = $1`, [id, reason, byUserId]);
  }

  /** The positions whose bit a status list sets: its revoked certificates. */
  async revokedPositions(listId: number): Promise<number[]> {
    const rows = (await this.db.query(`SELECT status_list_index FROM certificates WHERE status_list_id = $1 AND revoked_at IS NOT NULL`, [listId])) as Array<{
      status_list_index: number;
    }>;
    return rows.map((row) => row.status_list_index);
  }
}

function issuedCondition(filters: IssuedFilters, params: unknown[]): string {
  const where = [scopeSql('c.region_code', filters.scope, params)];
  if (filters.region) {
    params.push(filters.region, `${filters.region}.%`);
    where.push(`(c.region_code = $${params.length - 1} OR c.region_code LIKE $${params.length})`);
  }
  if (filters.q) {
    params.push(likePattern(filters.q));
    const like = `$${params.length}`;
    if (filters.verificationCode) params.push(filters.verificationCode);
    where.push(`(c.holder_name ILIKE ${like} OR c.number ILIKE ${like}${filters.verificationCode ? ` OR c.verification_code = $${params.length}` : ''})`);
  }
  if (filters.pillar) {
    params.push(filters.pillar);
    where.push(`c.pillar = $${params.length}`);
  }
  if (filters.courseId) {
    params.push(filters.courseId);
    where.push(`c.course_id = $${params.length}`);
  }
  if (filters.status === 'revoked') where.push('c.revoked_at IS NOT NULL');
  if (filters.status === 'expired') where.push('c.revoked_at IS NULL AND c.valid_until IS NOT NULL AND c.valid_until < now()');
  if (filters.status === 'valid') where.push('c.revoked_at IS NULL AND (c.valid_until IS NULL OR c.valid_until >= now())');
  return where.join(' AND ');
}
