import { Module, OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CoursesModule } from '../courses/courses.module';
import { EventsModule } from '../events/events.module';
import { LearningModule } from '../learning/learning.module';
import { RegionsModule } from '../regions/regions.module';
import { TasksModule } from '../tasks/tasks.module';
import { ReportsListsController } from './reports-lists.controller';
import { ReportsListsRepository } from './reports-lists.repository';
import { JobsService } from '../jobs/jobs.service';
import { PEOPLE_EXPORT } from './export-files';
import { ReportsListsService } from './reports-lists.service';
import { ReportsModule } from './reports.module';

/**
 * The people lists that read other domains (assignments, attempts, reviews, events) through their services. A module
 * of its own for the same reason as the training record: those domains import ReportsModule for their hooks.
 */
@Module({
  imports: [AuditModule, CoursesModule, EventsModule, LearningModule, RegionsModule, ReportsModule, TasksModule],
  controllers: [ReportsListsController],
  providers: [ReportsListsRepository, ReportsListsService],
})
export class ReportsListsModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly lists: ReportsListsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(PEOPLE_EXPORT, (job) => this.lists.runExportJob(job));
  }
}
