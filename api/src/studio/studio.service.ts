import { existsSync } from 'node:fs';
import path from 'node:path';
import { HttpException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope } from '../auth/region-scope';
import type { AppConfig } from '../config/app-config';
import { SLUG_PATTERN, type PackageFiles } from '../courses/course-package';
import { CoursesService } from '../courses/courses.service';
import { checkCoursePackage, packageContentHash } from '../courses/package-checker';
import { readPackageFolder } from '../courses/package-files';
import { StudioDraftStatus } from './entities/studio-draft.entity';
import { readPackageZip, writePackageZip, ZipRefusal } from './package-zip';
import { DraftDto, DraftFileDto, DraftListDto, DraftSummaryDto, ReviewDecision, type ReviewDto, type SaveFileDto } from './studio.dto';
import * as errors from './studio.errors';
import { StudioRepository, type DraftRow, type DraftVisibility } from './studio.repository';

export const STUDIO_IMPORT = 'studio.draft.import';
export const STUDIO_SUBMIT = 'studio.draft.submit';
export const STUDIO_RETURN = 'studio.draft.return';
export const STUDIO_PUBLISH = 'studio.draft.publish';

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
  ) {}

  async importZip(trainer: AuthUser, zip: Buffer, ip: string | null): Promise<DraftDto> {
    const { files, folderName } = await this.unzip(zip);
    const check = checkCoursePackage({ files, folderName });
    const id = await this.repository.transaction(async (manager) => {
      const draftId = await this.repository.insertDraft(manager, { slug: safeSlug(check.slug), regionCode: trainer.regionCode, authorId: trainer.id, problems: check.problems }, files);
      await this.audit.recordWithin(manager, { action: STUDIO_IMPORT, actor: trainer, targetType: 'studio_draft', targetId: draftId, regionCode: trainer.regionCode, ip, details: { slug: check.slug, files: files.size } });
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
    await this.repository.transaction(async (manager) => {
      const row = await this.lockOrFail(manager, trainer, id);
      if (row.status === StudioDraftStatus.SUBMITTED) throw errors.draftLocked();
      const files = await this.filesOf(manager, id);
      if (dto.baseVersion !== row.version) throw errors.staleDraft(dto.baseVersion, row.version, currentFile(filePath, files.get(filePath)));
      files.set(filePath, bytes);
      const check = checkCoursePackage({ files });
      await this.repository.upsertFile(manager, id, filePath, bytes);
      await this.repository.recordSave(manager, id, { slug: safeSlug(check.slug), problems: check.problems, writerId: trainer.id });
    });
    return this.detail(trainer, id);
  }

  async submit(trainer: AuthUser, id: string, ip: string | null): Promise<DraftDto> {
    await this.repository.transaction(async (manager) => {
      const row = await this.lockOrFail(manager, trainer, id);
      if (row.status !== StudioDraftStatus.DRAFT && row.status !== StudioDraftStatus.RETURNED) throw errors.notSubmittable();
      const check = checkCoursePackage({ files: await this.filesOf(manager, id) });
      if (!check.course) throw errors.hasProblems(check.problems.length);
      await this.assertCourseIsOurs(check.course.slug, row.region_code);
      await this.repository.markSubmitted(manager, id);
      await this.audit.recordWithin(manager, { action: STUDIO_SUBMIT, actor: trainer, targetType: 'studio_draft', targetId: id, regionCode: row.region_code, ip, details: { slug: check.course.slug, version: row.version } });
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
        await this.audit.recordWithin(manager, { action: STUDIO_RETURN, actor: admin, targetType: 'studio_draft', targetId: id, regionCode: row.region_code, ip, details: { slug: row.slug } });
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
        action: STUDIO_PUBLISH,
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
    const folder = contentDir ? path.join(contentDir, 'courses', slug) : null;
    if (!folder || !existsSync(path.join(folder, 'course.yaml'))) throw errors.packageUnavailable();
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
