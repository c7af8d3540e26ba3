import { Module, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { CoursesModule } from '../courses/courses.module';
import { EventsModule } from '../events/events.module';
import { LearningModule } from '../learning/learning.module';
import { RegionsModule } from '../regions/regions.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { CertificatesController, CredentialStatusController, DidController } from './certificates.controller';
import { CertificateFactsReader } from './certificate-facts';
import { CertificatesRepository } from './certificates.repository';
import { CertificatesService } from './certificates.service';
import { CertificateCpu } from './certificate-cpu';
import { CERTIFICATE_ISSUE, EnrollmentCompletedHandler, ENROLLMENT_COMPLETED } from './enrollment-completed.handler';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';
import { StatusListsRepository } from './status-lists.repository';
import { StatusListsService } from './status-lists.service';

/** Certificates: issuance on completion, PDF, verify data, Open Badges 3.0 credentials, keys, revocation. */
@Module({
  imports: [CoursesModule, EventsModule, LearningModule, RegionsModule, ReportsModule, TasksModule],
  controllers: [CertificatesController, CredentialStatusController, DidController],
  providers: [
    CertificateCpu,
    CertificateFactsReader,
    CertificatesRepository,
    CertificatesService,
    SigningKeysRepository,
    SigningKeysService,
    StatusListsRepository,
    StatusListsService,
    EnrollmentCompletedHandler,
  ],
  exports: [CertificatesService, SigningKeysService, StatusListsService],
})
export class CertificatesModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly handler: EnrollmentCompletedHandler,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(ENROLLMENT_COMPLETED, (job) => this.handler.handle(job));
    await this.jobs.register(CERTIFICATE_ISSUE, (job) => this.handler.handleBulk(job));
  }
}
