import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import type { RegionScope } from '../auth/region-scope';
import { ApiError } from '../common/api-error';
import { CoursesService, type FieldTaskDefinition } from '../courses/courses.service';
import { EnrollmentsService } from '../learning/enrollments.service';
import { SubmissionStatus, type SubmissionPhoto } from './entities/task-submission.entity';
import { ObjectStorage } from '../storage/object-storage';
import { EVIDENCE_STORAGE, retentionMonths } from './evidence-storage';
import { cleanPhoto, containsNikLikeNumber, sniffImage, wordCount, type CleanPhoto } from './evidence-photos';
import { REPORT_MAX_CHARS, type SubmissionForm } from './submission-form';
import { TasksClock } from './tasks-clock';
import {
  alreadySubmitted,
  badForm,
  enrollmentNotFound,
  noResubmissionsLeft,
  photoNotImage,
  reportHasNik,
  reportTooShort,
  taskNotFound,
  taskNotInCourse,
  tooFewPhotos,
  tooManyPhotos,
} from './tasks.errors';
import type { FieldTaskDto, FieldTaskListDto, SubmissionCreatedDto } from './tasks.dto';
import { TasksRepository, type SubmissionRow } from './tasks.repository';
import { canAppeal, canSubmit, levelRank, rubricView, submissionResult, STATE_OF } from './task-views';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 3600 * 1000;
const RETENTION_BATCH = 500;

/** A passed field task as completion and the credential need it. */
export interface PassedTask {
  taskId: string;
  taskKey: string;
  title: string;
  submissionId: string;
  /** When the reviewer decided "pass". */
  reviewedAt: Date;
  reviewerId: string;
  /** The worker's region when submitting: the Dinsos whose reviewer assessed it. */
  regionCode: string;
  /** criterion id → level id. */
  levels: Record<string, string>;
  points: number;
  maxPoints: number;
  /** The lowest level over the criteria (what the worker achieved on every criterion). */
  achievedLevel: string;
  passLevel: string;
  /** The rubric's levels, lowest first (for the achievement's resultDescription). */
  rubricLevels: Array<{ id: string; title: string; points: number }>;
}

/**
 * Field tasks from the worker's side (issue #16): the tasks of an enrollment with their results, handing in a report
 * with photos (cleaned before anything is stored), the passed tasks other domains build on, and evidence retention.
 */
/** A submission waiting for a review past its due date (the reports' list). */
export interface OverdueReview {
  workerId: string;
  regionCode: string;
  enrollmentId: string;
  taskTitle: string;
  submittedAt: Date;
  dueAt: Date;
}

@Injectable()
export class TasksService {
  private readonly logger = new Logger('Tasks');

  constructor(
    private readonly repository: TasksRepository,
    private readonly courses: CoursesService,
    private readonly enrollments: EnrollmentsService,
    @Inject(EVIDENCE_STORAGE) private readonly storage: ObjectStorage,
    private readonly clock: TasksClock,
  ) {}

  async listForEnrollment(user: AuthUser, enrollmentId: string): Promise<FieldTaskListDto> {
    const versionId = await this.versionOfOwnEnrollment(user, enrollmentId);
    const tasks = await this.courses.fieldTasksOf(versionId);
    const submissions = await this.repository.forEnrollment(enrollmentId);
    return { items: tasks.map((task) => this.taskView(task, submissions.filter((row) => row.taskId === task.id))) };
  }

  /**
   * Hands in a report: every check (the enrollment is the caller's, the report has no NIK-like number, the photos are
   * images within the limits, a resubmission is allowed) runs before anything is stored, and the photos are cleaned of
   * metadata first. The same Idempotency-Key of the same worker answers the first submission again.
   */
  async submit(user: AuthUser, taskId: string, form: SubmissionForm, idempotencyKey: string | null): Promise<SubmissionCreatedDto> {
    const task = await this.courses.fieldTask(taskId);
    if (!task) throw taskNotFound();
    if (!UUID.test(form.enrollmentId)) throw badForm('enrollmentId', 'enrollmentId harus berisi id pendaftaran kursus.');
    if ((await this.versionOfOwnEnrollment(user, form.enrollmentId, 'enrollmentId')) !== task.versionId) throw taskNotInCourse();
    const report = checkedReport(task, form.report);
    const photos = await cleanedPhotos(task, form);
    return this.store(user, task, form.enrollmentId, report, photos, idempotencyKey);
  }

