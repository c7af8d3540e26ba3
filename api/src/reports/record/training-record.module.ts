import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { CertificatesModule } from '../../certificates/certificates.module';
import { CoursesModule } from '../../courses/courses.module';
import { LearningModule } from '../../learning/learning.module';
import { TasksModule } from '../../tasks/tasks.module';
import { TrainingRecordController } from './training-record.controller';
import { TrainingRecordService } from './training-record.service';

/**
 * The worker's training record. A module of its own: it reads learning, certificates and tasks, which themselves
 * depend on ReportsModule (their hooks), so it cannot live inside ReportsModule without a cycle.
 */
@Module({
  imports: [AuditModule, CertificatesModule, CoursesModule, LearningModule, TasksModule],
  controllers: [TrainingRecordController],
  providers: [TrainingRecordService],
})
export class TrainingRecordModule {}
