import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QuestionKind, QuestionType } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';

export interface CatalogLesson {
  id: string;
  position: number;
}

/** A bank question with its key, as grading needs it (never sent to a learner as is). */
export interface CatalogQuestion {
  id: string;
  /** Module id and kind (format v2; null in older versions): what the balanced draw needs. */
  module: string | null;
  kind: QuestionKind | null;
  type: QuestionType;
  prompt: string;
  options: string[] | null;
  answer: number | number[] | boolean;
  explanation: string;
}

const MAX_CACHED = 500;

/**
 * The lessons and question banks of published course versions, kept in memory: versions are immutable, so starting,
 * showing and grading an attempt needs no query for them once a version has been read.
 */
@Injectable()
export class CourseCatalog {
  private readonly lessonLists = new Map<string, Promise<CatalogLesson[]>>();
  private readonly banks = new Map<string, Promise<Map<string, CatalogQuestion>>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly courses: CoursesService,
  ) {}

  /** The lessons of a version in reading order. */
  lessons(versionId: string): Promise<CatalogLesson[]> {
    return this.remember(this.lessonLists, versionId, async () =>
      (await this.db.query(`SELECT id, position FROM lessons WHERE version_id = $1 ORDER BY position`, [versionId])) as CatalogLesson[],
    );
  }

  /** A bank of a version by question id, in bank order. */
  bank(versionId: string, bank: string): Promise<Map<string, CatalogQuestion>> {
    return this.remember(this.banks, `${versionId}\n${bank}`, async () => {
      const questions = await this.courses.questionsWithKeys(versionId, bank);
      return new Map(
        questions.map((q) => [q.id, { id: q.id, module: q.moduleKey, kind: q.kind, type: q.type, prompt: q.prompt, options: q.options, answer: q.answer, explanation: q.explanation }]),
      );
    });
  }

  private remember<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let found = cache.get(key);
    if (!found) {
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      found = load();
      found.catch(() => cache.delete(key));
      cache.set(key, found);
    }
    return found;
  }
}
