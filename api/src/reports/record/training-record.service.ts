import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../auth/auth-context';
import { Role } from '../../auth/policy.decorator';
import { inScope, scopeOf } from '../../auth/region-scope';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { CertificatesService } from '../../certificates/certificates.service';
import { CoursesService } from '../../courses/courses.service';
import { EnrollmentsService } from '../../learning/enrollments.service';
import { TasksService } from '../../tasks/tasks.service';
import { UsersService } from '../../users/users.service';
import { renderRecordPdf } from './record-pdf';
import { recordWorkerNotFound } from './training-record.errors';
import { RecordCourseDto, RecordTaskDto, TrainingRecordDto } from './training-record.dto';

const PAGE = 100;
/** Years of completion are counted in WIB (UTC+7), where most workers live. */
const WIB_MS = 7 * 3600 * 1000;

/**
 * A worker's training record (issue #19): every course and cycle with dates, scores and JP, certificates with their
 * status, field tasks passed; for the worker's own eyes (/riwayat) and as a PDF. Everything comes through the owning
 * domains' services.
 */
@Injectable()
export class TrainingRecordService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enrollments: EnrollmentsService,
    private readonly certificates: CertificatesService,
    private readonly courses: CoursesService,
    private readonly tasks: TasksService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async mine(user: AuthUser): Promise<TrainingRecordDto> {
    const [profile, courses, certificates] = await Promise.all([this.users.findById(user.id), this.coursesOf(user), this.certificatesOf(user)]);
    const tasks = await this.tasksOf(courses);
    const years = new Map<number, number>();
    for (const course of courses) {
      if (!course.completedAt || course.jp === 0) continue;
      const year = new Date(course.completedAt.getTime() + WIB_MS).getUTCFullYear();
      years.set(year, (years.get(year) ?? 0) + course.jp);
    }
    return {
      userId: user.id,
      name: profile?.name ?? user.name,
      pillar: profile?.pillar ?? null,
      regionCode: profile?.regionCode ?? null,
      courses,
      certificates,
      tasks,
      jpPerYear: [...years].sort((a, b) => b[0] - a[0]).map(([year, jp]) => ({ year, jp })),
      jpTotal: [...years.values()].reduce((sum, jp) => sum + jp, 0),
      generatedAt: new Date(),
    };
  }

  /**
   * One worker's record for an admin or trainer of the worker's region: a worker outside the scope (or no worker) is a
   * 404 like a missing one. Audit-logged (`report.record_view`): a person's scores are read by someone else.
   */
  async ofWorker(caller: AuthUser, workerId: string, meta: RequestMeta): Promise<TrainingRecordDto> {
    const worker = await this.workerInScope(caller, workerId);
    const record = await this.mine(worker);
    await this.audit.record({ action: AuditAction.REPORT_RECORD_VIEW, actor: caller, targetType: 'user', targetId: worker.id, regionCode: worker.regionCode, ip: meta.ip });
    return record;
  }

  async ofWorkerPdf(caller: AuthUser, workerId: string, meta: RequestMeta): Promise<{ pdf: Buffer; filename: string }> {
    const worker = await this.workerInScope(caller, workerId);
    const record = await this.mine(worker);
    await this.audit.record({ action: AuditAction.REPORT_RECORD_VIEW, actor: caller, targetType: 'user', targetId: worker.id, regionCode: worker.regionCode, ip: meta.ip, details: { format: 'pdf' } });
    return { pdf: await renderRecordPdf(record), filename: `riwayat-pelatihan-${record.generatedAt.toISOString().slice(0, 10)}.pdf` };
  }

  private async workerInScope(caller: AuthUser, workerId: string): Promise<AuthUser> {
    const worker = await this.users.findById(workerId);
    if (!worker || worker.role !== Role.PESERTA || !inScope(worker.regionCode, scopeOf(caller))) throw recordWorkerNotFound();
    return { id: worker.id, name: worker.name, role: worker.role, regionCode: worker.regionCode, pillar: worker.pillar };
  }

  async minePdf(user: AuthUser): Promise<{ pdf: Buffer; filename: string }> {
    const record = await this.mine(user);
    return { pdf: await renderRecordPdf(record), filename: `riwayat-pelatihan-${record.generatedAt.toISOString().slice(0, 10)}.pdf` };
  }

  private async coursesOf(user: AuthUser): Promise<RecordCourseDto[]> {
    const summaries = [];
    for (let page = 1; ; page++) {
      const result = await this.enrollments.list(user, page, PAGE);
      summaries.push(...result.items);
      if (summaries.length >= result.total || result.items.length === 0) break;
    }
    const cycles = new Map<string, number>();
    for (const s of summaries) cycles.set(s.course.slug, (cycles.get(s.course.slug) ?? 0) + 1);
    const courses = await Promise.all(
      summaries.map(async (summary): Promise<RecordCourseDto> => {
        const [detail, version] = await Promise.all([this.enrollments.detail(user, summary.id), this.courses.version(this.db.manager, summary.course.versionId)]);
        return {
          enrollmentId: summary.id,
          slug: summary.course.slug,
          courseTitle: summary.course.title,
          cycle: summary.cycle,
          repeated: summary.cycle > 1 || (cycles.get(summary.course.slug) ?? 0) > 1,
          status: summary.status,
          enrolledAt: new Date(summary.enrolledAt),
          completedAt: summary.completedAt ? new Date(summary.completedAt) : null,
          pretestScore: detail.pretest.score,
          posttestScore: detail.posttest.bestScore,
          jp: summary.completedAt ? version.hours : 0,
        };
      }),
    );
    return courses.sort((a, b) => b.enrolledAt.getTime() - a.enrolledAt.getTime());
  }

  private async certificatesOf(user: AuthUser): Promise<TrainingRecordDto['certificates']> {
    const items = [];
    for (let page = 1; ; page++) {
      const result = await this.certificates.listMine(user, page, PAGE);
      items.push(...result.items);
      if (items.length >= result.total || result.items.length === 0) break;
    }
    return items.map((c) => ({ number: c.number, code: c.code, courseTitle: c.courseTitle, status: c.status, issuedAt: c.issuedAt, validUntil: c.validUntil, verifyUrl: c.verifyUrl, credentialUrl: c.credentialUrl }));
  }

  private async tasksOf(courses: RecordCourseDto[]): Promise<RecordTaskDto[]> {
    const perCourse = await Promise.all(
      courses.map(async (course) => (await this.tasks.passedTasks(course.enrollmentId)).map((task) => ({ title: task.title, courseTitle: course.courseTitle, passedAt: task.reviewedAt }))),
    );
    return perCourse.flat().sort((a, b) => b.passedAt.getTime() - a.passedAt.getTime());
  }
}
