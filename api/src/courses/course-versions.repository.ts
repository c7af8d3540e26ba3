import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import type { CheckedCourse } from './course-package';
import { Course } from './entities/course.entity';
import { CourseModule } from './entities/course-module.entity';
import { CourseVersionMedia } from './entities/course-version-media.entity';
import { CourseVersion, CourseVersionStatus } from './entities/course-version.entity';
import { FieldTask } from './entities/field-task.entity';
import { Lesson } from './entities/lesson.entity';
import { MediaFile } from './entities/media-file.entity';
import { Question } from './entities/question.entity';
import { renderLessonHtml } from './lesson-markdown';
import { resolveMediaPath } from './package-checker';

/**
 * The writes of a course package into the courses domain's tables: one new immutable version per changed package.
 * Plain functions over a DataSource (not an injectable class), because the content CLI and the tests' global setup
 * import packages without the Nest application.
 */

/** Serializes imports of one slug across processes and instances (pg_advisory_xact_lock(key, hashtext(slug))). */
const COURSE_IMPORT_LOCK = 724_502;

export type ImportStatus = 'created' | 'updated' | 'unchanged';

export interface ImportOutcome {
  slug: string;
  status: ImportStatus;
  /** The version number now current. */
  version: number;
  versionId: string;
}

/** Where a lesson's image is served from: by the hash of its bytes, so the URL names immutable content. */
export function mediaUrl(slug: string, hash: string, fileName: string): string {
  const extension = path.extname(fileName).slice(1).toLowerCase();
  return `/api/courses/${slug}/media/${hash}.${extension}`;
}

/**
 * Imports a checked course in one transaction. The same content (same hash as the current version) changes
 * nothing; different content becomes a new published version and becomes current, every earlier version left as
 * it was (enrollments pin version ids).
 */
export async function importCheckedCourse(dataSource: DataSource, course: CheckedCourse): Promise<ImportOutcome> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COURSE_IMPORT_LOCK, course.slug]);
    let row = await manager.findOneBy(Course, { slug: course.slug });
    if (row?.currentVersionId) {
      const current = await manager.findOneByOrFail(CourseVersion, { id: row.currentVersionId });
      if (current.contentHash === course.contentHash) {
        return { slug: course.slug, status: 'unchanged', version: current.number, versionId: current.id };
      }
    }
    const status: ImportStatus = row?.currentVersionId ? 'updated' : 'created';
    if (!row) {
      row = manager.create(Course, { id: randomUUID(), slug: course.slug, currentVersionId: null });
      await manager.insert(Course, row);
    }
    const [{ next }] = (await manager.query('SELECT coalesce(max(number), 0) + 1 AS next FROM course_versions WHERE course_id = $1', [row.id])) as Array<{ next: number }>;
    const versionId = await insertVersion(manager, row.id, Number(next), course);
    await manager.update(Course, { id: row.id }, { currentVersionId: versionId });
    return { slug: course.slug, status, version: Number(next), versionId };
  });
}

async function insertVersion(manager: EntityManager, courseId: string, number: number, course: CheckedCourse): Promise<string> {
  const versionId = randomUUID();
  const lessons = course.modules.flatMap((module) => module.lessons);
  await manager.insert(CourseVersion, {
    id: versionId,
    courseId,
    number,
    status: CourseVersionStatus.PUBLISHED,
    contentHash: course.contentHash,
    title: course.title,
    summary: course.summary,
    pillars: course.pillars,
    // The JP the content plans (format v2), not the author's claim: what the certificate prints.
    hours: course.planned.computed,
    lessonCount: lessons.length,
    totalMinutes: lessons.reduce((sum, lesson) => sum + lesson.minutes, 0),
    settings: course.settings,
    publishedAt: new Date(),
  });

  const urls = new Map<string, string>();
  if (course.media.length > 0) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(MediaFile)
      .values(course.media.map((media) => ({ hash: media.hash, contentType: media.contentType, size: media.bytes.length, bytes: Buffer.from(media.bytes) })))
      .orIgnore()
      .execute();
    await manager.insert(
      CourseVersionMedia,
      course.media.map((media) => ({ versionId, fileName: media.fileName, mediaHash: media.hash })),
    );
    for (const media of course.media) urls.set(`media/${media.fileName}`, mediaUrl(course.slug, media.hash, media.fileName));
  }
  const imageUrl = (src: string) => {
    const target = resolveMediaPath(src);
    return target === null ? null : (urls.get(target) ?? null);
  };

  const modules = course.modules.map((module, index) => ({ id: randomUUID(), versionId, position: index + 1, key: module.id, title: module.title }));
  await manager.insert(CourseModule, modules);
  let position = 0;
  const lessonRows = course.modules.flatMap((module, index) =>
    module.lessons.map((lesson) => ({
      id: randomUUID(),
      versionId,
      moduleId: modules[index].id,
      slug: lesson.slug,
      position: ++position,
      title: lesson.title,
      minutes: lesson.minutes,
      html: renderLessonHtml(lesson.markdown, imageUrl),
    })),
  );
  await manager.insert(Lesson, lessonRows);

  const positions = new Map<string, number>();
  const questionRows = course.questions.map((question) => {
    const inBank = (positions.get(question.bank) ?? 0) + 1;
    positions.set(question.bank, inBank);
    return {
      id: randomUUID(),
      versionId,
      bank: question.bank,
      key: question.key,
      position: inBank,
      moduleKey: question.module,
      kind: question.kind,
      type: question.type,
      prompt: question.prompt,
      options: question.options,
      answer: question.answer,
      explanation: question.explanation,
    };
  });
  for (let i = 0; i < questionRows.length; i += 500) {
    await manager.insert(Question, questionRows.slice(i, i + 500));
  }

  if (course.tasks.length > 0) {
    await manager.insert(
      FieldTask,
      course.tasks.map((task, index) => ({
        id: randomUUID(),
        versionId,
        key: task.id,
        position: index + 1,
        moduleKey: task.module,
        title: task.title,
        minutes: task.minutes,
        instructionsHtml: renderLessonHtml(task.instructions, imageUrl),
        reportTemplate: task.report.template,
        reportMinWords: task.report.minWords,
        photosMin: task.photos.min,
        photosMax: task.photos.max,
        checklist: task.checklist,
        rubric: task.rubric,
        reviewDays: task.reviewDays,
        resubmissions: task.resubmissions,
      })),
    );
  }
  return versionId;
}
