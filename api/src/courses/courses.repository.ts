import { FieldTask } from './entities/field-task.entity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { likePattern, pagedRows, preparedRowsOf, rowsOf, type PagedRows } from '../common/sql';
import { ALL_PILLARS, type CoursePillar, type CourseSettings } from './course-package';
import { CourseVersionStatus } from './entities/course-version.entity';
import { Question } from './entities/question.entity';

/** A published version as the catalogue lists it. */
export interface VersionSummaryRow {
  slug: string;
  version_id: string;
  number: number;
  title: string;
  summary: string;
  pillars: CoursePillar[];
  /** numeric: pg answers a string. */
  hours: string;
  lesson_count: number;
  total_minutes: number;
  published_at: Date | null;
  module_count: number;
}

/** One version with what its outline, lessons and the learning rules need. */
export interface VersionRow extends VersionSummaryRow {
  course_id: string;
  settings: CourseSettings;
}

export interface ResolvedVersionRow {
  course_id: string;
  id: string;
  number: number;
  pillars: CoursePillar[];
  settings: CourseSettings;
}

export interface ModuleRow {
  id: string;
  /** The author's id (`mengenal-tksk`); null in versions imported before format 2. */
  key: string | null;
  position: number;
  title: string;
}

export interface LessonRow {
  id: string;
  module_id: string;
  slug: string;
  position: number;
  title: string;
  minutes: number;
  html: string;
}

export interface MediaRow {
  hash: string;
  content_type: string;
  bytes: Buffer;
}

export interface CatalogueFilter {
  pillar?: CoursePillar;
  /** Words of the title (LIKE-escaped here). */
  q?: string;
}

