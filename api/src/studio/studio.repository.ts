import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PackageProblem } from '../courses/course-package';
import { rowsOf } from '../common/sql';
import { StudioDraftStatus } from './entities/studio-draft.entity';

/** Who may see which drafts, as the repository applies it inside the SQL. */
export type DraftVisibility =
  /** ADMIN_PUSAT: every draft. */
  | { kind: 'all' }
  /** A trainer: the drafts of exactly its region (null = national). */
  | { kind: 'region'; regionCode: string | null }
  /** ADMIN_DINSOS: the drafts of its region and the regions under it. */
  | { kind: 'under'; regionCode: string };

export interface DraftRow {
  id: string;
  slug: string | null;
  region_code: string | null;
  author_id: string;
  writer_ids: string[];
  status: StudioDraftStatus;
  version: number;
  problems: PackageProblem[];
  submitted_at: Date | null;
  change_note: string | null;
  reviewer_id: string | null;
  review_comment: string | null;
  reviewed_at: Date | null;
  published_version: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface FileRow {
  path: string;
  bytes: Buffer;
}

export interface PackageRow {
  slug: string;
  version: number;
  region_code: string | null;
  content_hash: string;
}

const DRAFT_COLUMNS = `d.id, d.slug, d.region_code, d.author_id, d.writer_ids, d.status, d.version, d.problems, d.submitted_at, d.change_note, d.reviewer_id,
  d.review_comment, d.reviewed_at, d.published_version, d.created_at, d.updated_at`;

function visibilitySql(visibility: DraftVisibility, params: unknown[]): string {
  switch (visibility.kind) {
    case 'all':
      return 'TRUE';
    case 'region':
      params.push(visibility.regionCode);
      return `d.region_code IS NOT DISTINCT FROM $${params.length}::varchar`;
    default:
      params.push(visibility.regionCode, `${visibility.regionCode}.%`);
      return `(d.region_code = $${params.length - 1} OR d.region_code LIKE $${params.length})`;
  }
}

/** Every SQL statement on the studio's tables. */
@Injectable()
export class StudioRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insertDraft(
    manager: EntityManager,
    draft: { slug: string | null; regionCode: string | null; authorId: string; problems: PackageProblem[] },
    files: ReadonlyMap<string, Uint8Array>,
  ): Promise<string> {
    const [row] = await rowsOf<{ id: string }>(
      manager,
      `INSERT INTO studio_drafts (slug, region_code, author_id, writer_ids, problems) VALUES ($1, $2, $3, ARRAY[$3]::uuid[], $4) RETURNING id`,
      [draft.slug, draft.regionCode, draft.authorId, JSON.stringify(draft.problems)],
    );
    const paths = [...files.keys()];
    if (paths.length > 0) {
      await manager.query(
        `INSERT INTO studio_draft_files (draft_id, path, bytes) SELECT $1, path, bytes FROM unnest($2::varchar[], $3::bytea[]) AS f(path, bytes)`,
        [row.id, paths, paths.map((path) => Buffer.from(files.get(path)!))],
      );
    }
    return row.id;
  }

  async listDrafts(visibility: DraftVisibility, limit: number): Promise<DraftRow[]> {
    const params: unknown[] = [];
    const where = visibilitySql(visibility, params);
    params.push(limit);
    return rowsOf<DraftRow>(this.dataSource, `SELECT ${DRAFT_COLUMNS} FROM studio_drafts d WHERE ${where} ORDER BY d.updated_at DESC, d.id LIMIT $${params.length}`, params);
  }

  async findDraft(id: string, visibility: DraftVisibility): Promise<DraftRow | null> {
    const params: unknown[] = [id];
    const where = visibilitySql(visibility, params);
    const [row] = await rowsOf<DraftRow>(this.dataSource, `SELECT ${DRAFT_COLUMNS} FROM studio_drafts d WHERE d.id = $1 AND ${where}`, params);
    return row ?? null;
  }

  /** The draft row locked for a change (save, submit, review), within the caller's visibility. */
  async lockDraft(manager: EntityManager, id: string, visibility: DraftVisibility): Promise<DraftRow | null> {
    const params: unknown[] = [id];
    const where = visibilitySql(visibility, params);
    const [row] = await rowsOf<DraftRow>(manager, `SELECT ${DRAFT_COLUMNS} FROM studio_drafts d WHERE d.id = $1 AND ${where} FOR UPDATE`, params);
    return row ?? null;
  }

