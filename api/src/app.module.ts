import { Module } from '@nestjs/common';
import { SecretsModule } from './secrets/secrets.module';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, validateConfig } from './config/app-config';
import { loggerOptions } from './common/logger';
import { typeormOptions } from './database/typeorm-options';
import { HealthModule } from './health/health.module';
import { RegionsModule } from './regions/regions.module';
import { RostersModule } from './rosters/rosters.module';
import { CertificatesModule } from './certificates/certificates.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { LearningModule } from './learning/learning.module';
import { LearnerPagesModule } from './learning/learner-pages.module';
import { CoursesModule } from './courses/courses.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { JobsModule } from './jobs/jobs.module';
import { UsersModule } from './users/users.module';
import { ReportsModule } from './reports/reports.module';
import { TrainingRecordModule } from './reports/record/training-record.module';
import { ReportsListsModule } from './reports/reports-lists.module';
import { TasksModule } from './tasks/tasks.module';
import { EventsModule } from './events/events.module';
import { StudioModule } from './studio/studio.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: validateConfig }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        loggerOptions(config.get('LOG_LEVEL', { infer: true }), config.get('LOG_FORMAT', { infer: true })),
    }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        ...typeormOptions(config.get('DATABASE_URL', { infer: true }), config.get('DATABASE_POOL_SIZE', { infer: true })),
        retryAttempts: 20,
        retryDelay: 1000,
      }),
    }),
    SecretsModule,
    HealthModule,
    RegionsModule,
    RostersModule,
    CoursesModule,
    AuditModule,
    AuthModule,
    UsersModule,
    JobsModule,
    CertificatesModule,
    IdempotencyModule,
    LearningModule,
    LearnerPagesModule,
    ReportsModule,
    TrainingRecordModule,
    ReportsListsModule,
    TasksModule,
    EventsModule,
    StudioModule,
  ],
})
export class AppModule {}
