import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { inScope, scopeOf } from '../auth/region-scope';
import { AuditAction, AuditService } from '../audit/audit.service';
import { Page } from '../common/pagination.dto';
import { Pillar, PILLAR_LABELS } from '../common/pillar';
import type { CourseSettings } from '../courses/course-package';
import type { EventOnCertificate } from '../events/event-attendance';
import { buildAchievementCredential, eventLineOf, fieldTaskLinesOf, type EventAttended, type FieldTaskResult } from './credentials/achievement-credential';
import { ReportsService } from '../reports/reports.service';
import { CertificateCpu } from './certificate-cpu';
import { CertificateFactsReader, CourseFacts, HolderFacts, ResultFacts } from './certificate-facts';
import type { IssuedCertificateDto, IssuedCertificatePageDto, IssuedCertificatesQuery } from './certificates.dto';
import { RevocationReason } from './entities/certificate.entity';
import { formatCertificateNumber, newVerificationCode, normalizeVerificationCode, regencyOf } from './numbering';
import type { CertificateSheet } from './pdf/certificate-pdf';
import * as refuse from './certificates.errors';
import { CertificateRow, CertificatesRepository, NewCertificate } from './certificates.repository';
import { SigningKeysService } from './signing-keys.service';
import { StatusListsService } from './status-lists.service';

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
  verifyUrl: string;
  pdfUrl: string;
  credentialUrl: string;
  /** The number of the expired certificate this one renews. */
  renews: string | null;
}

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

/** Everything an issuance states, gathered before its transaction. */
interface IssueFacts {
  holder: HolderFacts & { regionCode: string };
  regency: string;
  regionLabel: string;
  regencyName: string;
  course: CourseFacts;
  pillar: string;
  /** The post-test score and passed field tasks, with the Dinsos that assessed them (decision 026). */
  results: ResultFacts;
  assessor: { id: string; name: string } | null;
  /** The course's in-person event the holder attended: its JP replaces the course's hours (decision 029). */
  event: EventOnCertificate | null;
}

