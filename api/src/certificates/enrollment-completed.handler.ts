import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JobContext } from '../jobs/jobs.service';
import { CertificatesService } from './certificates.service';

/** The learning domain's event: a learner passed the post-test. Params: `{ enrollmentId }`. */
export const ENROLLMENT_COMPLETED = 'enrollment.completed';

/**
 * Bulk issuance for completions known by their facts rather than an enrollment row (params: `{ requests: [{
 * enrollmentId, userId, courseVersionId, completedAt }] }`): e.g. an in-person bimtek, or the benchmark.
 * Idempotent per enrollmentId, so a retried job issues nothing twice.
 */
export const CERTIFICATE_ISSUE = 'certificate.issue';

/**
 * Bulk issuance runs one certificate at a time and rests as long as it worked: signing and rendering happen in a
 * low-priority child process, but each issuance still costs the API's event loop and the database some work, and
 * requests must keep getting their turn (measured in bench/RESULTS.md).
 */
const BULK_DUTY_CYCLE = 0.5;

/** Issues the certificate of a completed enrollment (idempotent: a repeated event returns the same certificate). */
@Injectable()
export class EnrollmentCompletedHandler {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificatesService,
  ) {}

  async handle(job: Pick<JobContext, 'params'>): Promise<{ certificateId: string | null; created: boolean }> {
    const enrollmentId = String(job.params.enrollmentId ?? '');
    const [enrollment] = await this.db.query(
      `SELECT id, user_id, course_version_id, completed_at FROM enrollments WHERE id::text = $1 AND completed_at IS NOT NULL`,
      [enrollmentId],
    );
    if (!enrollment) return { certificateId: null, created: false };
    const issued = await this.certificates.issue({
      enrollmentId: enrollment.id,
      userId: enrollment.user_id,
      courseVersionId: enrollment.course_version_id,
      completedAt: enrollment.completed_at,
    });
    return { certificateId: issued.id, created: issued.created };
  }

  async handleBulk(job: Pick<JobContext, 'params' | 'progress'>): Promise<{ issued: number; existing: number }> {
    const requests = (job.params.requests ?? []) as Array<Record<string, string>>;
    let next = 0;
    let issued = 0;
    let existing = 0;
    while (next < requests.length) {
      const started = performance.now();
      const { enrollmentId, userId, courseVersionId, completedAt } = requests[next++];
      const result = await this.certificates.issue({ enrollmentId, userId, courseVersionId, completedAt: new Date(completedAt) });
      if (result.created) issued++;
      else existing++;
      if ((issued + existing) % 50 === 0) await job.progress(issued + existing, requests.length);
      const rest = ((performance.now() - started) * (1 - BULK_DUTY_CYCLE)) / BULK_DUTY_CYCLE;
      await new Promise((resolve) => setTimeout(resolve, rest));
    }
    return { issued, existing };
  }
}
