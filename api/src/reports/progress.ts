import { ReportProgressStatus } from './entities/report-progress-status';

/** What learning knows of an enrollment, as the reports need it (see /work/notes/reports-hooks.md). */
export interface EnrollmentFacts {
  enrollmentId: string;
  userId: string;
  courseId: string;
  /** The worker's region and pillar now (users.region_code, users.pillar); the reports skip accounts without them. */
  regionCode: string | null;
  pillar: string | null;
  lessonsFinished: number;
  pretestScore: number | null;
  bestPosttestScore: number | null;
  posttestAttempts: number;
  completedAt: Date | null;
  /** The course version's hours (JP), counted once completed. */
  hours: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What certificates know of an issuance or a revocation. */
export interface CertificateFacts {
  certificateId: string;
  enrollmentId: string;
  userId: string;
  courseId: string;
  issuedAt: Date;
  validUntil: Date | null;
  revoked: boolean;
}

/** An account as the headcount sees it, before or after a change. */
export interface WorkerFacts {
  role: string;
  status: string;
  regionCode: string | null;
  pillar: string | null;
}

/** The funnel state of an enrollment without a certificate: the same rules as BaseTablesRepository's SQL. */
export function progressOf(facts: EnrollmentFacts): ReportProgressStatus {
  if (facts.completedAt) return ReportProgressStatus.COMPLETED;
  if (facts.lessonsFinished > 0 || facts.pretestScore !== null || facts.posttestAttempts > 0) return ReportProgressStatus.STARTED;
  return ReportProgressStatus.ENROLLED;
}

/** Whether an account counts as a worker of its region and pillar. */
export function countsAsWorker(worker: WorkerFacts | null): worker is WorkerFacts & { regionCode: string; pillar: string } {
  return !!worker && worker.role === 'PESERTA' && (worker.status === 'ACTIVE' || worker.status === 'INVITED') && !!worker.regionCode && !!worker.pillar;
}

/** '2026-12-03T…' → '2026-12-01' (UTC), the expiry bucket of a date. */
export function monthOf(date: Date | null): string | null {
  if (!date) return null;
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-01`;
}