@Injectable()
export class CertificatesService {
  private readonly logger = new Logger('Certificates');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: CertificatesRepository,
    private readonly facts: CertificateFactsReader,
    private readonly keys: SigningKeysService,
    private readonly statusLists: StatusListsService,
    private readonly audit: AuditService,
    private readonly cpu: CertificateCpu,
    private readonly reports: ReportsService,
  ) {}

  verifyUrl(code: string): string {
    return `${this.keys.publicUrl}/verify/${code}`;
  }

  /** Issues the certificate of an enrollment the learning domain says is completed; null when it is not. */
  async issueForEnrollment(enrollmentId: string): Promise<{ id: string; code: string; created: boolean } | null> {
    const completion = await this.facts.completion(enrollmentId);
    return completion ? this.issue(completion) : null;
  }

  /**
   * Issues the certificate of a completed enrollment, once: a second call (a duplicated event, a racing worker)
   * returns the first certificate. The number is taken inside the transaction, so numbers have no gaps.
   * Then renders and stores the PDF (outside the transaction: a failed render is redone when the PDF is asked for).
   */
  async issue(request: IssueRequest): Promise<{ id: string; code: string; created: boolean }> {
    const existing = await this.repository.findIdByEnrollment(this.db, request.enrollmentId);
    if (existing) return { ...existing, created: false };
    // Everything that needs a connection of its own comes before the transaction: a transaction waiting for another
    // pooled connection could starve the pool when many issue at once.
    const facts = await this.gatherFacts(request);
    const signer = { secret: await this.keys.signingSecret() };
    const status = await this.statusLists.allocate();
    let issued: { id: string; code: string };
    try {
      issued = await this.db.transaction((manager) => this.issueIn(manager, request, facts, status, signer));
    } catch (error) {
      const winner = uniqueViolation(error, 'uq_certificates_enrollment') ? await this.repository.findIdByEnrollment(this.db, request.enrollmentId) : null;
      if (winner) return { ...winner, created: false };
      throw error;
    }
    await this.renderAndStore(issued.id).catch((error: unknown) =>
      this.logger.error(`PDF of certificate ${issued.id} not rendered: ${error instanceof Error ? error.message : String(error)}`),
    );
    return { ...issued, created: true };
  }

  /** The holder, their region's names and the course, from the domains that own them. */
  private async gatherFacts(request: IssueRequest): Promise<IssueFacts> {
    const [holder, course, results] = await Promise.all([
      this.facts.holder(request.userId),
      this.facts.courseVersion(request.courseVersionId),
      this.facts.results(request.enrollmentId),
    ]);
    if (!holder) throw refuse.holderNotFound();
    const regency = holder.regionCode ? regencyOf(holder.regionCode) : null;
    if (!holder.regionCode || !regency) throw refuse.holderWithoutRegency();
    if (!course) throw refuse.courseVersionNotFound();
    const event = await this.facts.attendedEvent(holder.id, course.courseId);
    const assessorRegency = results.tasks.length > 0 ? regencyOf(results.tasks[0].regionCode) : null;
    const names = await this.facts.regionNames([holder.regionCode, regency, ...(assessorRegency ? [assessorRegency] : [])]);
    const regencyName = names.get(regency) ?? regency;
    const regionLabel = holder.regionCode === regency ? regencyName : `Kecamatan ${names.get(holder.regionCode) ?? holder.regionCode}, ${regencyName}`;
    const pillar = holder.pillar ?? course.pillars.find((p) => p in PILLAR_CODES) ?? 'UMUM';
    // The tasks' reviewers are the Dinsos of the worker's region at submission: named by that regency (one URN per regency).
    const assessor = assessorRegency ? { id: `urn:bimtek-pilar:dinsos:${assessorRegency}`, name: `Dinas Sosial ${names.get(assessorRegency) ?? assessorRegency}` } : null;
    return { holder: { ...holder, regionCode: holder.regionCode }, regency, regionLabel, regencyName, course, pillar, results, assessor, event };
  }

  private async issueIn(
    manager: EntityManager,
    request: IssueRequest,
    facts: IssueFacts,
    status: { listId: number; index: number },
    signer: { secret: string },
  ): Promise<{ id: string; code: string }> {
    await this.repository.lockEnrollment(manager, request.enrollmentId);
    const already = await this.repository.findIdByEnrollment(manager, request.enrollmentId);
    if (already) return already;

    const certificate = await this.numberedCertificate(manager, request, facts, status);
    certificate.credential = await this.signedCredential(certificate, facts, status, signer);
    await this.repository.insert(manager, certificate);
    await this.reports.recordCertificateChange(manager, {
      certificateId: certificate.id,
      enrollmentId: certificate.enrollmentId,
      userId: certificate.userId,
      courseId: certificate.courseId,
      issuedAt: certificate.issuedAt,
      validUntil: certificate.validUntil,
      revoked: false,
    });
    return { id: certificate.id, code: certificate.verificationCode };
  }

  /** The certificate's facts with its number (taken now, in the transaction) and its signatory. */
  private async numberedCertificate(
    manager: EntityManager,
    request: IssueRequest,
    facts: IssueFacts,
    status: { listId: number; index: number },
  ): Promise<NewCertificate> {
    const issuedAt = new Date();
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(issuedAt));
    const validityMonths = facts.course.settings.certificate?.validityMonths;
    const sequence = await this.repository.nextSequence(manager, year, facts.regency);
    const signatory = await this.signatoryFor(manager, facts.regency, facts.regencyName);
    return {
      id: randomUUID(),
      enrollmentId: request.enrollmentId,
      userId: facts.holder.id,
      courseVersionId: facts.course.versionId,
      courseId: facts.course.courseId,
      number: formatCertificateNumber(sequence, PILLAR_CODES[facts.pillar] ?? 'UMUM', facts.regency, year),
      year,
      regencyCode: facts.regency,
      sequence,
      verificationCode: newVerificationCode(),
      holderName: facts.holder.name,
      pillar: facts.pillar,
      regionCode: facts.holder.regionCode,
      regionLabel: facts.regionLabel,
      courseTitle: facts.course.title,
      hours: facts.event?.jp ?? facts.course.hours,
      completedAt: request.completedAt,
      issuedAt,
      validUntil: validityMonths ? addMonths(request.completedAt, validityMonths) : null,
      issuerName: signatory.issuerName,
      signatoryName: signatory.name,
      signatoryTitle: signatory.title,
      statusListId: status.listId,
      statusListIndex: status.index,
      credential: {},
      previousCertificateId: await this.repository.expiredBefore(manager, facts.holder.id, facts.course.courseId, request.completedAt),
    };
  }

  /** The Open Badges 3.0 credential, signed in the CPU worker; OB 3.0's schema wants `proof` as an array. */
  private async signedCredential(
    certificate: NewCertificate,
    facts: IssueFacts,
    status: { listId: number; index: number },
    signer: { secret: string },
  ): Promise<Record<string, unknown>> {
    const credential = buildAchievementCredential(
      {
        certificateId: certificate.id,
        subjectId: randomUUID(),
        courseVersionId: certificate.courseVersionId,
        holderName: certificate.holderName,
        courseTitle: certificate.courseTitle,
        courseSummary: facts.course.summary,
        criteria: criteriaOf(facts.course.settings, certificate.hours, facts.results.tasks.map((task) => task.title), facts.event),
        hours: certificate.hours,
        pillarLabel: PILLAR_LABELS[facts.pillar as Pillar] ?? 'Umum',
        number: certificate.number,
        issuerName: certificate.issuerName,
        issuedAt: certificate.issuedAt,
        completedAt: certificate.completedAt,
        validUntil: certificate.validUntil,
        posttest: facts.results.posttestScore === null ? null : { score: facts.results.posttestScore, passMark: facts.course.settings.posttest.passMark },
        fieldTasks: facts.results.tasks.map(
          (task): FieldTaskResult => ({
            taskId: task.taskId,
            title: task.title,
            levels: task.rubricLevels,
            passLevel: task.passLevel,
            achievedLevel: task.achievedLevel,
            assessedAt: task.reviewedAt,
          }),
        ),
        assessor: facts.assessor,
        event: facts.event ? eventAttended(facts.event) : null,
      },
      this.keys.did,
      this.keys.publicUrl,
      { listUrl: this.statusLists.listUrl(status.listId), index: status.index },
    );
    const signed = await this.cpu.run<Record<string, unknown>>({
      kind: 'sign',
      credential,
      secretKeyMultibase: signer.secret,
      did: this.keys.did,
      now: certificate.issuedAt,
    });
    return { ...signed, proof: [signed.proof] };
  }

  private async signatoryFor(manager: EntityManager, regency: string, regencyName: string): Promise<{ name: string; title: string; issuerName: string }> {
    const row = await this.repository.signatoryFor(manager, regency);
    const fill = (text: string) => text.replaceAll('{wilayah}', regencyName);
    if (!row) return { name: fill('Kepala Dinas Sosial {wilayah}'), title: 'Ditandatangani secara elektronik', issuerName: fill('Dinas Sosial {wilayah}') };
    return { name: fill(row.name), title: fill(row.title), issuerName: fill(row.issuer_name) };
  }

  /** Renders the PDF of a certificate and stores it; returns the bytes. */
  async renderAndStore(id: string): Promise<Buffer> {
    const row = await this.repository.findById(id);
    if (!row) throw refuse.certificateNotFound();
    const credential = await this.repository.credentialById(id);
    const sheet = { ...this.sheetOf(row), fieldTasks: credential ? fieldTaskLinesOf(credential) : [], event: credential ? eventLineOf(credential) : null };
    const pdf = await this.cpu.run<Buffer>({ kind: 'pdf', sheet });
    await this.repository.storePdf(id, pdf);
    return pdf;
  }

  private sheetOf(row: CertificateRow): CertificateSheet {
    const regencyPlace = row.region_label.split(', ').pop() ?? row.region_label;
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
    return this.toPublic(await this.rowByCode(codeInput));
  }

  private async rowByCode(codeInput: string): Promise<CertificateRow> {
    const code = normalizeVerificationCode(codeInput);
    const row = code ? await this.repository.findByCode(code) : null;
    if (!row) throw refuse.certificateNotFound();
    return row;
  }

  private toPublic(row: CertificateRow, now = new Date()): PublicCertificate {
    const code = row.verification_code;
    return {
      code,
      number: row.number,
      status: statusOf(row, now),
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
            verifyUrl: this.verifyUrl(code),
      pdfUrl: `/api/certificates/${code}/pdf`,
      credentialUrl: `/api/certificates/${code}/credential`,
      renews: row.renews,
    };
  }

  /** The caller's own certificates, newest first. */
  async listMine(user: AuthUser, page: number, pageSize: number): Promise<Page<PublicCertificate>> {
    const [total, rows] = await Promise.all([this.repository.countOfHolder(user.id), this.repository.listOfHolder(user.id, pageSize, (page - 1) * pageSize)]);
    return { items: rows.map((row) => this.toPublic(row)), total, page, pageSize };
  }

  /**
   * The certificates an admin may see: those of holders in their region (at issuance), filtered, newest first.
   * The scope is part of the query, so a row outside it is never read. Nothing in a row is a phone, NIK or email.
   */
  async listIssued(admin: AuthUser, query: IssuedCertificatesQuery): Promise<IssuedCertificatePageDto> {
    const scope = scopeOf(admin);
    const q = query.q?.trim();
    const [{ rows, total }, courses] = await Promise.all([
      this.repository.listIssued({
        scope,
        region: query.region,
        q: q || undefined,
        verificationCode: q ? normalizeVerificationCode(q) : null,
        pillar: query.pillar,
        courseId: query.courseId,
        status: query.status,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      }),
      this.repository.coursesIssued(scope),
    ]);
    const now = new Date();
    courses.sort((a, b) => a.title.localeCompare(b.title, 'id'));
    return { items: rows.map((row) => this.toIssued(row, now)), total, page: query.page, pageSize: query.pageSize, courses };
  }

  private toIssued(row: CertificateRow, now: Date): IssuedCertificateDto {
    return {
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
    };
  }

  /** The stored PDF (rendered now if it is missing) and what the number is. */
  async pdf(codeInput: string): Promise<{ pdf: Buffer; number: string; code: string }> {
    const row = await this.rowByCode(codeInput);
    const pdf = (await this.repository.storedPdf(row.id)) ?? (await this.renderAndStore(row.id));
    return { pdf, number: row.number, code: row.verification_code };
  }

  async credential(codeInput: string): Promise<Record<string, unknown>> {
    const code = normalizeVerificationCode(codeInput);
    const credential = code ? await this.repository.credentialByCode(code) : null;
    if (!credential) throw refuse.certificateNotFound();
    return credential;
  }

  /**
   * Revokes a certificate of the admin's region (others: 404, as if it did not exist), with a reason category;
   * audited; the status list's bit flips with it. Revoking twice keeps the first revocation.
   */
  async revoke(codeInput: string, reason: RevocationReason, admin: AuthUser, ip: string | null): Promise<PublicCertificate> {
    const code = normalizeVerificationCode(codeInput);
    if (!code) throw refuse.certificateNotFound();
    await this.db.transaction(async (manager) => {
      const row = await this.repository.lockByCode(manager, code);
      if (!row || !inScope(row.region_code, scopeOf(admin))) throw refuse.certificateNotFound();
      if (row.revoked_at) return;
      await this.repository.markRevoked(manager, row.id, reason, admin.id);
      await this.reports.recordCertificateChange(manager, {
        certificateId: row.id,
        enrollmentId: row.enrollment_id,
        userId: row.user_id,
        courseId: row.course_id,
        issuedAt: row.issued_at,
        validUntil: row.valid_until,
        revoked: true,
      });
      await this.statusLists.touch(manager, row.status_list_id);
      await this.audit.recordWithin(manager, {
        action: AuditAction.CERTIFICATE_REVOKE,
        actor: admin,
        targetType: 'certificate',
        targetId: row.id,
        regionCode: row.region_code,
        ip,
        details: { number: row.number, reason },
      });
    });
    return this.findPublic(code);
  }
}

