import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';

/**
 * The job kind (pg-boss queue) of learning's one event: a learner passed the post-test. Params:
 * `EnrollmentCompletedParams`. The certificates domain registers its handler under this name: import it from here.
 */
export const ENROLLMENT_COMPLETED = 'enrollment.completed';

/** The params of an `enrollment.completed` job. */
export interface EnrollmentCompletedParams {
  enrollmentId: string;
}

export interface EnrollmentCompleted {
  enrollmentId: string;
  userId: string;
  /** The learner's region (the job's scope), as the session read it on this request. */
  regionCode: string | null;
}

/**
 * Domain events of learning, as background jobs enqueued in the transaction that makes them true: completion never
 * waits for a certificate to render, and a completion is never left without its event.
 */
@Injectable()
export class LearningEvents {
  constructor(private readonly jobs: JobsService) {}

  async enrollmentCompleted(manager: EntityManager, event: EnrollmentCompleted): Promise<void> {
    await this.jobs.enqueueWithin(manager, ENROLLMENT_COMPLETED, {
      owner: { id: event.userId },
      regionCode: event.regionCode,
      params: { enrollmentId: event.enrollmentId } satisfies EnrollmentCompletedParams,
    });
  }
}
