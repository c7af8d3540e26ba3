import { Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditModule } from '../audit/audit.module';
import type { AppConfig } from '../config/app-config';
import { CoursesModule } from '../courses/courses.module';
import { JobsService } from '../jobs/jobs.service';
import { CompletionService } from '../learning/completion';
import { LearningModule } from '../learning/learning.module';
import { UsersModule } from '../users/users.module';
import { StorageModule } from '../storage/storage.module';
import { evidenceStorageProvider, retentionMonths } from './evidence-storage';
import { AppealsService } from './appeals.service';
import { OversightService } from './oversight.service';
import { ReviewsService } from './reviews.service';
import { TasksClock } from './tasks-clock';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

export const TASKS_RETENTION = 'tasks.retention';
const RETENTION_EVERY_MS = 24 * 3600 * 1000;

/**
 * Field tasks (issue #16): submissions with photos, reviews on the rubric, and the evidence retention job
 * (tasks.retention, daily; the timer does not run in tests: tests call TasksService.deleteExpiredEvidence or enqueue
 * the job). Completion and the credential read TasksService.passedTasks. The multipart parser is the server-wide one
 * RostersModule registers (per-request limits are set in submission-form.ts).
 */
@Module({
  imports: [AuditModule, CoursesModule, LearningModule, StorageModule, UsersModule],
  controllers: [TasksController],
  providers: [TasksRepository, TasksService, ReviewsService, AppealsService, OversightService, TasksClock, evidenceStorageProvider],
  exports: [TasksService],
})
export class TasksModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobs: JobsService,
    private readonly tasks: TasksService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly completion: CompletionService,
  ) {}

  async onModuleInit(): Promise<void> {
    retentionMonths(); // a bad EVIDENCE_RETENTION_MONTHS stops the start, naming the variable
    // A course with field tasks completes only when every task passed review (decision 026).
    this.completion.registerGate((manager, enrollment) => this.tasks.allTasksPassed(manager, enrollment));
    await this.jobs.register(TASKS_RETENTION, () => this.tasks.deleteExpiredEvidence());
  }

  onApplicationBootstrap(): void {
    if (this.config.get('NODE_ENV', { infer: true }) === 'test') return;
    this.timer = setInterval(() => void this.jobs.enqueue(TASKS_RETENTION).catch(() => undefined), RETENTION_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
