import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';

/** The job kind (pg-boss queue) the certificates domain consumes: `params.enrollmentId` names the completed enrollment. */
export const ENROLLMENT_COMPLETED = 'enrollment.completed';

export interface EnrollmentCompleted {
  enrollmentId: string;
  userId: string;
}

/**
 * Domain events of learning, as background jobs enqueued in the transaction that makes them true: completion never
 * waits for a certificate to render, and a completion is never left without its event.
 */
@Injectable()
export class LearningEvents {
  constructor(private readonly jobs: JobsService) {}

  async enrollmentCompleted(manager: EntityManager, event: EnrollmentCompleted): Promise<void> {
    const [user] = (await manager.query(`SELECT region_code FROM users WHERE id = $1`, [event.userId])) as Array<{ region_code: string | null }>;
    await this.jobs.enqueueWithin(manager, ENROLLMENT_COMPLETED, {
      owner: { id: event.userId },
      regionCode: user?.region_code ?? null,
      params: { enrollmentId: event.enrollmentId },
    });
  }
}
