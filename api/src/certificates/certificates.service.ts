import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { inScope, scopeOf, scopeSql } from '../auth/region-scope';
import { AuditService } from '../audit/audit.service';
import { Page } from '../common/pagination.dto';
import { Pillar, PILLAR_LABELS } from '../common/pillar';
import type { CourseSettings } from '../courses/course-package';
import { buildAchievementCredential } from './credentials/achievement-credential';
import { CertificateCpu } from './certificate-cpu';
import type { IssuedCertificateDto, IssuedCertificatePageDto, IssuedCertificatesQuery } from './certificates.dto';
import { DEFAULT_SIGNATORY_SCOPE } from './entities/certificate-signatory.entity';
import { RevocationReason } from './entities/certificate.entity';
import { formatCertificateNumber, newVerificationCode, normalizeVerificationCode, regencyOf } from './numbering';
import type { CertificateSheet } from './pdf/certificate-pdf';
import { SigningKeysService } from './signing-keys.service';
import { StatusListsService } from './status-lists.service';

export const CERTIFICATE_REVOKE = 'certificate.revoke';

export interface IssueRequest {
  enrollmentId: string;
  userId: string;
  courseVersionId: string;
  completedAt: Date;
}

export type CertificateStatus = 'valid' | 'expired' | 'revoked';

/** What anyone holding the code may see: no phone, NIK, email or account id. */
export interface PublicCertificate {
  code: string;
  number: string;
  status: CertificateStatus;
  holderName: string;
  courseTitle: string;
  hours: number;
  pillar: string;
  pillarLabel: string;
  regionCode: string;
  regionLabel: string;
  issuerName: string;
  signatoryName: string;
  signatoryTitle: string;
  completedAt: Date;
  issuedAt: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
  verifyUrl: string;
  pdfUrl: string;
  credentialUrl: string;
  /** The number of the expired certificate this one renews. */
  renews: string | null;
}

const PUBLIC_COLUMNS = `c.id, c.verification_code, c.number, c.holder_name, c.course_title, c.hours, c.pillar, c.region_code, c.region_label,
  c.issuer_name, c.signatory_name, c.signatory_title, c.completed_at, c.issued_at, c.valid_until, c.revoked_at, c.revocation_reason,
  (SELECT p.number FROM certificates p WHERE p.id = c.previous_certificate_id) AS renews`;

const PILLAR_CODES: Record<string, string> = {
  [Pillar.TKSK]: 'TKSK',
  [Pillar.TAGANA]: 'TAGANA',
  [Pillar.PSM]: 'PSM',
  [Pillar.KARANG_TARUNA]: 'KARTAR',
  [Pillar.PENDAMPING_PKH]: 'PKH',
  [Pillar.SLRT]: 'SLRT',
};

/** A Postgres unique violation on one of our named constraints. */
function uniqueViolation(error: unknown, constraint: string): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string } })?.driverError ?? (error as { code?: string; constraint?: string });
  return driver?.code === '23505' && driver.constraint === constraint;
}

