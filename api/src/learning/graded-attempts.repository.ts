import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from '../common/sql';
import { AttemptStatus, type AttemptItem, type ItemResult, type QuizKind } from './entities/quiz-attempt.entity';

/** One graded attempt, as item analysis reads it: no worker, no enrollment, only what was drawn and answered. */
export interface GradedAttempt {
  kind: QuizKind;
  score: number;
  items: AttemptItem[];
  results: ItemResult[];
}

/** Every SQL statement of the item-analysis read (issue #18) on the learning domain's attempts. */
@Injectable()
export class GradedAttemptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ofCourse(courseId: string, limit: number): Promise<GradedAttempt[]> {
    const rows = await rowsOf<{ kind: QuizKind; score: string; items: AttemptItem[]; results: ItemResult[] }>(
      this.db,
      `SELECT a.kind, a.score, a.items, a.results FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id
       WHERE e.course_id = $1 AND a.status = $2 AND a.results IS NOT NULL ORDER BY a.submitted_at DESC LIMIT $3`,
      [courseId, AttemptStatus.SUBMITTED, limit],
    );
    return rows.map((row) => ({ kind: row.kind, score: Number(row.score), items: row.items, results: row.results }));
  }
}
