import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CoursesModule } from '../courses/courses.module';
import { LearningModule } from '../learning/learning.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { CodeAttempts } from './code-attempts';
import { DemoEventSeeder } from './demo-event';
import { EventsClock } from './events-clock';
import { EventsController, EventsTestClockController, MyEventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** In-person training events (issue #20): schedule, invitations, check-in, attendance workbook. */
@Module({
  imports: [AuditModule, CoursesModule, LearningModule, RegionsModule, UsersModule],
  controllers: [EventsController, MyEventsController, EventsTestClockController],
  providers: [EventsRepository, EventsService, EventsClock, CodeAttempts, DemoEventSeeder],
  exports: [EventsService],
})
export class EventsModule {}