@Injectable()
export class CertificatesService {
  private readonly logger = new Logger('Certificates');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: SigningKeysService,
    private readonly statusLists: StatusListsService,
    private readonly audit: AuditService,
    private readonly cpu: CertificateCpu,
  ) {}

  verifyUrl(code: string): string {
    return `${this.keys.publicUrl}/verify/${code}`;
  }

  /**
   * Issues the certificate of a completed enrollment, once: a second call (a duplicated event, a racing worker)
   * returns the first certificate. The number is taken inside the transaction, so numbers have no gaps.
   * Then renders and stores the PDF (outside the transaction: a failed render is redone when the PDF is asked for).
   */
  async issue(request: IssueRequest): Promise<{ id: string; code: string; created: boolean }> {
    const existing = await this.findByEnrollment(request.enrollmentId);
    if (existing) return { ...existing, created: false };
    // Everything that needs a connection of its own comes before the transaction: a transaction waiting for another
    // pooled connection could starve the pool when many issue at once.
    const signer = { secret: await this.keys.signingSecret() };
    const status = await this.statusLists.allocate();
    let issued: { id: string; code: string };
    try {
      issued = await this.db.transaction((manager) => this.issueIn(manager, request, status, signer));
    } catch (error) {
      if (uniqueViolation(error, 'uq_certificates_enrollment')) {
        const winner = await this.findByEnrollment(request.enrollmentId);
        if (winner) return { ...winner, created: false };
      }
      throw error;
    }
    await this.renderAndStore(issued.id).catch((error: unknown) =>
      this.logger.error(`PDF of certificate ${issued.id} not rendered: ${error instanceof Error ? error.message : String(error)}`),
    );
    return { ...issued, created: true };
  }

  private async findByEnrollment(enrollmentId: string): Promise<{ id: string; code: string } | null> {
    const [row] = await this.db.query(`SELECT id, verification_code FROM certificates WHERE enrollment_id = $1`, [enrollmentId]);
    return row ? { id: row.id, code: row.verification_code } : null;
  }

  private async issueIn(
    manager: EntityManager,
    request: IssueRequest,
    status: { listId: number; index: number },
    signer: { secret: string },
  ): Promise<{ id: string; code: string }> {
    // Two workers with the same event wait for each other here; the second then finds the first's certificate.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('certificate-enrollment:' || $1))`, [request.enrollmentId]);
    const [already] = await manager.query(`SELECT id, verification_code FROM certificates WHERE enrollment_id = $1`, [request.enrollmentId]);
    if (already) return { id: already.id, code: already.verification_code };

    const [user] = await manager.query(`SELECT id, name, pillar, region_code FROM users WHERE id = $1`, [request.userId]);
    if (!user) throw new NotFoundException('Peserta tidak ditemukan.');
    const regency = user.region_code ? regencyOf(user.region_code) : null;
    if (!regency) throw new BadRequestException('Sertifikat hanya untuk peserta yang terdaftar di kabupaten/kota atau kecamatan.');
    const [course] = await manager.query(
      `SELECT v.id, v.course_id, v.title, v.summary, v.hours, v.pillars, v.settings FROM course_versions v WHERE v.id = $1`,
      [request.courseVersionId],
    );
    if (!course) throw new NotFoundException('Kursus tidak ditemukan.');
    const regions: Array<{ code: string; name: string }> = await manager.query(`SELECT code, name FROM regions WHERE code = ANY($1)`, [[user.region_code, regency]]);
    const regionName = (code: string) => regions.find((region) => region.code === code)?.name ?? code;
    const regencyName = regionName(regency);
    const regionLabel = user.region_code === regency ? regencyName : `Kecamatan ${regionName(user.region_code)}, ${regencyName}`;
    const signatory = await this.signatoryFor(manager, regency, regencyName);

    const pillar: string = user.pillar ?? (course.pillars as string[]).find((p) => p in PILLAR_CODES) ?? 'UMUM';
    const pillarLabel = PILLAR_LABELS[pillar as Pillar] ?? 'Umum';
    const settings = course.settings as CourseSettings;
    const issuedAt = new Date();
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(issuedAt));
    const validUntil = settings.certificate?.validityMonths ? addMonths(request.completedAt, settings.certificate.validityMonths) : null;

    // The number: the counter row stays locked until commit, so concurrent issuers in one kabupaten/kota queue
    // here, and a rollback gives the number back.
    const [{ last_sequence: sequence }] = await manager.query(
      `INSERT INTO certificate_counters (year, regency_code, last_sequence) VALUES ($1, $2, 1)
       ON CONFLICT (year, regency_code) DO UPDATE SET last_sequence = certificate_counters.last_sequence + 1
       RETURNING last_sequence`,
      [year, regency],
    );
    const number = formatCertificateNumber(sequence, PILLAR_CODES[pillar] ?? 'UMUM', regency, year);
    const code = newVerificationCode();
    const [{ id }] = await manager.query(`SELECT gen_random_uuid() AS id`);
    const [previous] = await manager.query(
      `SELECT id FROM certificates WHERE user_id = $1 AND course_id = $2 AND valid_until IS NOT NULL AND valid_until < $3 AND revoked_at IS NULL
        ORDER BY valid_until DESC LIMIT 1`,
      [request.userId, course.course_id, request.completedAt],
    );

    const credential = buildAchievementCredential(
      {
        certificateId: id,
        userId: user.id,
        courseVersionId: course.id,
        holderName: user.name,
        courseTitle: course.title,
        courseSummary: course.summary ?? '',
        criteria: criteriaOf(settings, Number(course.hours)),
        hours: Number(course.hours),
        pillarLabel,
        number,
        issuerName: signatory.issuerName,
        issuedAt,
        completedAt: request.completedAt,
        validUntil,
      },
      this.keys.did,
      this.keys.publicUrl,
      { listUrl: this.statusLists.listUrl(status.listId), index: status.index },
    );
    const signed = await this.cpu.run<Record<string, unknown>>({ kind: 'sign', credential, secretKeyMultibase: signer.secret, did: this.keys.did, now: issuedAt });
    // OB 3.0's schema wants `proof` as an array.
    const stored = { ...signed, proof: [signed.proof] };

    await manager.query(
      `INSERT INTO certificates (id, enrollment_id, user_id, course_version_id, course_id, number, year, regency_code, sequence,
         verification_code, holder_name, pillar, region_code, region_label, course_title, hours, completed_at, issued_at, valid_until,
         issuer_name, signatory_name, signatory_title, status_list_id, status_list_index, credential, previous_certificate_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`,
      [
        id,
        request.enrollmentId,
        user.id,
        course.id,
        course.course_id,
        number,
        year,
        regency,
        sequence,
        code,
        user.name,
        pillar,
        user.region_code,
        regionLabel,
        course.title,
        course.hours,
        request.completedAt,
        issuedAt,
        validUntil,
        signatory.issuerName,
        signatory.name,
        signatory.title,
        status.listId,
        status.index,
        JSON.stringify(stored),
        previous?.id ?? null,
      ],
    );
    return { id, code };
  }

  private async signatoryFor(manager: EntityManager, regency: string, regencyName: string): Promise<{ name: string; title: string; issuerName: string }> {
    const [row] = await manager.query(
      `SELECT name, title, issuer_name FROM certificate_signatories WHERE scope IN ($1, $2) ORDER BY (scope = $1) DESC LIMIT 1`,
      [regency, DEFAULT_SIGNATORY_SCOPE],
    );
    const fill = (text: string) => text.replaceAll('{wilayah}', regencyName);
    if (!row) return { name: fill('Kepala Dinas Sosial {wilayah}'), title: 'Ditandatangani secara elektronik', issuerName: fill('Dinas Sosial {wilayah}') };
    return { name: fill(row.name), title: fill(row.title), issuerName: fill(row.issuer_name) };
  }

  /** Renders the PDF of a certificate and stores it; returns the bytes. */
  async renderAndStore(id: string): Promise<Buffer> {
    const [row] = await this.db.query(`SELECT ${PUBLIC_COLUMNS} FROM certificates c WHERE c.id = $1`, [id]);
    if (!row) throw new NotFoundException('Sertifikat tidak ditemukan.');
    const pdf = await this.cpu.run<Buffer>({ kind: 'pdf', sheet: this.sheetOf(row) });
    await this.db.query(`UPDATE certificates SET pdf = $2 WHERE id = $1`, [id, pdf]);
    return pdf;
  }

  private sheetOf(row: Record<string, any>): CertificateSheet {
    const regencyPlace = String(row.region_label).split(', ').pop() ?? row.region_label;
    return {
      number: row.number,
      holderName: row.holder_name,
      pillarLabel: PILLAR_LABELS[row.pillar as Pillar] ?? 'Umum',
      regionLabel: row.region_label,
      courseTitle: row.course_title,
      hours: Number(row.hours),
      completedAt: row.completed_at,
      issuedAt: row.issued_at,
      validUntil: row.valid_until,
      issuerName: row.issuer_name,
      issuerPlace: regencyPlace,
      signatoryName: row.signatory_name,
      signatoryTitle: row.signatory_title,
      verifyUrl: this.verifyUrl(row.verification_code),
      verificationCode: row.verification_code,
    };
  }

  /** The certificate behind a verification code, as the verify page shows it. Unknown or malformed: 404. */
  async findPublic(codeInput: string): Promise<PublicCertificate> {
    const row = await this.rowByCode(codeInput);
    return this.toPublic(row);
  }

  private async rowByCode(codeInput: string): Promise<Record<string, any>> {
    const code = normalizeVerificationCode(codeInput);
    const [row] = code ? await this.db.query(`SELECT ${PUBLIC_COLUMNS} FROM certificates c WHERE c.verification_code = $1`, [code]) : [];
    if (!row) throw new NotFoundException('Sertifikat tidak ditemukan.');
    return row;
  }

  private toPublic(row: Record<string, any>, now = new Date()): PublicCertificate {
    const status = statusOf(row, now);
    const code: string = row.verification_code;
    return {
      code,
      number: row.number,
      status,
      holderName: row.holder_name,
      courseTitle: row.course_title,
      hours: Number(row.hours),
      pillar: row.pillar,
      pillarLabel: PILLAR_LABELS[row.pillar as Pillar] ?? 'Umum',
      regionCode: row.region_code,
      regionLabel: row.region_label,
      issuerName: row.issuer_name,
      signatoryName: row.signatory_name,
      signatoryTitle: row.signatory_title,
      completedAt: row.completed_at,
      issuedAt: row.issued_at,
      validUntil: row.valid_until,
      revokedAt: row.revoked_at,
      revocationReason: row.revocation_reason,
      verifyUrl: this.verifyUrl(code),
      pdfUrl: `/api/certificates/${code}/pdf`,
      credentialUrl: `/api/certificates/${code}/credential`,
      renews: row.renews,
    };
  }

  /** The caller's own certificates, newest first. */
  async listMine(user: AuthUser, page: number, pageSize: number): Promise<Page<PublicCertificate>> {
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM certificates WHERE user_id = $1`, [user.id]);
    const rows = await this.db.query(`SELECT ${PUBLIC_COLUMNS} FROM certificates c WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.id LIMIT $2 OFFSET $3`, [
      user.id,
      pageSize,
      (page - 1) * pageSize,
    ]);
    return { items: rows.map((row: Record<string, any>) => this.toPublic(row)), total, page, pageSize };
  }

  /**
   * The certificates an admin may see: those of holders in their region (at issuance), filtered, newest first.
   * The scope is part of the query, so a row outside it is never read. Nothing in a row is a phone, NIK or email.
   */
  async listIssued(admin: AuthUser, query: IssuedCertificatesQuery): Promise<IssuedCertificatePageDto> {
    const params: unknown[] = [];
    const scope = scopeSql('c.region_code', scopeOf(admin), params);
    const where = [scope];
    if (query.region) {
      params.push(query.region, `${query.region}.%`);
      where.push(`(c.region_code = $${params.length - 1} OR c.region_code LIKE $${params.length})`);
    }
    const q = query.q?.trim();
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const like = `$${params.length}`;
      const code = normalizeVerificationCode(q);
      if (code) params.push(code);
      where.push(`(c.holder_name ILIKE ${like} OR c.number ILIKE ${like}${code ? ` OR c.verification_code = $${params.length}` : ''})`);
    }
    if (query.pillar) {
      params.push(query.pillar);
      where.push(`c.pillar = $${params.length}`);
    }
    if (query.courseId) {
      params.push(query.courseId);
      where.push(`c.course_id = $${params.length}`);
    }
    if (query.status === 'revoked') where.push('c.revoked_at IS NOT NULL');
    if (query.status === 'expired') where.push('c.revoked_at IS NULL AND c.valid_until IS NOT NULL AND c.valid_until < now()');
    if (query.status === 'valid') where.push('c.revoked_at IS NULL AND (c.valid_until IS NULL OR c.valid_until >= now())');
    const condition = where.join(' AND ');
    const coursesParams: unknown[] = [];
    const coursesScope = scopeSql('c.region_code', scopeOf(admin), coursesParams);
    const [[{ total }], rows, courses] = await Promise.all([
      this.db.query(`SELECT count(*)::int AS total FROM certificates c WHERE ${condition}`, params),
      this.db.query(
        `SELECT c.verification_code, c.number, c.holder_name, c.course_id, c.course_title, c.pillar, c.region_code, c.region_label,
                c.issued_at, c.valid_until, c.revoked_at, c.revocation_reason
           FROM certificates c WHERE ${condition}
          ORDER BY c.issued_at DESC, c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      ),
      this.db.query(
        `SELECT DISTINCT ON (c.course_id) c.course_id AS id, c.course_title AS title FROM certificates c WHERE ${coursesScope}
          ORDER BY c.course_id, c.issued_at DESC`,
        coursesParams,
      ) as Promise<Array<{ id: string; title: string }>>,
    ]);
    const now = new Date();
    const items: IssuedCertificateDto[] = rows.map((row: Record<string, any>) => ({
      code: row.verification_code,
      number: row.number,
      status: statusOf(row, now),
      holderName: row.holder_name,
      courseId: row.course_id,
      courseTitle: row.course_title,
      pillar: row.pillar,
      pillarLabel: PILLAR_LABELS[row.pillar as Pillar] ?? 'Umum',
      regionCode: row.region_code,
      regionLabel: row.region_label,
      issuedAt: row.issued_at,
      validUntil: row.valid_until,
      revokedAt: row.revoked_at,
      revocationReason: row.revocation_reason,
      verifyUrl: this.verifyUrl(row.verification_code),
    }));
    courses.sort((a, b) => a.title.localeCompare(b.title, 'id'));
    return { items, total, page: query.page, pageSize: query.pageSize, courses };
  }

  /** The stored PDF (rendered now if it is missing) and what the number is. */
  async pdf(codeInput: string): Promise<{ pdf: Buffer; number: string; code: string }> {
    const row = await this.rowByCode(codeInput);
    const [stored] = await this.db.query(`SELECT pdf FROM certificates WHERE id = $1`, [row.id]);
    const pdf: Buffer = stored?.pdf ?? (await this.renderAndStore(row.id));
    return { pdf, number: row.number, code: row.verification_code };
  }

  async credential(codeInput: string): Promise<Record<string, unknown>> {
    const code = normalizeVerificationCode(codeInput);
    const [row] = code ? await this.db.query(`SELECT credential FROM certificates WHERE verification_code = $1`, [code]) : [];
    if (!row) throw new NotFoundException('Sertifikat tidak ditemukan.');
    return row.credential;
  }

  /**
   * Revokes a certificate of the admin's region (others: 404, as if it did not exist), with a reason category;
   * audited; the status list's bit flips with it. Revoking twice keeps the first revocation.
   */
  async revoke(codeInput: string, reason: RevocationReason, admin: AuthUser, ip: string | null): Promise<PublicCertificate> {
    const code = normalizeVerificationCode(codeInput);
    const done = await this.db.transaction(async (manager) => {
      const [row] = code
        ? await manager.query(`SELECT id, region_code, status_list_id, revoked_at, number FROM certificates WHERE verification_code = $1 FOR UPDATE`, [code])
        : [];
      if (!row || !inScope(row.region_code, scopeOf(admin))) throw new NotFoundException('Sertifikat tidak ditemukan.');
      if (row.revoked_at) return row;
      await manager.query(`UPDATE certificates SET revoked_at = now(), revocation_reason = $2, revoked_by_id = $3 WHERE id = $1`, [row.id, reason, admin.id]);
      await this.statusLists.touch(row.status_list_id, manager);
      await this.audit.record(
        {
          action: CERTIFICATE_REVOKE,
          actor: admin,
          targetType: 'certificate',
          targetId: row.id,
          regionCode: row.region_code,
          ip,
          details: { number: row.number, reason },
        },
        manager,
      );
      return row;
    });
    return this.findPublic(code ?? String(done.id));
  }
}

function statusOf(row: Record<string, any>, now: Date): CertificateStatus {
  return row.revoked_at ? 'revoked' : row.valid_until && new Date(row.valid_until) < now ? 'expired' : 'valid';
}

function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

function criteriaOf(settings: CourseSettings, hours: number): string {
  const passMark = settings.posttest?.passMark;
  const rules = [`Mengikuti bimbingan teknis ${hours} JP dan membaca seluruh materi.`];
  if (passMark !== undefined) rules.push(`Lulus post-test dengan nilai minimal ${passMark}.`);
  return rules.join(' ');
}
