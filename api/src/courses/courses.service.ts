import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALL_PILLARS, SLUG_PATTERN, type CoursePillar, type CourseSettings, type PackageFiles } from './course-package';
import { importPackageFiles, type ImportOutcome } from './course-importer';
import type { CourseDetailDto, CourseListQuery, CoursePageDto, CourseSummaryDto, LessonDto } from './courses.dto';
import { CourseVersionStatus } from './entities/course-version.entity';
import { Question } from './entities/question.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASHED_MEDIA = /^([0-9a-f]{64})\.(svg|png|jpe?g|webp)$/;
const MEDIA_NAME = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/** Published versions cached in memory; each holds every lesson of one version (tens of KB). */
const MAX_CACHED_VERSIONS = 200;
const MAX_CACHED_MEDIA_BYTES = 32 * 1024 * 1024;

export const COURSE_NOT_FOUND = 'Kursus tidak ditemukan.';
export const LESSON_NOT_FOUND = 'Pelajaran tidak ditemukan.';
export const MEDIA_NOT_FOUND = 'Gambar tidak ditemukan.';

/** A response body serialized once, with the ETag that names it. */
export interface CachedBody {
  json: string;
  etag: string;
}

interface VersionView {
  versionId: string;
  slug: string;
  detail: CachedBody;
  lessons: Map<string, CachedBody>;
}

export interface MediaContent {
  contentType: string;
  bytes: Buffer;
  etag: string;
  /** Requested by the hash of its bytes: the URL's content can never change. */
  immutable: boolean;
}

export interface ResolvedVersion {
  courseId: string;
  versionId: string;
  number: number;
  settings: CourseSettings;
}

/**
 * The catalogue, outlines and lessons learners read. Published versions never change, so a version's outline and
 * lessons are serialized once and kept in memory: reading a lesson needs no query once its version is loaded.
 * No response built here carries an answer key or an explanation.
 */