  /**
   * Completion's gate (decision 026): every field task of the enrollment's course version passed review. A version
   * without tasks passes. Reads in the caller's transaction, so a review being written counts.
   */
  async allTasksPassed(manager: EntityManager, enrollment: { id: string; versionId: string }): Promise<boolean> {
    const tasks = await this.courses.fieldTasksOf(enrollment.versionId);
    if (tasks.length === 0) return true;
    const passed = new Set(await this.repository.passedTaskIds(manager, enrollment.id));
    return tasks.every((task) => passed.has(task.id));
  }

  /**
   * Field-task submissions waiting for a review past their due date, in the caller's scope and under `region` ('' =
   * the whole scope), oldest due first: the reports' "overdue reviews" list.
   */
  async overdueReviews(scope: RegionScope, region: string, limit: number, offset: number): Promise<{ items: OverdueReview[]; total: number }> {
    const { rows, total } = await this.repository.overduePage(scope, region, this.clock.now(), limit, offset);
    const tasks = await this.courses.fieldTasksById(rows.map((row) => row.taskId));
    return {
      total,
      items: rows.map((row) => ({ workerId: row.workerId, regionCode: row.regionCode, enrollmentId: row.enrollmentId, taskTitle: tasks.get(row.taskId)?.title ?? '', submittedAt: row.submittedAt, dueAt: row.dueAt })),
    };
  }

  /** The passed field tasks of an enrollment: completion and the credential use these (see docs/decisions/019). */
  async passedTasks(enrollmentId: string): Promise<PassedTask[]> {
    if (!UUID.test(enrollmentId)) return [];
    const rows = await this.repository.passed(enrollmentId);
    const tasks = await this.courses.fieldTasksById(rows.map((row) => row.taskId));
    return rows.flatMap((row) => {
      const task = tasks.get(row.taskId);
      return task && row.levels && row.reviewedAt && row.reviewerId ? [passedTask(task, row, row.levels, row.reviewedAt, row.reviewerId)] : [];
    });
  }

  /**
   * The retention job: deletes the photos of submissions whose task got its final decision (passed or failed) more
   * than EVIDENCE_RETENTION_MONTHS ago (default 12). The submission row, the report text and the decision stay.
   */
  async deleteExpiredEvidence(): Promise<{ submissions: number; files: number }> {
    const now = this.clock.now();
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - retentionMonths());
    let submissions = 0;
    let files = 0;
    for (;;) {
      const rows = await this.repository.expiredEvidence(cutoff, RETENTION_BATCH);
      for (const row of rows) {
        for (const photo of row.photos) await this.storage.delete(photo.key);
        files += row.photos.length;
      }
      await this.repository.markFilesDeleted(rows.map((row) => row.id), now);
      submissions += rows.length;
      if (rows.length < RETENTION_BATCH) break;
    }
    if (submissions > 0) this.logger.log(`retention: deleted ${files} photos of ${submissions} submissions decided before ${cutoff.toISOString()}`);
    return { submissions, files };
  }

  /** The course version of the caller's own enrollment; another's or a missing one is a 404. */
  private async versionOfOwnEnrollment(user: AuthUser, enrollmentId: string, field?: string): Promise<string> {
    if (!UUID.test(enrollmentId)) throw enrollmentNotFound(field);
    try {
      return (await this.enrollments.detail(user, enrollmentId)).course.versionId;
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND) throw enrollmentNotFound(field);
      throw error;
    }
  }

  private async store(
    user: AuthUser,
    task: FieldTaskDefinition,
    enrollmentId: string,
    report: string,
    photos: CleanPhoto[],
    idempotencyKey: string | null,
  ): Promise<SubmissionCreatedDto> {
    const written: string[] = [];
    try {
      return await this.repository.transaction(async (manager) => {
        await this.repository.lockTaskOfEnrollment(manager, enrollmentId, task.id);
        if (idempotencyKey) {
          const earlier = await this.repository.findByIdempotencyKey(manager, user.id, idempotencyKey);
          if (earlier) return replayOf(earlier, task.id, enrollmentId);
        }
        const latest = await this.repository.latestAttempt(manager, enrollmentId, task.id);
        if (latest && !canSubmit(task, latest)) throw latest.status === SubmissionStatus.REVISE ? noResubmissionsLeft() : alreadySubmitted();
        const submittedAt = this.clock.now();
        const row = await this.repository.insert(manager, {
          taskId: task.id,
          enrollmentId,
          workerId: user.id,
          regionCode: user.regionCode ?? '',
          attempt: (latest?.attempt ?? 0) + 1,
          report,
          idempotencyKey,
          submittedAt,
          dueAt: new Date(submittedAt.getTime() + task.reviewDays * DAY_MS),
        });
        const stored: SubmissionPhoto[] = [];
        for (const [index, photo] of photos.entries()) {
          const key = `${row.id}/${index + 1}.webp`;
          await this.storage.put(key, photo.bytes, photo.contentType);
          written.push(key);
          stored.push({ key, contentType: photo.contentType, bytes: photo.bytes.length, width: photo.width, height: photo.height });
        }
        await this.repository.setPhotos(manager, row.id, stored);
        return { id: row.id, status: 'waiting', attempt: row.attempt, photoCount: stored.length, dueAt: row.dueAt };
      });
    } catch (error) {
      // The transaction rolled back: no row names these files, so none may stay.
      await Promise.all(written.map((key) => this.storage.delete(key).catch(() => undefined)));
      throw error;
    }
  }

  private taskView(task: FieldTaskDefinition, submissions: SubmissionRow[]): FieldTaskDto {
    const latest = submissions.at(-1) ?? null;
    return {
      id: task.id,
      key: task.key,
      title: task.title,
      status: latest ? STATE_OF[latest.status] : 'open',
      moduleKey: task.moduleKey,
      minutes: task.minutes,
      instructionsHtml: task.instructionsHtml,
      reportTemplate: task.reportTemplate,
      reportMinWords: task.reportMinWords,
      photos: { min: task.photosMin, max: Math.min(task.photosMax, 5) },
      checklist: task.checklist,
      rubric: rubricView(task, false),
      reviewDays: task.reviewDays,
      resubmissions: task.resubmissions,
      canSubmit: canSubmit(task, latest),
      canAppeal: canAppeal(latest),
      submissions: submissions.map(submissionResult),
    };
  }
}

