import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { CoursesModule } from '../courses/courses.module';
import { LearnerPagesController } from './learner-pages.controller';
import { LearnerPagesService } from './learner-pages.service';
import { LearningModule } from './learning.module';

/**
 * The learner pages' reads (issue #22): a module of its own because it gathers from certificates too, which itself
 * depends on learning.
 */
@Module({
  imports: [CoursesModule, LearningModule, CertificatesModule],
  controllers: [LearnerPagesController],
  providers: [LearnerPagesService],
})
export class LearnerPagesModule {}
