import { existsSync } from 'node:fs';
import path from 'node:path';
import { HttpException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope } from '../auth/region-scope';
import type { AppConfig } from '../config/app-config';
import { MEDIA_TYPES, SLUG_PATTERN, WORDS_PER_MINUTE, type PackageFiles } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { checkCoursePackage, countWords, packageContentHash, resolveMediaPath } from '../courses/package-checker';
import { renderLessonHtml, splitFrontMatter } from '../courses/lesson-markdown';
import { readPackageFolder } from '../courses/package-files';
import { StudioDraftStatus } from './entities/studio-draft.entity';
import { lessonFileName, lessonTemplate, newCourseFiles } from './draft-template';
import { describeChanges, outlineOf } from './draft-views';
import { analyseItems, MIN_ANSWERS } from './item-analysis';
import { GradedAttemptsService } from '../learning/graded-attempts.service';
import { encodeLessonImage, mediaBaseName } from './lesson-image';
import { addLessonToCourse, removeQuestion, setCourseFields, upsertQuestion, YamlEditError } from './package-yaml';
import { readPackageZip, writePackageZip, ZipRefusal } from './package-zip';
import {
  type CourseFieldsDto,
  DraftChangesDto,
  DraftDto,
  DraftFileDto,
  DraftListDto,
  DraftOutlineDto,
  DraftSummaryDto,
  type ItemAnalysisDto,
  LessonPreviewDto,
  type NewDraftDto,
  type NewLessonDto,
  questionFields,
  ReviewDecision,
  type ReviewDto,
  type SaveFileDto,
  type SaveQuestionDto,
} from './studio.dto';
import * as errors from './studio.errors';
import { StudioRepository, type DraftRow, type DraftVisibility } from './studio.repository';

/** A package path a save may name: `course.yaml` or one file in one of the package's folders. */
const FILE_PATH = /^(?:course\.yaml|(?:lessons|questions|tasks|media)\/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*)$/;
const TEXT_FILE = /\.(ya?ml|md|svg)$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const LIST_LIMIT = 200;

/**
 * The trainers' studio (issue #18, contract 7): drafts are course packages, saved with a version number, checked by
 * the same package checker as content/, reviewed by someone who did not write them, and published through the
 * courses domain's importer as a new immutable version.
 */
@Injectable()
export class StudioService {
  constructor(
    private readonly repository: StudioRepository,
    private readonly courses: CoursesService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly gradedAttempts: GradedAttemptsService,
  ) {}

  async importZip(trainer: AuthUser, zip: Buffer, ip: string | null): Promise<DraftDto> {
    const { files, folderName } = await this.unzip(zip);
    const check = checkCoursePackage({ files, folderName });
    const id = await this.repository.transaction(async (manager) => {
      const draftId = await this.repository.insertDraft(manager, { slug: safeSlug(check.slug), regionCode: trainer.regionCode, authorId: trainer.id, problems: check.problems }, files);
      await this.audit.recordWithin(manager, { action: AuditAction.STUDIO_IMPORT, actor: trainer, targetType: 'studio_draft', targetId: draftId, regionCode: trainer.regionCode, ip, details: { slug: check.slug, files: files.size } });
      return draftId;
    });
    return this.detail(trainer, id);
  }

  async list(user: AuthUser): Promise<DraftListDto> {
    const rows = await this.repository.listDrafts(visibilityOf(user), LIST_LIMIT);
    return { items: rows.map(toSummary) };
  }

  async detail(user: AuthUser, id: string): Promise<DraftDto> {
    const row = await this.repository.findDraft(id, visibilityOf(user));
    if (!row) throw errors.draftNotFound();
    const files = await this.filesOf(null, id);
    const sizes = [...files].map(([filePath, bytes]) => ({ path: filePath, size: bytes.length }));
    return { ...toSummary(row), problems: row.problems, files: sizes, contentHash: packageContentHash(files) };
  }