@Injectable()
export class CoursesService {
  private readonly versions = new Map<string, VersionView>();
  private readonly loading = new Map<string, Promise<VersionView>>();
  private readonly lessonVersions = new Map<string, string>();
  private readonly media = new Map<string, MediaContent>();
  private mediaBytes = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Course id → title of its current version, for the ids that exist (the reports name courses with it). */
  async titlesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; title: string }[] = await this.dataSource.query(
      `SELECT c.id, v.title FROM courses c JOIN course_versions v ON v.id = c.current_version_id WHERE c.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, row.title]));
  }

  async list(query: CourseListQuery): Promise<CoursePageDto> {
    const { page, pageSize } = query;
    const conditions = ['v.status = $1'];
    const params: unknown[] = [CourseVersionStatus.PUBLISHED];
    if (query.pillar) {
      params.push(query.pillar);
      conditions.push(query.pillar === ALL_PILLARS ? `$${params.length} = ANY(v.pillars)` : `($${params.length} = ANY(v.pillars) OR '${ALL_PILLARS}' = ANY(v.pillars))`);
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
      conditions.push(`v.title ILIKE $${params.length}`);
    }
    const from = `FROM courses c JOIN course_versions v ON v.id = c.current_version_id WHERE ${conditions.join(' AND ')}`;
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params)) as Array<{ total: number }>;
    const rows = (await this.dataSource.query(
      `SELECT c.slug, v.id AS version_id, v.number, v.title, v.summary, v.pillars, v.hours, v.lesson_count, v.total_minutes, v.published_at,
              (SELECT count(*)::int FROM course_modules m WHERE m.version_id = v.id) AS module_count
       ${from}
       ORDER BY ('${ALL_PILLARS}' = ANY(v.pillars)) DESC, v.title, c.slug
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    )) as SummaryRow[];
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  /** The outline of the current version (or of version `version`) as JSON with its ETag. */
  async detail(slug: string, version?: number): Promise<CachedBody> {
    const resolved = await this.resolveVersion(slug, version);
    return (await this.view(resolved.versionId)).detail;
  }

  /** One lesson as JSON with its ETag: from memory once its version has been read. */
  async lesson(slug: string, lessonId: string): Promise<CachedBody> {
    if (!UUID.test(lessonId) || !SLUG_PATTERN.test(slug)) throw new NotFoundException(LESSON_NOT_FOUND);
    let versionId = this.lessonVersions.get(lessonId);
    if (!versionId) {
      const rows = (await this.dataSource.query(
        `SELECT l.version_id FROM lessons l JOIN course_versions v ON v.id = l.version_id WHERE l.id = $1 AND v.status = $2`,
        [lessonId, CourseVersionStatus.PUBLISHED],
      )) as Array<{ version_id: string }>;
      if (rows.length === 0) throw new NotFoundException(LESSON_NOT_FOUND);
      versionId = rows[0].version_id;
    }
    const view = await this.view(versionId);
    const lesson = view.lessons.get(lessonId);
    if (!lesson || view.slug !== slug) throw new NotFoundException(LESSON_NOT_FOUND);
    return lesson;
  }

  /**
   * An image of a course: `<sha256>.<ext>` (what lesson HTML links to: immutable) from any version of the course,
   * or a file name of the current version's `media/` folder.
   */
  async mediaFile(slug: string, file: string): Promise<MediaContent> {
    if (!SLUG_PATTERN.test(slug)) throw new NotFoundException(MEDIA_NOT_FOUND);
    const hashed = HASHED_MEDIA.exec(file);
    if (!hashed && !MEDIA_NAME.test(file)) throw new NotFoundException(MEDIA_NOT_FOUND);
    const cacheKey = `${slug}/${file}`;
    const cached = hashed ? this.media.get(cacheKey) : undefined;
    if (cached) return cached;
    const rows = (await this.dataSource.query(
      hashed
        ? `SELECT m.hash, m.content_type, m.bytes FROM media_files m
           WHERE m.hash = $2 AND EXISTS (
             SELECT 1 FROM course_version_media cvm JOIN course_versions v ON v.id = cvm.version_id JOIN courses c ON c.id = v.course_id
             WHERE cvm.media_hash = m.hash AND c.slug = $1 AND v.status = $3)`
        : `SELECT m.hash, m.content_type, m.bytes FROM courses c
           JOIN course_version_media cvm ON cvm.version_id = c.current_version_id
           JOIN media_files m ON m.hash = cvm.media_hash
           WHERE c.slug = $1 AND cvm.file_name = $2`,
      hashed ? [slug, hashed[1], CourseVersionStatus.PUBLISHED] : [slug, file],
    )) as Array<{ hash: string; content_type: string; bytes: Buffer }>;
    if (rows.length === 0) throw new NotFoundException(MEDIA_NOT_FOUND);
    const [row] = rows;
    const content: MediaContent = { contentType: row.content_type, bytes: row.bytes, etag: `"${row.hash}"`, immutable: Boolean(hashed) };
    if (hashed && this.mediaBytes + row.bytes.length <= MAX_CACHED_MEDIA_BYTES) {
      this.media.set(cacheKey, content);
      this.mediaBytes += row.bytes.length;
    }
    return content;
  }

  /**
   * The published version a slug names (the current one, or number `version`): what an enrollment pins.
   * 404 with an Indonesian message when there is none.
   */
  async resolveVersion(slug: string, version?: number): Promise<ResolvedVersion> {
    if (!SLUG_PATTERN.test(slug)) throw new NotFoundException(COURSE_NOT_FOUND);
    const rows = (await this.dataSource.query(
      version === undefined
        ? `SELECT c.id AS course_id, v.id, v.number, v.settings FROM courses c JOIN course_versions v ON v.id = c.current_version_id
           WHERE c.slug = $1 AND v.status = $2`
        : `SELECT c.id AS course_id, v.id, v.number, v.settings FROM courses c JOIN course_versions v ON v.course_id = c.id
           WHERE c.slug = $1 AND v.status = $2 AND v.number = $3`,
      version === undefined ? [slug, CourseVersionStatus.PUBLISHED] : [slug, CourseVersionStatus.PUBLISHED, version],
    )) as Array<{ course_id: string; id: string; number: number; settings: CourseSettings }>;
    if (rows.length === 0) {
      throw new NotFoundException(version === undefined ? COURSE_NOT_FOUND : `Kursus ${slug} versi ${version} tidak ditemukan.`);
    }
    const [row] = rows;
    return { courseId: row.course_id, versionId: row.id, number: row.number, settings: row.settings };
  }

  /** The content hash of a published version (the current one, or number `version`): the studio exports by it. */
  async contentHashOf(slug: string, version?: number): Promise<{ number: number; contentHash: string }> {
    const resolved = await this.resolveVersion(slug, version);
    const [row] = (await this.dataSource.query('SELECT content_hash FROM course_versions WHERE id = $1', [resolved.versionId])) as Array<{ content_hash: string }>;
    return { number: resolved.number, contentHash: row.content_hash };
  }

  /** Checks a package held in memory and imports it as a new published version (the studio's publish). */
  publishPackage(files: PackageFiles): Promise<ImportOutcome> {
    return importPackageFiles(this.dataSource, files);
  }

  /**
   * The questions of a version's bank WITH their answer keys and explanations: for grading inside the API only.
   * Never return these to a learner before the rules allow.
   */
  questionsWithKeys(versionId: string, bank: string): Promise<Question[]> {
    return this.dataSource.getRepository(Question).find({ where: { versionId, bank }, order: { position: 'ASC' } });
  }

  private view(versionId: string): Promise<VersionView> {
    const cached = this.versions.get(versionId);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(versionId);
    if (!pending) {
      pending = this.load(versionId).finally(() => this.loading.delete(versionId));
      this.loading.set(versionId, pending);
    }
    return pending;
  }

  private async load(versionId: string): Promise<VersionView> {
    const [version] = (await this.dataSource.query(
      `SELECT c.slug, v.id AS version_id, v.number, v.title, v.summary, v.pillars, v.hours, v.lesson_count, v.total_minutes, v.published_at,
              v.settings, (SELECT count(*)::int FROM course_modules m WHERE m.version_id = v.id) AS module_count
       FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE v.id = $1`,
      [versionId],
    )) as Array<SummaryRow & { settings: CourseSettings }>;
    if (!version) throw new NotFoundException(COURSE_NOT_FOUND);
    const modules = (await this.dataSource.query(`SELECT id, position, title FROM course_modules WHERE version_id = $1 ORDER BY position`, [versionId])) as Array<{
      id: string;
      position: number;
      title: string;
    }>;
    const lessons = (await this.dataSource.query(
      `SELECT id, module_id, slug, position, title, minutes, html FROM lessons WHERE version_id = $1 ORDER BY position`,
      [versionId],
    )) as Array<{ id: string; module_id: string; slug: string; position: number; title: string; minutes: number; html: string }>;

    const summary = toSummary(version);
    const { settings } = version;
    const detail: CourseDetailDto = {
      ...summary,
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

    const moduleById = new Map(modules.map((module) => [module.id, module]));
    const lessonBodies = new Map<string, CachedBody>();
    lessons.forEach((lesson, index) => {
      const module = moduleById.get(lesson.module_id)!;
      const link = (other: (typeof lessons)[number] | undefined) => (other ? { id: other.id, title: other.title } : null);
      const body: LessonDto = {
        id: lesson.id,
        slug: lesson.slug,
        title: lesson.title,
        minutes: lesson.minutes,
        position: lesson.position,
        html: lesson.html,
        module: { position: module.position, title: module.title },
        course: { slug: version.slug, title: version.title, version: version.number, versionId, lessonCount: lessons.length },
        previous: link(lessons[index - 1]),
        next: link(lessons[index + 1]),
      };
      lessonBodies.set(lesson.id, { json: JSON.stringify(body), etag: `"l-${lesson.id}"` });
    });

    const view: VersionView = { versionId, slug: version.slug, detail: { json: JSON.stringify(detail), etag: `"v-${versionId}"` }, lessons: lessonBodies };
    this.remember(view);
    return view;
  }

  private remember(view: VersionView): void {
    if (this.versions.size >= MAX_CACHED_VERSIONS) {
      const [oldestId, oldest] = this.versions.entries().next().value as [string, VersionView];
      this.versions.delete(oldestId);
      for (const lessonId of oldest.lessons.keys()) this.lessonVersions.delete(lessonId);
    }
    this.versions.set(view.versionId, view);
    for (const lessonId of view.lessons.keys()) this.lessonVersions.set(lessonId, view.versionId);
  }
}

interface SummaryRow {
  slug: string;
  version_id: string;
  number: number;
  title: string;
  summary: string;
  pillars: CoursePillar[];
  hours: string;
  lesson_count: number;
  total_minutes: number;
  published_at: Date | null;
  module_count: number;
}

function toSummary(row: SummaryRow): CourseSummaryDto {
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