  async files(manager: EntityManager | null, draftId: string): Promise<FileRow[]> {
    return rowsOf<FileRow>(manager ?? this.dataSource, `SELECT path, bytes FROM studio_draft_files WHERE draft_id = $1 ORDER BY path`, [draftId]);
  }

  async file(draftId: string, path: string): Promise<FileRow | null> {
    const [row] = await rowsOf<FileRow>(this.dataSource, `SELECT path, bytes FROM studio_draft_files WHERE draft_id = $1 AND path = $2`, [draftId, path]);
    return row ?? null;
  }

  async upsertFile(manager: EntityManager, draftId: string, path: string, bytes: Buffer): Promise<void> {
    await manager.query(
      `INSERT INTO studio_draft_files (draft_id, path, bytes) VALUES ($1, $2, $3) ON CONFLICT (draft_id, path) DO UPDATE SET bytes = EXCLUDED.bytes`,
      [draftId, path, bytes],
    );
  }

  /** A save: the next version, the checker's findings, the writer remembered, a reviewed draft back to DRAFT. */
  async recordSave(manager: EntityManager, draftId: string, change: { slug: string | null; problems: PackageProblem[]; writerId: string }): Promise<number> {
    const [row] = await rowsOf<{ version: number }>(
      manager,
      `UPDATE studio_drafts SET version = version + 1, slug = coalesce($2, slug), problems = $3, status = $4, updated_at = now(),
         writer_ids = CASE WHEN $5::uuid = ANY(writer_ids) THEN writer_ids ELSE writer_ids || $5::uuid END
       WHERE id = $1 RETURNING version`,
      [draftId, change.slug, JSON.stringify(change.problems), StudioDraftStatus.DRAFT, change.writerId],
    );
    return row.version;
  }

  async markSubmitted(manager: EntityManager, draftId: string, changeNote: string | null): Promise<void> {
    await manager.query(`UPDATE studio_drafts SET status = $2, submitted_at = now(), change_note = $3, updated_at = now() WHERE id = $1`, [
      draftId,
      StudioDraftStatus.SUBMITTED,
      changeNote,
    ]);
  }

  async markReviewed(
    manager: EntityManager,
    draftId: string,
    review: { status: StudioDraftStatus; reviewerId: string; comment: string | null; publishedVersion: number | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE studio_drafts SET status = $2, reviewer_id = $3, review_comment = $4, reviewed_at = now(), updated_at = now(),
         published_version = coalesce($5, published_version) WHERE id = $1`,
      [draftId, review.status, review.reviewerId, review.comment, review.publishedVersion],
    );
  }

  /** The newest stored package of a slug (who owns the course: its region, null = national). */
  async latestPackage(slug: string): Promise<PackageRow | null> {
    const [row] = await rowsOf<PackageRow>(
      this.dataSource,
      `SELECT slug, version, region_code, content_hash FROM studio_packages WHERE slug = $1 ORDER BY version DESC LIMIT 1`,
      [slug],
    );
    return row ?? null;
  }

  async findPackage(slug: string, version: number): Promise<PackageRow | null> {
    const [row] = await rowsOf<PackageRow>(this.dataSource, `SELECT slug, version, region_code, content_hash FROM studio_packages WHERE slug = $1 AND version = $2`, [
      slug,
      version,
    ]);
    return row ?? null;
  }

  async packageFiles(slug: string, version: number): Promise<FileRow[]> {
    return rowsOf<FileRow>(this.dataSource, `SELECT path, bytes FROM studio_package_files WHERE slug = $1 AND version = $2 ORDER BY path`, [slug, version]);
  }

  /** Keeps a published version's files; a version already kept stays as it is (versions are immutable). */
  async insertPackage(
    manager: EntityManager,
    row: { slug: string; version: number; regionCode: string | null; contentHash: string; draftId: string | null },
    files: ReadonlyMap<string, Uint8Array>,
  ): Promise<void> {
    const inserted = await rowsOf<{ slug: string }>(
      manager,
      `INSERT INTO studio_packages (slug, version, region_code, content_hash, draft_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug, version) DO NOTHING RETURNING slug`,
      [row.slug, row.version, row.regionCode, row.contentHash, row.draftId],
    );
    if (inserted.length === 0) return;
    const paths = [...files.keys()];
    await manager.query(
      `INSERT INTO studio_package_files (slug, version, path, bytes) SELECT $1, $2, path, bytes FROM unnest($3::varchar[], $4::bytea[]) AS f(path, bytes)`,
      [row.slug, row.version, paths, paths.map((path) => Buffer.from(files.get(path)!))],
    );
  }
}