  async readFile(user: AuthUser, id: string, filePath: string): Promise<DraftFileDto> {
    const row = await this.repository.findDraft(id, visibilityOf(user));
    if (!row) throw errors.draftNotFound();
    const file = FILE_PATH.test(filePath) ? await this.repository.file(id, filePath) : null;
    if (!file) throw errors.fileNotFound();
    return { ...currentFile(filePath, file.bytes)!, version: row.version };
  }

  /** Saves one file. A save made on an older version than the current one is refused (409), never merged. */
  async saveFile(trainer: AuthUser, id: string, filePath: string, dto: SaveFileDto): Promise<DraftDto> {
    if (!FILE_PATH.test(filePath)) throw errors.badPath();
    const bytes = decodeContent(dto);
    return this.edit(trainer, id, dto.baseVersion, filePath, () => new Map([[filePath, bytes]]));
  }

  /** A new course draft from the studio's template, in the trainer's region. */
  async createDraft(trainer: AuthUser, dto: NewDraftDto, ip: string | null): Promise<DraftDto> {
    const files = newCourseFiles(dto.slug, dto.title.trim());
    const check = checkCoursePackage({ files });
    const id = await this.repository.transaction(async (manager) => {
      const draftId = await this.repository.insertDraft(manager, { slug: dto.slug, regionCode: trainer.regionCode, authorId: trainer.id, problems: check.problems }, files);
      await this.audit.recordWithin(manager, { action: AuditAction.STUDIO_CREATE, actor: trainer, targetType: 'studio_draft', targetId: draftId, regionCode: trainer.regionCode, ip, details: { slug: dto.slug } });
      return draftId;
    });
    return this.detail(trainer, id);
  }

  /** A new lesson file from the template, listed in course.yaml (in module `moduleId`, else the last module). */
  async addLesson(trainer: AuthUser, id: string, dto: NewLessonDto): Promise<DraftDto & { path: string }> {
    let lessonPath = '';
    const draft = await this.edit(trainer, id, dto.baseVersion, 'course.yaml', (files) => {
      const existing = [...files.keys()].filter((name) => name.startsWith('lessons/')).map((name) => name.slice('lessons/'.length));
      const fileName = lessonFileName(dto.title, existing);
      lessonPath = `lessons/${fileName}`;
      const course = yamlEdit(() => addLessonToCourse(textOf(files, 'course.yaml'), fileName, dto.moduleId));
      return new Map([
        [lessonPath, encode(lessonTemplate(dto.title.trim()))],
        ['course.yaml', encode(course)],
      ]);
    });
    return { ...draft, path: lessonPath };
  }

  /** One question written from the form into its bank through the yaml Document API (comments elsewhere stay). */
  async saveQuestion(trainer: AuthUser, id: string, dto: SaveQuestionDto): Promise<DraftDto> {
    const question = questionFields(dto);
    return this.edit(trainer, id, dto.baseVersion, dto.bank, (files) => {
      const bank = files.has(dto.bank) ? textOf(files, dto.bank) : '';
      const text = dto.remove ? yamlEdit(() => removeQuestion(bank, dto.originalId ?? question.id)) : yamlEdit(() => upsertQuestion(bank, question, dto.originalId));
      return new Map([[dto.bank, encode(text)]]);
    });
  }

  /** The course's title, summary and planned hours, written into course.yaml in place. */
  async saveCourseFields(trainer: AuthUser, id: string, dto: CourseFieldsDto): Promise<DraftDto> {
    return this.edit(trainer, id, dto.baseVersion, 'course.yaml', (files) => {
      const text = yamlEdit(() => setCourseFields(textOf(files, 'course.yaml'), { title: dto.title?.trim(), summary: dto.summary?.trim(), hours: dto.hours }));
      return new Map([['course.yaml', encode(text)]]);
    });
  }

  /** An uploaded image, re-encoded by sharp to the package's media budget, saved as media/<name>.webp. */
  async uploadImage(trainer: AuthUser, id: string, upload: { bytes: Buffer; fileName: string }, baseVersion: number): Promise<DraftDto & { path: string; markdown: string }> {
    const image = await encodeLessonImage(upload.bytes);
    if (!image) throw errors.imageRefused();
    const mediaPath = `media/${mediaBaseName(upload.fileName)}.webp`;
    const draft = await this.edit(trainer, id, baseVersion, mediaPath, () => new Map([[mediaPath, new Uint8Array(image)]]));
    return { ...draft, path: mediaPath, markdown: `![Tulis penjelasan gambar](../${mediaPath})` };
  }