function replayOf(earlier: SubmissionRow, taskId: string, enrollmentId: string): SubmissionCreatedDto {
  if (earlier.taskId !== taskId || earlier.enrollmentId !== enrollmentId) {
    throw new ApiError(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk permintaan yang berbeda.',
    );
  }
  return { id: earlier.id, status: 'waiting', attempt: earlier.attempt, photoCount: earlier.photos.length, dueAt: earlier.dueAt };
}

function checkedReport(task: FieldTaskDefinition, raw: string): string {
  const report = raw.replace(/\r\n/g, '\n').trim();
  if (report.length === 0) throw badForm('report', 'Tulis laporan tugas sebelum mengirim.');
  if (report.length > REPORT_MAX_CHARS) throw badForm('report', `Laporan terlalu panjang: paling banyak ${REPORT_MAX_CHARS.toLocaleString('id-ID')} karakter.`);
  if (containsNikLikeNumber(report)) throw reportHasNik();
  const words = wordCount(report);
  if (task.reportMinWords && words < task.reportMinWords) throw reportTooShort(task.reportMinWords, words);
  return report;
}

async function cleanedPhotos(task: FieldTaskDefinition, form: SubmissionForm): Promise<CleanPhoto[]> {
  const max = Math.min(task.photosMax, 5);
  if (form.photos.length > max) throw tooManyPhotos(max);
  if (form.photos.length < task.photosMin) throw tooFewPhotos(task.photosMin);
  for (const photo of form.photos) {
    if (!(await sniffImage(photo.bytes))) throw photoNotImage(photo.filename);
  }
  const cleaned: CleanPhoto[] = [];
  for (const photo of form.photos) {
    try {
      cleaned.push(await cleanPhoto(photo.bytes));
    } catch {
      throw photoNotImage(photo.filename);
    }
  }
  return cleaned;
}

function passedTask(task: FieldTaskDefinition, row: SubmissionRow, levels: Record<string, string>, reviewedAt: Date, reviewerId: string): PassedTask {
  const ranks = task.rubric.criteria.map((criterion) => levelRank(task, levels[criterion.id] ?? ''));
  const lowest = task.rubric.levels[Math.max(0, Math.min(...ranks))];
  const top = task.rubric.levels.at(-1)?.points ?? 0;
  return {
    taskId: task.id,
    taskKey: task.key,
    title: task.title,
    submissionId: row.id,
    reviewedAt,
    reviewerId,
    regionCode: row.regionCode,
    levels,
    points: row.points ?? 0,
    maxPoints: top * task.rubric.criteria.length,
    achievedLevel: lowest.id,
    passLevel: task.rubric.passLevel,
    rubricLevels: task.rubric.levels.map(({ id, title, points }) => ({ id, title, points })),
  };
}
