import { Module, OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CoursesModule } from '../courses/courses.module';
import { LearningModule } from '../learning/learning.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { CompletionService } from '../learning/completion';
import { CodeAttempts } from './code-attempts';
import { EventAttendance } from './event-attendance';
import { DemoEventSeeder } from './demo-event';
import { EventsClock } from './events-clock';
import { EventsController, EventsTestClockController, MyEventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** In-person training events (issue #20): schedule, invitations, check-in, attendance workbook. */
@Module({
  imports: [AuditModule, CoursesModule, LearningModule, RegionsModule, UsersModule],
  controllers: [EventsController, MyEventsController, EventsTestClockController],
  providers: [EventsRepository, EventsService, EventsClock, CodeAttempts, DemoEventSeeder, EventAttendance],
  exports: [EventsService, EventAttendance],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly completion: CompletionService,
    private readonly attendance: EventAttendance,
  ) {}

  onModuleInit(): void {
    // A course's event holds its workers' completion until they attended (decision 029).
    this.completion.registerGate((manager, enrollment) => this.attendance.gateAllows(manager, enrollment));
  }
}