/** Every statement on the tables of the courses domain, but the importer's writes (course-importer.ts). */
@Injectable()
export class CoursesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async contentHashOf(versionId: string): Promise<string> {
    const [row] = (await this.db.query('SELECT content_hash FROM course_versions WHERE id = $1', [versionId])) as Array<{ content_hash: string }>;
    return row.content_hash;
  }

  /** The field tasks of a version, in course.yaml order. */
  fieldTasksOf(versionId: string): Promise<FieldTask[]> {
    return this.db.getRepository(FieldTask).find({ where: { versionId }, order: { position: 'ASC' } });
  }

  fieldTask(id: string): Promise<FieldTask | null> {
    return this.db.getRepository(FieldTask).findOneBy({ id });
  }

  fieldTasksByIds(ids: string[]): Promise<FieldTask[]> {
    return this.db.getRepository(FieldTask).find({ where: { id: In(ids) } });
  }

  /** A page of the published catalogue: courses for every pillar first, then by title. */
  async pagePublished(filter: CatalogueFilter, page: number, pageSize: number): Promise<PagedRows<VersionSummaryRow>> {
    const conditions = ['v.status = $1'];
    const params: unknown[] = [CourseVersionStatus.PUBLISHED];
    if (filter.pillar) {
      params.push(filter.pillar);
      conditions.push(filter.pillar === ALL_PILLARS ? `$${params.length} = ANY(v.pillars)` : `($${params.length} = ANY(v.pillars) OR '${ALL_PILLARS}' = ANY(v.pillars))`);
    }
    if (filter.q) {
      params.push(likePattern(filter.q));
      conditions.push(`v.title ILIKE $${params.length}`);
    }
    return pagedRows<VersionSummaryRow>(
      this.db,
      {
        columns: `c.slug, v.id AS version_id, v.number, v.title, v.summary, v.pillars, v.hours, v.lesson_count, v.total_minutes, v.published_at,
                  (SELECT count(*)::int FROM course_modules m WHERE m.version_id = v.id) AS module_count`,
        from: 'courses c JOIN course_versions v ON v.id = c.current_version_id',
        where: conditions.join(' AND '),
        orderBy: `('${ALL_PILLARS}' = ANY(v.pillars)) DESC, v.title, c.slug`,
      },
      params,
      { page, pageSize },
    );
  }

  /** The published version a lesson belongs to, if any. */
  async publishedVersionOfLesson(lessonId: string): Promise<string | null> {
    const [row] = await rowsOf<{ version_id: string }>(
      this.db,
      `SELECT l.version_id FROM lessons l JOIN course_versions v ON v.id = l.version_id WHERE l.id = $1 AND v.status = $2`,
      [lessonId, CourseVersionStatus.PUBLISHED],
    );
    return row?.version_id ?? null;
  }

  /** An image by the hash of its bytes, when a published version of the course uses it. */
  async mediaByHash(slug: string, hash: string): Promise<MediaRow | undefined> {
    const [row] = await rowsOf<MediaRow>(
      this.db,
      `SELECT m.hash, m.content_type, m.bytes FROM media_files m
       WHERE m.hash = $2 AND EXISTS (
         SELECT 1 FROM course_version_media cvm JOIN course_versions v ON v.id = cvm.version_id JOIN courses c ON c.id = v.course_id
         WHERE cvm.media_hash = m.hash AND c.slug = $1 AND v.status = $3)`,
      [slug, hash, CourseVersionStatus.PUBLISHED],
    );
    return row;
  }

  /** An image by its file name in the current version's `media/` folder. */
  async mediaByName(slug: string, file: string): Promise<MediaRow | undefined> {
    const [row] = await rowsOf<MediaRow>(
      this.db,
      `SELECT m.hash, m.content_type, m.bytes FROM courses c
       JOIN course_version_media cvm ON cvm.version_id = c.current_version_id
       JOIN media_files m ON m.hash = cvm.media_hash
       WHERE c.slug = $1 AND cvm.file_name = $2`,
      [slug, file],
    );
    return row;
  }

  /** The published version of a slug: the current one, or number `version`. */
  async findPublishedVersion(slug: string, version?: number): Promise<ResolvedVersionRow | undefined> {
    // Prepared: the course page asks it on every view (issue #22).
    const [row] = await preparedRowsOf<ResolvedVersionRow>(
      this.db,
      version === undefined
        ? `SELECT c.id AS course_id, v.id, v.number, v.pillars, v.settings FROM courses c JOIN course_versions v ON v.id = c.current_version_id
           WHERE c.slug = $1 AND v.status = $2`
        : `SELECT c.id AS course_id, v.id, v.number, v.pillars, v.settings FROM courses c JOIN course_versions v ON v.course_id = c.id
           WHERE c.slug = $1 AND v.status = $2 AND v.number = $3`,
      version === undefined ? [slug, CourseVersionStatus.PUBLISHED] : [slug, CourseVersionStatus.PUBLISHED, version],
    );
    return row;
  }

  /** The title of each course's current version, for the ids that exist. */
  currentTitles(courseIds: string[]): Promise<Array<{ id: string; title: string }>> {
    return rowsOf<{ id: string; title: string }>(
      this.db,
      `SELECT c.id, v.title FROM courses c JOIN course_versions v ON v.id = c.current_version_id WHERE c.id = ANY($1::uuid[])`,
      [courseIds],
    );
  }

  /** The id of the course a slug names, whatever the state of its versions. */
  async courseIdOf(slug: string): Promise<string | null> {
    const [row] = await rowsOf<{ id: string }>(this.db, `SELECT id FROM courses WHERE slug = $1`, [slug]);
    return row?.id ?? null;
  }

  /** Question row id → its key in the bank, over every version of a course. */
  questionKeysOf(courseId: string): Promise<Array<{ id: string; key: string }>> {
    return rowsOf<{ id: string; key: string }>(
      this.db,
      `SELECT q.id, q.key FROM questions q JOIN course_versions v ON v.id = q.version_id WHERE v.course_id = $1`,
      [courseId],
    );
  }

  /*
   * A version's content is read once and then cached by CoursesService. The reads take the manager of the caller,
   * which may be a transaction holding a lock: loading on that connection needs no second one from the pool.
   */

  async findVersion(manager: EntityManager, versionId: string): Promise<VersionRow | undefined> {
    const [row] = await rowsOf<VersionRow>(
      manager,
      `SELECT c.slug, v.course_id, v.id AS version_id, v.number, v.title, v.summary, v.pillars, v.hours, v.lesson_count, v.total_minutes, v.published_at,
              v.settings, (SELECT count(*)::int FROM course_modules m WHERE m.version_id = v.id) AS module_count
       FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE v.id = $1`,
      [versionId],
    );
    return row;
  }

  modulesOf(manager: EntityManager, versionId: string): Promise<ModuleRow[]> {
    return rowsOf<ModuleRow>(manager, `SELECT id, key, position, title FROM course_modules WHERE version_id = $1 ORDER BY position`, [versionId]);
  }

  /** The lessons of a version in reading order, with their HTML. */
  lessonsOf(manager: EntityManager, versionId: string): Promise<LessonRow[]> {
    return rowsOf<LessonRow>(manager, `SELECT id, module_id, slug, position, title, minutes, html FROM lessons WHERE version_id = $1 ORDER BY position`, [
      versionId,
    ]);
  }

  /** The questions of one bank of a version, in bank order, WITH their keys. */
  questionsOf(manager: EntityManager, versionId: string, bank: string): Promise<Question[]> {
    return manager.getRepository(Question).find({ where: { versionId, bank }, order: { position: 'ASC' } });
  }
}
