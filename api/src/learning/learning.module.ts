import { ReportsModule } from '../reports/reports.module';
import { EnrollmentReports } from './enrollment-reports';
import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module';
import { RegionsModule } from '../regions/regions.module';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsRepository } from './assignments.repository';
import { AssignmentsService } from './assignments.service';
import { AttemptsFlagsController } from './attempts-flags.controller';
import { AttemptsFlagsService } from './attempts-flags.service';
import { AttemptsController } from './attempts.controller';
import { AttemptsRepository } from './attempts.repository';
import { AttemptsService } from './attempts.service';
import { EnrollmentRows } from './enrollment-row';
import { EnrollmentsController } from './enrollments.controller';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentsService } from './enrollments.service';
import { LearningEvents } from './learning-events';
import { LessonReading } from './lesson-reading';
import { CompletionService } from './completion';
import { SyncEventsRepository } from './sync-events.repository';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';
import { GradedAttemptsRepository } from './graded-attempts.repository';
import { GradedAttemptsService } from './graded-attempts.service';

/** What a worker does in a course: enrollment, progress, pre-test and post-test, completion, offline sync. */
@Module({
  imports: [CoursesModule, RegionsModule, ReportsModule],
  controllers: [EnrollmentsController, AttemptsController, SyncController, AssignmentsController, AttemptsFlagsController],
  providers: [
    EnrollmentsService,
    AttemptsService,
    AttemptsFlagsService,
    SyncService,
    AssignmentsService,
    LearningEvents,
    CompletionService,
    EnrollmentRows,
    EnrollmentReports,
    LessonReading,
    EnrollmentsRepository,
    AttemptsRepository,
    AssignmentsRepository,
    SyncEventsRepository,
    GradedAttemptsRepository,
    GradedAttemptsService,
  ],
  exports: [AssignmentsService, EnrollmentsService, AttemptsService, GradedAttemptsService, CompletionService],
})
export class LearningModule {}
