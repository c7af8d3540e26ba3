import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SLUG_PATTERN, type CoursePillar, type CourseSettings, type PackageFiles, type TaskRubric } from './course-package';
import { importPackageFiles, type ImportOutcome } from './course-importer';
import type { CourseDetailDto, CourseListQuery, CoursePageDto, CourseSummaryDto, LessonDto } from './courses.dto';
import { courseNotFound, courseVersionNotFound, lessonNotFound, mediaNotFound } from './courses.errors';
import { CoursesRepository, type LessonRow, type ModuleRow, type VersionRow, type VersionSummaryRow } from './courses.repository';
import type { Question } from './entities/question.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASHED_MEDIA = /^([0-9a-f]{64})\.(svg|png|jpe?g|webp)$/;
const MEDIA_NAME = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/** Published versions cached in memory; each holds every lesson of one version (tens of KB). */
const MAX_CACHED_VERSIONS = 200;
const MAX_CACHED_MEDIA_BYTES = 32 * 1024 * 1024;
/** Question banks (with their keys) cached for grading: a bank is a few KB. */
const MAX_CACHED_BANKS = 500;
/** A response body serialized once, with the ETag that names it. */
export interface CachedBody {
  json: string;
  etag: string;
}

/**
 * What the rules of other domains need of one course version (learning, certificates). A version never changes once
 * published, so these facts are read once and kept with the version's outline.
 */
export interface CourseVersionFacts {
  versionId: string;
  courseId: string;
  slug: string;
  number: number;
  title: string;
  summary: string;
  hours: number;
  pillars: CoursePillar[];
  settings: CourseSettings;
  lessonCount: number;
  /** The lessons' ids in reading order. */
  lessonIds: string[];
  /** Words of each lesson's text, by lesson id (the minimum reading time is computed from it). */
  lessonWords: Record<string, number>;
}

interface VersionView {
  facts: CourseVersionFacts;
  detail: CachedBody;
  lessons: Map<string, CachedBody>;
  /** Module id (key) → title, for a result that names the module to read again. */
  moduleTitles: ReadonlyMap<string, string>;
}

export interface MediaContent {
  contentType: string;
  bytes: Buffer;
  etag: string;
  /** Requested by the hash of its bytes: the URL's content can never change. */
  immutable: boolean;
}

/** A field task of a course version as other domains see it (the tasks domain). */
export interface FieldTaskDefinition {
  id: string;
  versionId: string;
  key: string;
  position: number;
  moduleKey: string | null;
  title: string;
  minutes: number;
  instructionsHtml: string;
  reportTemplate: string | null;
  reportMinWords: number | null;
  photosMin: number;
  photosMax: number;
  checklist: string[];
  rubric: TaskRubric;
  reviewDays: number;
  resubmissions: number;
}

export interface ResolvedVersion {
  courseId: string;
  versionId: string;
  number: number;
  /** The pillars the version is meant for (`SEMUA`: every pillar). */
  pillars: CoursePillar[];
  settings: CourseSettings;
}

export interface ResolveOptions {
  /** A version number; the current version when absent. */
  version?: number;
  /** The request property that named the slug, carried by the refusal (`course` of a request body). */
  field?: string;
}

/** A bank question with its key, by id, in bank order: for grading inside the API, never sent to a learner as is. */
export type QuestionBank = ReadonlyMap<string, Question>;

/**
 * The catalogue, outlines and lessons learners read. Published versions never change, so a version's outline and
 * lessons are serialized once and kept in memory: reading a lesson needs no query once its version is loaded. The
 * question banks are kept the same way, for starting and grading attempts.
 * No response built here carries an answer key or an explanation.
 */
