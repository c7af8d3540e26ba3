import { Injectable } from '@nestjs/common';
import { GradedAttemptsRepository, type GradedAttempt } from './graded-attempts.repository';

export type { GradedAttempt };

/** The learning domain's graded attempts for the studio's item analysis (aggregates only leave the API). */
@Injectable()
export class GradedAttemptsService {
  constructor(private readonly repository: GradedAttemptsRepository) {}

  ofCourse(courseId: string, limit = 20_000): Promise<GradedAttempt[]> {
    return this.repository.ofCourse(courseId, limit);
  }
}
