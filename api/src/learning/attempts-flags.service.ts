import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { scopeOf } from '../auth/region-scope';
import { CoursesService } from '../courses/courses.service';
import { RegionsService } from '../regions/regions.service';
import { UsersService } from '../users/users.service';
import { IntegrityFlagKind, type IntegrityFlagDto, type IntegrityFlagPageDto, type IntegrityFlagQuery } from './attempts-flags.dto';
import { minimumReadingSeconds } from './lesson-reading';
import { AttemptsRepository, type FastPassRow, type SameAnswersRow } from './attempts.repository';

/** Flags look back this far. */
const LOOKBACK_DAYS = 90;
/** Same answers count when given within this time of each other. */
const SAME_ANSWERS_WINDOW_SECONDS = 24 * 3600;
/** No course needs a day of reading at the minimum pace: passes later than this are never "too fast". */
const FAST_CANDIDATE_SECONDS = 24 * 3600;
/** The newest flags of each kind an admin sees (a list to act on, not an archive). */
const MAX_FLAGS_PER_KIND = 500;

/** The minimum reading time of one lesson, as learning enforces it at scale 1 (decision 022). */
export function minimumLessonSeconds(words: number): number {
  return minimumReadingSeconds(words, 1);
}

/** The course's minimum reading time: every lesson read at the minimum pace. */
export function minimumCourseSeconds(lessonWords: readonly number[]): number {
  return lessonWords.reduce((sum, words) => sum + minimumLessonSeconds(words), 0);
}

/**
 * Integrity flags for admins (issue #21 M5, decision 023): post-tests passed faster than the course can be read, and
 * workers who gave the same answers to the same questions within a day. Flags are computed when asked, in the admin's
 * region scope (the attempt keeps the worker's region); they accuse no one: an admin looks and decides.
 */
@Injectable()
export class AttemptsFlagsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: AttemptsRepository,
    private readonly courses: CoursesService,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
  ) {}

  async list(admin: AuthUser, query: IntegrityFlagQuery): Promise<IntegrityFlagPageDto> {
    const scope = scopeOf(admin);
    const since = new Date(Date.now() - LOOKBACK_DAYS * 24 * 3600 * 1000);
    const fast = query.kind === IntegrityFlagKind.SAME_ANSWERS ? [] : await this.fastCompletions(await this.repository.fastPasses(scope, since, FAST_CANDIDATE_SECONDS, MAX_FLAGS_PER_KIND));
    const same = query.kind === IntegrityFlagKind.FAST_COMPLETION ? [] : await this.sameAnswers(await this.repository.sameAnswers(scope, since, SAME_ANSWERS_WINDOW_SECONDS, MAX_FLAGS_PER_KIND));
    const all = [...fast, ...same].sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || a.kind.localeCompare(b.kind));
    const items = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    return { items: await this.named(items), total: all.length, page: query.page, pageSize: query.pageSize };
  }

  /** The candidates passed sooner than their course's minimum reading time. */
  private async fastCompletions(rows: FastPassRow[]): Promise<IntegrityFlagDto[]> {
    const flags: IntegrityFlagDto[] = [];
    for (const row of rows) {
      const course = await this.courses.version(this.db.manager, row.course_version_id);
      const minimum = minimumCourseSeconds(Object.values(course.lessonWords));
      if (row.seconds >= minimum) continue;
      flags.push({ ...baseFlag(IntegrityFlagKind.FAST_COMPLETION, row, course.title), minutesTaken: toMinutes(row.seconds), minimumMinutes: toMinutes(minimum) });
    }
    return flags;
  }

  private async sameAnswers(rows: SameAnswersRow[]): Promise<IntegrityFlagDto[]> {
    const flags: IntegrityFlagDto[] = [];
    for (const row of rows) {
      const course = await this.courses.version(this.db.manager, row.course_version_id);
      flags.push({ ...baseFlag(IntegrityFlagKind.SAME_ANSWERS, row, course.title), group: row.fingerprint.slice(0, 8), otherWorkers: row.other_workers });
    }
    return flags;
  }

  /** Names of workers and regions, read once for the page. */
  private async named(flags: IntegrityFlagDto[]): Promise<IntegrityFlagDto[]> {
    const [workers, regions] = await Promise.all([
      this.users.namesOf(flags.map((flag) => flag.workerId)),
      this.regions.namesOf(flags.flatMap((flag) => (flag.regionCode ? [flag.regionCode] : []))),
    ]);
    return flags.map((flag) => ({ ...flag, workerName: workers.get(flag.workerId) ?? null, regionName: flag.regionCode ? (regions.get(flag.regionCode) ?? null) : null }));
  }
}

function toMinutes(seconds: number): number {
  return Math.round((seconds / 60) * 10) / 10;
}

function baseFlag(kind: IntegrityFlagKind, row: FastPassRow | SameAnswersRow, courseTitle: string): IntegrityFlagDto {
  return {
    kind,
    attemptId: row.attempt_id,
    workerId: row.user_id,
    workerName: null,
    regionCode: row.region_code,
    regionName: null,
    courseTitle,
    enrolledAt: row.enrolled_at,
    submittedAt: row.submitted_at,
    minutesTaken: null,
    minimumMinutes: null,
    group: null,
    otherWorkers: null,
  };
}