@Injectable()
export class CoursesService {
  private readonly versions = new Map<string, VersionView>();
  private readonly loading = new Map<string, Promise<VersionView>>();
  private readonly lessonVersions = new Map<string, string>();
  private readonly banks = new Map<string, Promise<QuestionBank>>();
  private readonly media = new Map<string, MediaContent>();
  private mediaBytes = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: CoursesRepository,
  ) {}

  /** Course id → title of its current version, for the ids that exist (the reports name courses with it). */
  async titlesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.repository.currentTitles([...new Set(ids)]);
    return new Map(rows.map((row) => [row.id, row.title]));
  }

  /** The field tasks of a course version, in course.yaml order (the tasks domain reads them through here). */
  fieldTasksOf(versionId: string): Promise<FieldTaskDefinition[]> {
    if (!UUID.test(versionId)) return Promise.resolve([]);
    return this.repository.fieldTasksOf(versionId);
  }

  /** One field task by id, or null. */
  fieldTask(id: string): Promise<FieldTaskDefinition | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.repository.fieldTask(id);
  }

  /** Field tasks by id (unknown ids are absent from the map). */
  async fieldTasksById(ids: string[]): Promise<Map<string, FieldTaskDefinition>> {
    const valid = [...new Set(ids)].filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.repository.fieldTasksByIds(valid);
    return new Map(rows.map((row) => [row.id, row]));
  }

  async list(query: CourseListQuery): Promise<CoursePageDto> {
    const { page, pageSize } = query;
    const { total, rows } = await this.repository.pagePublished({ pillar: query.pillar, q: query.q }, page, pageSize);
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  /** The outline of the current version (or of version `version`) as JSON with its ETag. */
  async detail(slug: string, version?: number): Promise<CachedBody> {
    const resolved = await this.resolveVersion(slug, { version });
    return (await this.view(this.db.manager, resolved.versionId)).detail;
  }

  /** One lesson as JSON with its ETag: from memory once its version has been read. */
  async lesson(slug: string, lessonId: string): Promise<CachedBody> {
    if (!UUID.test(lessonId) || !SLUG_PATTERN.test(slug)) throw lessonNotFound();
    const versionId = this.lessonVersions.get(lessonId) ?? (await this.repository.publishedVersionOfLesson(lessonId));
    if (!versionId) throw lessonNotFound();
    const view = await this.view(this.db.manager, versionId);
    const lesson = view.lessons.get(lessonId);
    if (!lesson || view.facts.slug !== slug) throw lessonNotFound();
    return lesson;
  }

  /**
   * An image of a course: `<sha256>.<ext>` (what lesson HTML links to: immutable) from any version of the course,
   * or a file name of the current version's `media/` folder.
   */
  async mediaFile(slug: string, file: string): Promise<MediaContent> {
    if (!SLUG_PATTERN.test(slug)) throw mediaNotFound();
    const hashed = HASHED_MEDIA.exec(file);
    if (!hashed && !MEDIA_NAME.test(file)) throw mediaNotFound();
    const cacheKey = `${slug}/${file}`;
    const cached = hashed ? this.media.get(cacheKey) : undefined;
    if (cached) return cached;
    const row = hashed ? await this.repository.mediaByHash(slug, hashed[1]) : await this.repository.mediaByName(slug, file);
    if (!row) throw mediaNotFound();
    const content: MediaContent = { contentType: row.content_type, bytes: row.bytes, etag: `"${row.hash}"`, immutable: Boolean(hashed) };
    if (hashed && this.mediaBytes + row.bytes.length <= MAX_CACHED_MEDIA_BYTES) {
      this.media.set(cacheKey, content);
      this.mediaBytes += row.bytes.length;
    }
    return content;
  }

  /**
   * The published version a slug names (the current one, or number `version`): what an enrollment pins.
   * 404 (COURSE_NOT_FOUND, COURSE_VERSION_NOT_FOUND) when there is none.
   */
  async resolveVersion(slug: string, options: ResolveOptions = {}): Promise<ResolvedVersion> {
    const { version, field } = options;
    if (!SLUG_PATTERN.test(slug)) throw courseNotFound(field);
    const row = await this.repository.findPublishedVersion(slug, version);
    if (!row) throw version === undefined ? courseNotFound(field) : courseVersionNotFound(slug, version, field);
    return { courseId: row.course_id, versionId: row.id, number: row.number, pillars: row.pillars, settings: row.settings };
  }

  /** The id of the course a slug names, or null. */
  courseIdOf(slug: string): Promise<string | null> {
    return this.repository.courseIdOf(slug);
  }

  /**
   * Question row id → its key (`banjir-post-02`), over every version of a course: attempts name a question by its
   * row id, the course package and the studio by its key.
   */
  async questionKeysOf(courseId: string): Promise<Map<string, string>> {
    return new Map((await this.repository.questionKeysOf(courseId)).map((row) => [row.id, row.key]));
  }

  /** The content hash of a published version (the current one, or number `version`): the studio exports by it. */
  async contentHashOf(slug: string, version?: number): Promise<{ number: number; contentHash: string }> {
    const resolved = await this.resolveVersion(slug, { version });
    return { number: resolved.number, contentHash: await this.repository.contentHashOf(resolved.versionId) };
  }

  /** Checks a package held in memory and imports it as a new published version (the studio's publish). */
  publishPackage(files: PackageFiles): Promise<ImportOutcome> {
    return importPackageFiles(this.db, files);
  }

  /**
   * The facts of a version (any status): from memory once the version has been read. A caller inside a transaction
   * passes its manager, so a first read uses that connection rather than a second one from the pool.
   */
  async version(manager: EntityManager, versionId: string): Promise<CourseVersionFacts> {
    return (await this.view(manager, versionId)).facts;
  }

  /** The titles of a version's modules by their id (key), from memory once the version has been read. */
  async moduleTitles(manager: EntityManager, versionId: string): Promise<ReadonlyMap<string, string>> {
    return (await this.view(manager, versionId)).moduleTitles;
  }

  /**
   * A bank of a version WITH its answer keys and explanations, by question id in bank order: for grading inside the
   * API only. Never return these to a learner before the rules allow.
   */
  bank(manager: EntityManager, versionId: string, bank: string): Promise<QuestionBank> {
    const key = `${versionId}\n${bank}`;
    let found = this.banks.get(key);
    if (!found) {
      if (this.banks.size >= MAX_CACHED_BANKS) this.banks.delete(this.banks.keys().next().value!);
      found = this.repository.questionsOf(manager, versionId, bank).then((questions) => new Map(questions.map((question) => [question.id, question])));
      found.catch(() => this.banks.delete(key));
      this.banks.set(key, found);
    }
    return found;
  }

  private view(manager: EntityManager, versionId: string): Promise<VersionView> {
    const cached = this.versions.get(versionId);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(versionId);
    if (!pending) {
      pending = this.load(manager, versionId).finally(() => this.loading.delete(versionId));
      this.loading.set(versionId, pending);
    }
    return pending;
  }

  private async load(manager: EntityManager, versionId: string): Promise<VersionView> {
    const version = await this.repository.findVersion(manager, versionId);
    if (!version) throw courseNotFound();
    const modules = await this.repository.modulesOf(manager, versionId);
    const lessons = await this.repository.lessonsOf(manager, versionId);
    const view: VersionView = {
      facts: factsOf(version, lessons),
      detail: { json: JSON.stringify(outlineOf(version, modules, lessons)), etag: `"v-${versionId}"` },
      lessons: lessonBodiesOf(version, modules, lessons),
      moduleTitles: new Map(modules.flatMap((module) => (module.key ? [[module.key, module.title] as const] : []))),
    };
    this.remember(view);
    return view;
  }

  private remember(view: VersionView): void {
    if (this.versions.size >= MAX_CACHED_VERSIONS) {
      const [oldestId, oldest] = this.versions.entries().next().value as [string, VersionView];
      this.versions.delete(oldestId);
      for (const lessonId of oldest.lessons.keys()) this.lessonVersions.delete(lessonId);
    }
    this.versions.set(view.facts.versionId, view);
    for (const lessonId of view.lessons.keys()) this.lessonVersions.set(lessonId, view.facts.versionId);
  }
}

