import multipart from '@fastify/multipart';
import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AuditModule } from '../audit/audit.module';
import { CoursesModule } from '../courses/courses.module';
import { StudioController } from './studio.controller';
import { StudioRepository } from './studio.repository';
import { StudioService } from './studio.service';

/** The trainers' studio (issue #18): drafts as course packages, review, publish, zip import and export. */
@Module({
  imports: [AuditModule, CoursesModule],
  controllers: [StudioController],
  providers: [StudioRepository, StudioService],
})
export class StudioModule {
  /** Multipart uploads, unless another module registered them already (rosters does, with a larger limit). */
  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (fastify && !fastify.hasContentTypeParser('multipart/form-data')) {
      void fastify.register(multipart, { limits: { fileSize: 25 * 1024 * 1024, files: 1, fields: 10 } });
    }
  }
}
