import { Injectable } from '@nestjs/common';
import type { JobContext } from '../jobs/jobs.service';
import { CertificatesService } from './certificates.service';

/** The learning domain's event (a learner passed the post-test), named once, by learning. */
export { ENROLLMENT_COMPLETED } from '../learning/learning-events';

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
  constructor(private readonly certificates: CertificatesService) {}

  async handle(job: Pick<JobContext, 'params'>): Promise<{ certificateId: string | null; created: boolean }> {
    const issued = await this.certificates.issueForEnrollment(String(job.params.enrollmentId ?? ''));
    return { certificateId: issued?.id ?? null, created: issued?.created ?? false };
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
