import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JobContext } from '../jobs/jobs.service';
import { CertificatesService } from './certificates.service';

/** The learning domain's event: a learner passed the post-test. Params: `{ enrollmentId }`. */
export const ENROLLMENT_COMPLETED = 'enrollment.completed';

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
}