function statusOf(row: Pick<CertificateRow, 'revoked_at' | 'valid_until'>, now: Date): CertificateStatus {
  return row.revoked_at ? 'revoked' : row.valid_until && new Date(row.valid_until) < now ? 'expired' : 'valid';
}

function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

function criteriaOf(settings: CourseSettings, hours: number, taskTitles: string[] = [], event: EventOnCertificate | null = null): string {
  const passMark = settings.posttest?.passMark;
  const rules = [`Mengikuti bimbingan teknis ${formatJp(hours)} JP dan membaca seluruh materi.`];
  if (event) rules.push(`Hadir pada kegiatan tatap muka "${event.title}"; JP dihitung dari menit pembelajaran agenda yang dihadiri (1 JP = 45 menit, dibulatkan ke bawah per ½ JP).`);
  if (passMark !== undefined) rules.push(`Lulus post-test dengan nilai minimal ${passMark}.`);
  for (const title of taskTitles) rules.push(`Lulus tugas lapangan "${title}" yang dinilai dengan rubrik oleh penilai Dinas Sosial.`);
  return rules.join(' ');
}

const eventDates = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const formatJp = (jp: number): string => jp.toLocaleString('id-ID');

/** The attended event as the credential states it: "title, 14–15 Desember 2026, venue, region" and what was attended. */
function eventAttended(event: EventOnCertificate): EventAttended {
  const dates = eventDates.formatRange(new Date(`${event.firstDate}T00:00:00Z`), new Date(`${event.lastDate}T00:00:00Z`));
  const label = `${event.title}, ${dates}, ${event.venue}, ${event.regionName}`;
  const narrative = `Hadir ${event.attendedDays} dari ${event.totalDays} hari kegiatan "${event.title}" (${dates}, ${event.venue}, ${event.regionName}): ${event.attendedMinutes} menit pembelajaran = ${formatJp(event.jp)} JP.`;
  return { title: event.title, label, narrative, totalJp: event.totalJp };
}