  /** A lesson's Markdown rendered with the learners' own pipeline (markdown-it + sanitize-html), images from the draft. */
  async preview(user: AuthUser, id: string, markdown: string): Promise<LessonPreviewDto> {
    const row = await this.repository.findDraft(id, visibilityOf(user));
    if (!row) throw errors.draftNotFound();
    const body = splitFrontMatter(markdown)?.body ?? markdown;
    const files = await this.filesOf(null, id);
    let imageBytes = 0;
    const html = renderLessonHtml(body, (src) => {
      const mediaPath = resolveMediaPath(src);
      const bytes = mediaPath ? files.get(mediaPath) : undefined;
      if (!mediaPath || !bytes) return null;
      imageBytes += bytes.length;
      return `/api/studio/drafts/${id}/${mediaPath}`;
    });
    const words = countWords(body);
    return { html, bytes: Buffer.byteLength(html, 'utf8') + imageBytes, words, readingMinutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)) };
  }

  /** An image of the draft as bytes, for the preview. */
  async media(user: AuthUser, id: string, name: string): Promise<{ bytes: Buffer; contentType: string }> {
    const row = await this.repository.findDraft(id, visibilityOf(user));
    if (!row) throw errors.draftNotFound();
    const extension = /\.([a-z]+)$/.exec(name)?.[1] ?? '';
    const file = FILE_PATH.test(`media/${name}`) && MEDIA_TYPES[extension] ? await this.repository.file(id, `media/${name}`) : null;
    if (!file) throw errors.fileNotFound();
    return { bytes: file.bytes, contentType: MEDIA_TYPES[extension] };
  }

  /** What the forms show: modules, lessons in order with their titles, and every bank's questions. */
  async outline(user: AuthUser, id: string): Promise<DraftOutlineDto> {
    const row = await this.repository.findDraft(id, visibilityOf(user));
    if (!row) throw errors.draftNotFound();
    return outlineOf(await this.filesOf(null, id));
  }

  /** What approving would change, against the course's current published version (none for a new course). */
  async changes(user: AuthUser, id: string): Promise<DraftChangesDto> {
    const row = await this.repository.findDraft(id, visibilityOf(user));
    if (!row) throw errors.draftNotFound();
    const files = await this.filesOf(null, id);
    const base = row.slug ? await this.currentPackage(user, row.slug) : null;
    return describeChanges(base?.files ?? new Map(), files, base?.version ?? null);
  }

  /** Item analysis of a published course from its graded attempts (aggregates only), with each question's text. */
  async itemAnalysis(user: AuthUser, slug: string): Promise<ItemAnalysisDto> {
    if (!SLUG_PATTERN.test(slug)) throw errors.courseNotFound();
    const courseId = await this.courses.courseIdOf(slug);
    if (!courseId) throw errors.courseNotFound();
    const owner = await this.repository.latestPackage(slug);
    if (owner?.region_code && !mayReadRegion(user, owner.region_code)) throw errors.courseNotFound();
    const published = await this.currentPackage(user, slug).catch((error: unknown) => {
      if (error instanceof HttpException && error.getStatus() === 404) return null;
      throw error;
    });
    const questions = new Map(
      (published ? outlineOf(published.files).banks : []).flatMap((bank) => bank.questions.map((question) => [question.id, { ...question, bank: bank.path }] as const)),
    );
    // Attempts name questions by row id (one per version); the package, and so the analysis, by key.
    const keys = await this.courses.questionKeysOf(courseId);
    const keyOf = (id: string) => keys.get(id) ?? id;
    const attempts = (await this.gradedAttempts.ofCourse(courseId)).map((attempt) => ({
      ...attempt,
      items: attempt.items.map((item) => ({ ...item, questionId: keyOf(item.questionId) })),
      results: attempt.results.map((result) => ({ ...result, questionId: keyOf(result.questionId) })),
    }));
    const optionCount = (id: string) => {
      const question = questions.get(id);
      if (!question) return null;
      return question.type === 'true_false' ? 2 : question.options.length;
    };
    const items = analyseItems(attempts, optionCount).map((stats) => {
      const question = questions.get(stats.questionId);
      return { ...stats, prompt: question?.prompt ?? null, bank: question?.bank ?? null, module: question?.module ?? null };
    });
    return { slug, version: published?.version ?? null, minAnswers: MIN_ANSWERS, attempts: attempts.length, items };
  }

  /** Applies `change` (the files it returns replace or add) on the current files, if `baseVersion` is still current. */
  private async edit(
    trainer: AuthUser,
    id: string,
    baseVersion: number,
    conflictPath: string,
    change: (files: Map<string, Uint8Array>) => Map<string, Uint8Array>,
  ): Promise<DraftDto> {
    await this.repository.transaction(async (manager) => {
      const row = await this.lockOrFail(manager, trainer, id);
      if (row.status === StudioDraftStatus.SUBMITTED) throw errors.draftLocked();
      const files = await this.filesOf(manager, id);
      if (baseVersion !== row.version) throw errors.staleDraft(baseVersion, row.version, currentFile(conflictPath, files.get(conflictPath)));
      const changed = change(files);
      for (const [filePath, bytes] of changed) {
        files.set(filePath, bytes);
        await this.repository.upsertFile(manager, id, filePath, Buffer.from(bytes));
      }
      const check = checkCoursePackage({ files });
      await this.repository.recordSave(manager, id, { slug: safeSlug(check.slug), problems: check.problems, writerId: trainer.id });
    });
    return this.detail(trainer, id);
  }

  /** The files of the course's current published version, when the caller may read them (else none). */
  private async currentPackage(user: AuthUser, slug: string): Promise<{ version: number; files: PackageFiles } | null> {
    try {
      const published = await this.courses.contentHashOf(slug);
      return { version: published.number, files: await this.packageOf(user, slug, published.number, published.contentHash) };
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 404) return null;
      throw error;
    }
  }

  async submit(trainer: AuthUser, id: string, changeNote: string | null, ip: string | null): Promise<DraftDto> {
    await this.repository.transaction(async (manager) => {
      const row = await this.lockOrFail(manager, trainer, id);
      if (row.status !== StudioDraftStatus.DRAFT && row.status !== StudioDraftStatus.RETURNED) throw errors.notSubmittable();
      const check = checkCoursePackage({ files: await this.filesOf(manager, id) });
      if (!check.course) throw errors.hasProblems(check.problems.length);
      await this.assertCourseIsOurs(check.course.slug, row.region_code);
      await this.repository.markSubmitted(manager, id, changeNote);
      await this.audit.recordWithin(manager, { action: AuditAction.STUDIO_SUBMIT, actor: trainer, targetType: 'studio_draft', targetId: id, regionCode: row.region_code, ip, details: { slug: check.course.slug, version: row.version, changeNote } });
    });
    return this.detail(trainer, id);
  }

  /** Approve (publish a new course version) or return with a comment; by a reviewer of the draft's level who did not write it. */
  async review(admin: AuthUser, id: string, dto: ReviewDto, ip: string | null): Promise<DraftDto> {
    await this.repository.transaction(async (manager) => {
      const row = await this.lockOrFail(manager, admin, id);
      if (!mayReview(admin, row)) throw errors.notReviewer();
      if (row.author_id === admin.id || row.writer_ids.includes(admin.id)) throw errors.ownDraft();
      if (row.status !== StudioDraftStatus.SUBMITTED) throw errors.notSubmitted();
      if (dto.decision === ReviewDecision.RETURN) {
        const comment = dto.comment?.trim();
        if (!comment) throw errors.commentRequired();
        await this.repository.markReviewed(manager, id, { status: StudioDraftStatus.RETURNED, reviewerId: admin.id, comment, publishedVersion: null });
        await this.audit.recordWithin(manager, { action: AuditAction.STUDIO_RETURN, actor: admin, targetType: 'studio_draft', targetId: id, regionCode: row.region_code, ip, details: { slug: row.slug } });
        return;
      }
      await this.publish(manager, admin, row, dto.comment?.trim() || null, ip);
    });
    return this.detail(admin, id);
  }

  /** A published version's package as a zip (one top folder named after the slug). */
  async exportZip(user: AuthUser, slug: string, version?: number): Promise<{ fileName: string; zip: Buffer }> {
    if (!SLUG_PATTERN.test(slug)) throw errors.courseNotFound();
    const published = await this.courses.contentHashOf(slug, version).catch((error: unknown) => {
      throw error instanceof HttpException && error.getStatus() === 404 ? errors.courseNotFound() : error;
    });
    const files = await this.packageOf(user, slug, published.number, published.contentHash);
    return { fileName: `${slug}-v${published.number}.zip`, zip: writePackageZip(slug, files) };
  }

  private async publish(manager: EntityManager, admin: AuthUser, row: DraftRow, comment: string | null, ip: string | null): Promise<void> {
    const files = await this.filesOf(manager, row.id);
    const check = checkCoursePackage({ files });
    if (!check.course) throw errors.hasProblems(check.problems.length);
    await this.assertCourseIsOurs(check.course.slug, row.region_code);
    // The importer runs its own transaction: a retry after a failure here finds the same content 'unchanged'.
    const outcome = await this.courses.publishPackage(files);
    await this.repository.insertPackage(
      manager,
      { slug: outcome.slug, version: outcome.version, regionCode: row.region_code, contentHash: check.course.contentHash, draftId: row.id },
      files,
    );
    await this.repository.markReviewed(manager, row.id, { status: StudioDraftStatus.PUBLISHED, reviewerId: admin.id, comment, publishedVersion: outcome.version });
    await this.audit.recordWithin(manager, {
        action: AuditAction.STUDIO_PUBLISH,
        actor: admin,
        targetType: 'studio_draft',
        targetId: row.id,
        regionCode: row.region_code,
        ip,
        details: { slug: outcome.slug, version: outcome.version, status: outcome.status },
      });
  }

  /**
   * A slug belongs to whoever published it first: a regional draft may not publish over a national course (nor one of
   * another region), and a national draft not over a regional one. Courses from content/ are national.
   */
  private async assertCourseIsOurs(slug: string, regionCode: string | null): Promise<void> {
    const latest = await this.repository.latestPackage(slug);
    if (latest) {
      if (latest.region_code !== regionCode) throw errors.courseOfOtherOwner(slug);
      return;
    }
    const exists = await this.courses.contentHashOf(slug).then(
      () => true,
      (error: unknown) => {
        if (error instanceof HttpException && error.getStatus() === 404) return false;
        throw error;
      },
    );
    if (exists && regionCode !== null) throw errors.courseOfOtherOwner(slug);
  }

  /**
   * The files of a published version: kept by the studio when it published them; else, for a course imported from
   * content/, the folder there when its hash is still the version's (then kept, so it stays exportable).
   */
  private async packageOf(user: AuthUser, slug: string, version: number, contentHash: string): Promise<PackageFiles> {
    const kept = await this.repository.findPackage(slug, version);
    if (kept) {
      if (kept.region_code !== null && !mayReadRegion(user, kept.region_code)) throw errors.courseNotFound();
      const rows = await this.repository.packageFiles(slug, version);
      return new Map(rows.map((file) => [file.path, new Uint8Array(file.bytes)]));
    }
    const contentDir = this.config.get('CONTENT_DIR', { infer: true });
    // CONTENT_DIR names either `content/` or `content/courses/` (as `npm start` sets it), like the importer accepts.
    const folder = contentDir ? [path.join(contentDir, 'courses', slug), path.join(contentDir, slug)].find((candidate) => existsSync(path.join(candidate, 'course.yaml'))) : undefined;
    if (!folder) throw errors.packageUnavailable();
    const files = readPackageFolder(folder);
    if (packageContentHash(files) !== contentHash) throw errors.packageUnavailable();
    await this.repository.transaction((manager) => this.repository.insertPackage(manager, { slug, version, regionCode: null, contentHash, draftId: null }, files));
    return files;
  }

  private async unzip(zip: Buffer): Promise<{ files: Map<string, Uint8Array>; folderName?: string }> {
    try {
      return await readPackageZip(zip);
    } catch (error) {
      if (error instanceof ZipRefusal) throw errors.zipRefused(error);
      throw error;
    }
  }

  private async lockOrFail(manager: EntityManager, user: AuthUser, id: string): Promise<DraftRow> {
    const row = await this.repository.lockDraft(manager, id, visibilityOf(user));
    if (!row) throw errors.draftNotFound();
    return row;
  }

  private async filesOf(manager: EntityManager | null, id: string): Promise<Map<string, Uint8Array>> {
    const rows = await this.repository.files(manager, id);
    return new Map(rows.map((file) => [file.path, new Uint8Array(file.bytes)]));
  }
}

