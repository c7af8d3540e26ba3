import { Injectable } from '@nestjs/common';
import type { AuthContext, AuthUser } from '../auth/auth-context';
import { CertificatesService } from '../certificates/certificates.service';
import { COURSE_PILLARS, type CoursePillar } from '../courses/course-package';
import type { CourseDetailDto, LessonDto } from '../courses/courses.dto';
import { CoursesService, type CachedBody } from '../courses/courses.service';
import { UsersService } from '../users/users.service';
import type { UserDto } from '../users/user.dto';
import { AttemptsService } from './attempts.service';
import { EnrollmentsService } from './enrollments.service';
import type { LearnerCataloguePageDto, LearnerCertificatesPageDto, LearnerCoursePageDto, LearnerHomePageDto, LearnerLessonPageDto, LearnerResultPageDto, LearnerTestPageDto } from './learner-pages.dto';
import type { QuizKind } from './entities/quiz-attempt.entity';
import { attemptNotFound } from './learning.errors';

/** Up to this many of the worker's own enrollments and certificates on one page. */
const PAGE_SIZE = 100;
/** Course ids by slug kept in memory (a slug names one course for good): a query fewer per course and lesson page. */
const MAX_KNOWN_COURSES = 1000;

/**
 * One answer per learner page (issue #22, decision 022): the page's data and the caller's account, gathered from the
 * owners' services, so the web server makes one API call per page and writes nothing while a page is read.
 */
@Injectable()
export class LearnerPagesService {
  private readonly courseIds = new Map<string, string>();

  constructor(
    private readonly users: UsersService,
    private readonly courses: CoursesService,
    private readonly enrollments: EnrollmentsService,
    private readonly attempts: AttemptsService,
    private readonly certificates: CertificatesService,
  ) {}

  async home(auth: AuthContext): Promise<LearnerHomePageDto> {
    const [user, list] = await Promise.all([this.accountOf(auth), this.enrollments.list(auth.user, 1, PAGE_SIZE)]);
    return { user, enrollments: list.items };
  }

  /** The published courses for the caller's pillar (every course for a visitor or a staff member). */
  async catalogue(auth: AuthContext | undefined, q: string | undefined): Promise<LearnerCataloguePageDto> {
    const pillar = coursePillarOf(auth?.user);
    const [user, list] = await Promise.all([this.profileOf(auth), this.courses.list({ pillar: pillar ?? undefined, q: q?.trim() || undefined, page: 1, pageSize: PAGE_SIZE })]);
    return { user, pillar, courses: list.items };
  }

  /**
   * The course page: the outline of the current published version (its one statement finds which version that is) and,
   * beside it rather than after it, the caller's enrollment with its history (one statement, the course id kept).
   */
  async course(auth: AuthContext | undefined, slug: string, outlineEtag: string | undefined): Promise<LearnerCoursePageDto> {
    const caller = auth?.user;
    const [outline, user, enrollment] = await Promise.all([this.courses.detail(slug), this.profileOf(auth), caller ? this.currentEnrollment(caller, slug) : null]);
    return { user, outlineEtag: outline.etag, outline: sameTag(outline, outlineEtag) ? null : (JSON.parse(outline.json) as CourseDetailDto), enrollment };
  }

  async lesson(auth: AuthContext | undefined, slug: string, lessonId: string, lessonEtag: string | undefined): Promise<LearnerLessonPageDto> {
    const lesson = await this.courses.lesson(slug, lessonId);
    const caller = auth?.user;
    const [user, enrollment] = await Promise.all([this.profileOf(auth), caller ? this.lessonEnrollment(caller, slug, lessonId) : null]);
    return { user, lessonEtag: lesson.etag, lesson: sameTag(lesson, lessonEtag) ? null : (JSON.parse(lesson.json) as LessonDto), enrollment };
  }

  /**
   * A test's page: the enrollment (where to go, the test's rules) and the attempt being taken, if one is named; the
   * enrollment, its history and the attempt in one statement (issue #22).
   */
  async test(auth: AuthContext, enrollmentId: string, kind: QuizKind, attemptId: string | undefined): Promise<LearnerTestPageDto> {
    const [user, found] = await Promise.all([this.accountOf(auth), this.enrollments.detailWithAttempt(auth.user, enrollmentId, attemptId ?? null)]);
    if (attemptId && (!found.attempt || found.attempt.kind !== kind)) throw attemptNotFound();
    const attempt = found.attempt ? await this.attempts.shown(found.row, found.attempt, found.livePosttest) : null;
    return { user, enrollment: found.detail, attempt };
  }

  async result(auth: AuthContext, attemptId: string): Promise<LearnerResultPageDto> {
    const caller = auth.user;
    const [user, attempt] = await Promise.all([this.accountOf(auth), this.attempts.get(caller, attemptId)]);
    return { user, attempt, enrollment: await this.enrollments.detail(caller, attempt.enrollmentId) };
  }

  async myCertificates(auth: AuthContext): Promise<LearnerCertificatesPageDto> {
    const [user, list] = await Promise.all([this.accountOf(auth), this.certificates.listMine(auth.user, 1, PAGE_SIZE)]);
    return { user, certificates: list.items };
  }

  /** The caller's account: as the guard read it with the session when it did (decision 035), else read. */
  private accountOf(auth: AuthContext): Promise<UserDto> {
    return auth.account ? this.users.toDto(auth.account) : this.users.profile(auth.user.id);
  }

  private profileOf(auth: AuthContext | undefined): Promise<UserDto | null> {
    return auth ? this.accountOf(auth) : Promise.resolve(null);
  }

  private async currentEnrollment(caller: AuthUser, slug: string) {
    const courseId = await this.courseIdOf(slug);
    return courseId ? this.enrollments.currentIn(caller, courseId) : null;
  }

  private async lessonEnrollment(caller: AuthUser, slug: string, lessonId: string) {
    const courseId = await this.courseIdOf(slug);
    return courseId ? this.enrollments.lessonEnrollment(caller, courseId, lessonId) : null;
  }

  private async courseIdOf(slug: string): Promise<string | null> {
    const known = this.courseIds.get(slug);
    if (known) return known;
    const found = await this.courses.courseIdOf(slug);
    if (found) {
      if (this.courseIds.size >= MAX_KNOWN_COURSES) this.courseIds.clear();
      this.courseIds.set(slug, found);
    }
    return found;
  }
}

function coursePillarOf(caller: AuthUser | undefined): CoursePillar | null {
  const pillar = caller?.pillar;
  return pillar && COURSE_PILLARS.includes(pillar) ? pillar : null;
}

/** The caller already holds this body (an ETag with or without its quotes). */
function sameTag(body: CachedBody, held: string | undefined): boolean {
  return held !== undefined && (held === body.etag || `"${held}"` === body.etag);
}
