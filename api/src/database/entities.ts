import { Region } from '../regions/region.entity';
import { User } from '../users/user.entity';
import { AuthSession } from '../auth/auth-session.entity';
import { RateLimit } from '../auth/entities/rate-limit.entity';
import { SignInFailure } from '../auth/entities/sign-in-failure.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { BackgroundJob } from '../jobs/background-job.entity';
import { Course } from '../courses/entities/course.entity';
import { CourseVersion } from '../courses/entities/course-version.entity';
import { CourseModule } from '../courses/entities/course-module.entity';
import { Lesson } from '../courses/entities/lesson.entity';
import { Question } from '../courses/entities/question.entity';
import { MediaFile } from '../courses/entities/media-file.entity';
import { CourseVersionMedia } from '../courses/entities/course-version-media.entity';
import { FieldTask } from '../courses/entities/field-task.entity';

import { Certificate } from '../certificates/entities/certificate.entity';
import { CertificateCounter } from '../certificates/entities/certificate-counter.entity';
import { CertificateSignatory } from '../certificates/entities/certificate-signatory.entity';
import { SigningKey } from '../certificates/entities/signing-key.entity';
import { StatusList } from '../certificates/entities/status-list.entity';
import { StatusEntry } from '../certificates/entities/status-entry.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Enrollment } from '../learning/entities/enrollment.entity';
import { LessonProgress } from '../learning/entities/lesson-progress.entity';
import { QuizAttempt } from '../learning/entities/quiz-attempt.entity';
import { SyncEvent } from '../learning/entities/sync-event.entity';
import { ReportWorkerCourse } from '../reports/entities/report-worker-course.entity';
import { ReportChange } from '../reports/entities/report-change.entity';
import { ReportRegionCourse } from '../reports/entities/report-region-course.entity';
import { ReportRegionWorkers } from '../reports/entities/report-region-workers.entity';
import { ReportExpiryBucket } from '../reports/entities/report-expiry-bucket.entity';
import { ReportExpiryDay } from '../reports/entities/report-expiry-day.entity';
import { ReportDesaCover } from '../reports/entities/report-desa-cover.entity';
import { ReportActivityDay } from '../reports/entities/report-activity-day.entity';
import { ReportKecamatanCover } from '../reports/entities/report-kecamatan-cover.entity';
import { ReportReconciliation } from '../reports/entities/report-reconciliation.entity';
import { ReportMonth } from '../reports/entities/report-month.entity';
import { TrainingEvent } from '../events/entities/event.entity';
import { EventDay } from '../events/entities/event-day.entity';
import { EventParticipant } from '../events/entities/event-participant.entity';
import { EventCheckin } from '../events/entities/event-checkin.entity';
import { CourseAssignment, CourseAssignmentEnrollment } from '../learning/entities/course-assignment.entity';
import { TaskSubmission } from '../tasks/entities/task-submission.entity';
import { StudioDraft } from '../studio/entities/studio-draft.entity';
import { StudioDraftFile } from '../studio/entities/studio-draft-file.entity';
import { StudioPackage, StudioPackageFile } from '../studio/entities/studio-package.entity';

/** Every entity of the application: the one list both the app and the migration CLI use. */
export const entities = [
  Region,
  User,
  AuthSession,
  RateLimit,
  SignInFailure,
  AuditEntry,
  BackgroundJob,
  Course,
  CourseVersion,
  CourseModule,
  Lesson,
  Question,
  MediaFile,
  CourseVersionMedia,
  FieldTask,
  Certificate,
  CertificateCounter,
  CertificateSignatory,
  SigningKey,
  StatusList,
  StatusEntry,
  IdempotencyKey,
  Enrollment,
  LessonProgress,
  QuizAttempt,
  SyncEvent,
  CourseAssignment,
  CourseAssignmentEnrollment,
  ReportWorkerCourse,
  ReportChange,
  ReportRegionCourse,
  ReportRegionWorkers,
  ReportExpiryBucket,
  ReportExpiryDay,
  ReportActivityDay,
  ReportKecamatanCover,
  ReportDesaCover,
  ReportReconciliation,
  ReportMonth,
  TaskSubmission,
  TrainingEvent,
  EventDay,
  EventParticipant,
  EventCheckin,
  StudioDraft,
  StudioDraftFile,
  StudioPackage,
  StudioPackageFile,
];
