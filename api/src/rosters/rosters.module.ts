import multipart from '@fastify/multipart';
import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RegionsModule } from '../regions/regions.module';
import { ROSTER_MAX_BYTES, RostersController } from './rosters.controller';
import { RostersService } from './rosters.service';

@Module({
  imports: [RegionsModule],
  controllers: [RostersController],
  providers: [RostersService],
})
export class RostersModule {
  /** Multipart uploads (roster files) for the whole server; registered once, before Fastify is ready. */
  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (fastify && !fastify.hasContentTypeParser('multipart/form-data')) {
      void fastify.register(multipart, { limits: { fileSize: ROSTER_MAX_BYTES, files: 1, fields: 10 } });
    }
  }
}
