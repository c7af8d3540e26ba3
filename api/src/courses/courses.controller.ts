import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiNotModifiedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/policy.decorator';
import { CourseDetailDto, CourseDetailQuery, CourseListQuery, CoursePageDto, LessonDto } from './courses.dto';
import { CoursesService, type CachedBody } from './courses.service';

/** Outlines may change when a new version is published: a short cache, then revalidation by ETag. */
const OUTLINE_CACHE = 'public, max-age=60';
/** A lesson id names one immutable text, but a course can still be withdrawn: a day, then revalidation. */
const LESSON_CACHE = 'public, max-age=86400';
const MEDIA_IMMUTABLE = 'public, max-age=31536000, immutable';
const MEDIA_BY_NAME = 'public, max-age=300';
/** An SVG opened by its own URL is a document: let it run nothing and load nothing. */
const MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The national catalogue is public material: these routes need no account (and never carry answer keys). */
@ApiTags('courses')
@Public()
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @Header('Cache-Control', OUTLINE_CACHE)
  @ApiOkResponse({ type: CoursePageDto, description: 'Published courses, for a pillar (with those for every pillar) and matching words of the title' })
  list(@Query() query: CourseListQuery): Promise<CoursePageDto> {
    return this.courses.list(query);
  }

  @Get(':slug')
  @ApiOkResponse({ type: CourseDetailDto, description: 'The outline: modules, lessons with ids and minutes, quiz and certificate rules' })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the current ETag' })
  @ApiNotFoundResponse({ description: 'No such course (or version)' })
  async detail(
    @Param('slug') slug: string,
    @Query() query: CourseDetailQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendCached(request, reply, await this.courses.detail(slug, query.version), OUTLINE_CACHE);
  }

  @Get(':slug/lessons/:lessonId')
  @ApiOkResponse({ type: LessonDto, description: 'One lesson: sanitized HTML, its module, the previous and next lessons' })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the ETag' })
  @ApiNotFoundResponse({ description: 'No such lesson in this course' })
  async lesson(
    @Param('slug') slug: string,
    @Param('lessonId') lessonId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendCached(request, reply, await this.courses.lesson(slug, lessonId), LESSON_CACHE);
  }

  @Get(':slug/media/:file')
  @ApiProduces('image/svg+xml', 'image/png', 'image/jpeg', 'image/webp')
  @ApiOkResponse({ description: 'An image: `<sha256>.<ext>` (immutable, as lesson HTML links it) or a file name of the current version' })
  @ApiNotFoundResponse({ description: 'No such image in this course' })
  async media(
    @Param('slug') slug: string,
    @Param('file') file: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const media = await this.courses.mediaFile(slug, file);
    reply
      .header('Cache-Control', media.immutable ? MEDIA_IMMUTABLE : MEDIA_BY_NAME)
      .header('ETag', media.etag)
      .header('Content-Security-Policy', MEDIA_CSP)
      .header('Cross-Origin-Resource-Policy', 'same-site');
    if (matches(request, media.etag)) {
      reply.status(304);
      return '';
    }
    reply.header('Content-Type', media.contentType);
    return media.bytes;
  }
}

/** Sends a pre-serialized JSON body, or 304 when the client already holds it. */
function sendCached(request: FastifyRequest, reply: FastifyReply, body: CachedBody, cacheControl: string): string {
  reply.header('Cache-Control', cacheControl).header('ETag', body.etag);
  if (matches(request, body.etag)) {
    reply.status(304);
    return '';
  }
  reply.header('Content-Type', 'application/json; charset=utf-8');
  return body.json;
}

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === etag || tag === '*';
  });
}
