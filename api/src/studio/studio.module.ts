import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CoursesModule } from '../courses/courses.module';
import { StudioController } from './studio.controller';
import { StudioRepository } from './studio.repository';
import { StudioDemoSeeder } from './studio-demo';
import { StudioService } from './studio.service';
import { UsersModule } from '../users/users.module';
import { LearningModule } from '../learning/learning.module';

/**
 * The trainers' studio (issue #18): drafts as course packages, review, publish, zip import and export.
 * Multipart parsing is registered once for the whole server by RostersModule; the import route sets its own limits.
 */
@Module({
  imports: [AuditModule, CoursesModule, UsersModule, LearningModule],
  controllers: [StudioController],
  providers: [StudioRepository, StudioService, StudioDemoSeeder],
})
export class StudioModule {}