function factsOf(version: VersionRow, lessons: LessonRow[]): CourseVersionFacts {
  return {
    versionId: version.version_id,
    courseId: version.course_id,
    slug: version.slug,
    number: version.number,
    title: version.title,
    summary: version.summary,
    hours: Number(version.hours),
    pillars: version.pillars,
    settings: version.settings,
    lessonCount: version.lesson_count,
    lessonIds: lessons.map((lesson) => lesson.id),
    lessonWords: Object.fromEntries(lessons.map((lesson) => [lesson.id, wordsOf(lesson.html)])),
  };
}

/** The words a reader sees in sanitized lesson HTML: tags dropped (linear patterns, no backtracking). */
export function wordsOf(html: string): number {
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&[#\w]+;/g, ' ');
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function outlineOf(version: VersionRow, modules: ModuleRow[], lessons: LessonRow[]): CourseDetailDto {
  const { settings } = version;
  return {
    ...toSummary(version),
    modules: modules.map((module) => {
      const own = lessons.filter((lesson) => lesson.module_id === module.id);
      return {
        position: module.position,
        title: module.title,
        minutes: own.reduce((sum, lesson) => sum + lesson.minutes, 0),
        lessons: own.map((lesson) => ({ id: lesson.id, slug: lesson.slug, title: lesson.title, minutes: lesson.minutes })),
      };
    }),
    pretest: { questionCount: settings.pretest.draw, timeLimitMinutes: settings.pretest.timeLimitMinutes },
    posttest: {
      questionCount: settings.posttest.draw,
      timeLimitMinutes: settings.posttest.timeLimitMinutes,
      passMark: settings.posttest.passMark,
      maxAttempts: settings.posttest.maxAttempts,
    },
    practice: settings.practice.map((quiz) => ({ title: quiz.title, questionCount: quiz.draw, timeLimitMinutes: quiz.timeLimitMinutes })),
    certificate: { validityMonths: settings.certificate.validityMonths },
  };
}

/** Each lesson as served: its module, its course, and the lessons before and after it. */
function lessonBodiesOf(version: VersionRow, modules: ModuleRow[], lessons: LessonRow[]): Map<string, CachedBody> {
  const moduleById = new Map(modules.map((module) => [module.id, module]));
  const lessonBodies = new Map<string, CachedBody>();
  const link = (other: LessonRow | undefined) => (other ? { id: other.id, title: other.title } : null);
  lessons.forEach((lesson, index) => {
    const module = moduleById.get(lesson.module_id)!;
    const body: LessonDto = {
      id: lesson.id,
      slug: lesson.slug,
      title: lesson.title,
      minutes: lesson.minutes,
      position: lesson.position,
      html: lesson.html,
      module: { position: module.position, title: module.title },
      course: { slug: version.slug, title: version.title, version: version.number, versionId: version.version_id, lessonCount: lessons.length },
      previous: link(lessons[index - 1]),
      next: link(lessons[index + 1]),
    };
    lessonBodies.set(lesson.id, { json: JSON.stringify(body), etag: `"l-${lesson.id}"` });
  });
  return lessonBodies;
}

function toSummary(row: VersionSummaryRow): CourseSummaryDto {
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    pillars: row.pillars,
    hours: Number(row.hours),
    moduleCount: row.module_count,
    lessonCount: row.lesson_count,
    totalMinutes: row.total_minutes,
    version: row.number,
    versionId: row.version_id,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
  };
}