/** ADMIN_PUSAT sees every draft; an ADMIN_DINSOS those of its region and below; a trainer those of exactly its region. */
function visibilityOf(user: AuthUser): DraftVisibility {
  if (user.role === Role.ADMIN_PUSAT) return { kind: 'all' };
  if (user.role === Role.ADMIN_DINSOS) return { kind: 'under', regionCode: user.regionCode ?? '' };
  return { kind: 'region', regionCode: user.regionCode };
}

/** National drafts are reviewed by ADMIN_PUSAT; a region's drafts by an ADMIN_DINSOS of that region (or above it). */
function mayReview(admin: AuthUser, row: DraftRow): boolean {
  if (row.region_code === null) return admin.role === Role.ADMIN_PUSAT;
  return admin.role === Role.ADMIN_DINSOS && inScope(row.region_code, { all: false, code: admin.regionCode ?? '' });
}

function mayReadRegion(user: AuthUser, regionCode: string): boolean {
  return user.role === Role.ADMIN_PUSAT || inScope(regionCode, { all: false, code: user.regionCode ?? '' });
}

function toSummary(row: DraftRow): DraftSummaryDto {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    version: row.version,
    regionCode: row.region_code,
    authorId: row.author_id,
    problemCount: row.problems.length,
    reviewComment: row.review_comment,
    changeNote: row.change_note,
    publishedVersion: row.published_version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** A file as the API shows it: text as is, anything else (images) as base64; null when the draft has no such file. */
function currentFile(filePath: string, bytes: Uint8Array | undefined): { path: string; encoding: 'utf8' | 'base64'; content: string } | null {
  if (!bytes) return null;
  const text = TEXT_FILE.test(filePath) ? decodeUtf8(bytes) : null;
  return text === null ? { path: filePath, encoding: 'base64', content: Buffer.from(bytes).toString('base64') } : { path: filePath, encoding: 'utf8', content: text };
}

/** The slug as written, when it is one (a hostile course.yaml may name anything). */
function safeSlug(slug: string | null): string | null {
  return slug !== null && SLUG_PATTERN.test(slug) && slug.length <= 80 ? slug : null;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeContent(dto: SaveFileDto): Buffer {
  if (dto.encoding !== 'base64') return Buffer.from(dto.content, 'utf8');
  if (!BASE64.test(dto.content) || dto.content.length % 4 !== 0) throw errors.badContent();
  return Buffer.from(dto.content, 'base64');
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function textOf(files: ReadonlyMap<string, Uint8Array>, filePath: string): string {
  const bytes = files.get(filePath);
  return bytes ? Buffer.from(bytes).toString('utf8') : '';
}

/** A YAML file too broken to edit through a form: the trainer fixes what the checker reports first. */
function yamlEdit(edit: () => string): string {
  try {
    return edit();
  } catch (error) {
    if (error instanceof YamlEditError) throw errors.yamlUnreadable();
    throw error;
  }
}
