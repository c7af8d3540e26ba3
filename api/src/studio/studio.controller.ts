import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiParam, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, type RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { IMAGE_UPLOAD_MAX_BYTES } from './lesson-image';
import {
  CourseFieldsDto,
  DraftChangesDto,
  DraftDto,
  DraftFileDto,
  DraftListDto,
  DraftOutlineDto,
  ExportQuery,
  ImageUploadedDto,
  ImageUploadQuery,
  ItemAnalysisDto,
  LessonAddedDto,
  LessonPreviewDto,
  NewDraftDto,
  NewLessonDto,
  PreviewRequestDto,
  ReviewDto,
  SaveFileDto,
  SaveQuestionDto,
  SubmitDto,
} from './studio.dto';
import * as errors from './studio.errors';
import { StudioService } from './studio.service';

/** Largest zip accepted as an upload (its expanded size is limited separately, to 50 MB). */
export const STUDIO_ZIP_MAX_BYTES = 20 * 1024 * 1024;

const draftId = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

@ApiTags('studio')
@ApiBearerAuth()
@Controller('studio')
export class StudioController {
  constructor(private readonly studio: StudioService) {}

  @Post('imports')
  @Authenticated(Role.PELATIH)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'A zip of a course package' } } } })
  @ApiCreatedResponse({ type: DraftDto, description: "A new draft in the trainer's region, with the package checker's problems" })
  async import(@CurrentUser() trainer: AuthUser, @Req() request: FastifyRequest, @ClientMeta() meta: RequestMeta): Promise<DraftDto> {
    return this.studio.importZip(trainer, await readUpload(request), meta.ip);
  }

  @Post('drafts')
  @Authenticated(Role.PELATIH)
  @ApiCreatedResponse({ type: DraftDto, description: "A new course draft from the studio's template, in the trainer's region" })
  create(@CurrentUser() trainer: AuthUser, @Body() body: NewDraftDto, @ClientMeta() meta: RequestMeta): Promise<DraftDto> {
    return this.studio.createDraft(trainer, body, meta.ip);
  }

  @Get('drafts')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: DraftListDto, description: 'Drafts the caller may see, newest change first' })
  list(@CurrentUser() user: AuthUser): Promise<DraftListDto> {
    return this.studio.list(user);
  }

  @Get('drafts/:id')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: DraftDto })
  detail(@CurrentUser() user: AuthUser, @Param('id', draftId) id: string): Promise<DraftDto> {
    return this.studio.detail(user, id);
  }

  @Get('drafts/:id/files/*')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: DraftFileDto, description: 'One file of the draft: text as is, images as base64' })
  readFile(@CurrentUser() user: AuthUser, @Param('id', draftId) id: string, @Param('*') filePath: string | string[]): Promise<DraftFileDto> {
    return this.studio.readFile(user, id, joinPath(filePath));
  }

  @Put('drafts/:id/files/*')
  @Authenticated(Role.PELATIH)
  @ApiParam({ name: 'path', description: 'The file in the package, e.g. lessons/01-x.md (one segment with %2F, or several)' })
  @ApiOkResponse({ type: DraftDto, description: 'Saved: the new version and the checker’s problems. 409 STUDIO_STALE_DRAFT when baseVersion is not the current one' })
  saveFile(@CurrentUser() trainer: AuthUser, @Param('id', draftId) id: string, @Param('*') filePath: string | string[], @Body() body: SaveFileDto): Promise<DraftDto> {
    return this.studio.saveFile(trainer, id, joinPath(filePath), body);
  }

  @Get('drafts/:id/outline')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: DraftOutlineDto, description: 'Modules, lessons and every bank’s questions, as the forms show them' })
  outline(@CurrentUser() user: AuthUser, @Param('id', draftId) id: string): Promise<DraftOutlineDto> {
    return this.studio.outline(user, id);
  }

  @Get('drafts/:id/changes')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: DraftChangesDto, description: 'What approving would change against the current published version' })
  changes(@CurrentUser() user: AuthUser, @Param('id', draftId) id: string): Promise<DraftChangesDto> {
    return this.studio.changes(user, id);
  }

  @Get('drafts/:id/media/:name')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiProduces('image/webp', 'image/png', 'image/jpeg', 'image/svg+xml')
  @ApiOkResponse({ description: 'An image of the draft, for the preview' })
  async media(@CurrentUser() user: AuthUser, @Param('id', draftId) id: string, @Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const image = await this.studio.media(user, id, name);
    reply.header('Content-Type', image.contentType);
    reply.header('Cache-Control', 'private, no-store');
    reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return image.bytes;
  }

  @Post('drafts/:id/preview')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: LessonPreviewDto, description: "The lesson rendered with the learners' pipeline, its transfer size and reading minutes" })
  preview(@CurrentUser() user: AuthUser, @Param('id', draftId) id: string, @Body() body: PreviewRequestDto): Promise<LessonPreviewDto> {
    return this.studio.preview(user, id, body.markdown);
  }

  @Post('drafts/:id/lessons')
  @Authenticated(Role.PELATIH)
  @ApiCreatedResponse({ type: LessonAddedDto, description: 'A new lesson file, listed in course.yaml' })
  addLesson(@CurrentUser() trainer: AuthUser, @Param('id', draftId) id: string, @Body() body: NewLessonDto): Promise<LessonAddedDto> {
    return this.studio.addLesson(trainer, id, body);
  }

  @Put('drafts/:id/course')
  @Authenticated(Role.PELATIH)
  @ApiOkResponse({ type: DraftDto, description: 'Title, summary and hours written into course.yaml in place' })
  saveCourse(@CurrentUser() trainer: AuthUser, @Param('id', draftId) id: string, @Body() body: CourseFieldsDto): Promise<DraftDto> {
    return this.studio.saveCourseFields(trainer, id, body);
  }

  @Post('drafts/:id/questions')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Role.PELATIH)
  @ApiOkResponse({ type: DraftDto, description: 'The question written into its bank through the yaml Document API (comments survive)' })
  saveQuestion(@CurrentUser() trainer: AuthUser, @Param('id', draftId) id: string, @Body() body: SaveQuestionDto): Promise<DraftDto> {
    return this.studio.saveQuestion(trainer, id, body);
  }

  @Post('drafts/:id/images')
  @Authenticated(Role.PELATIH)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'A JPEG, PNG or WebP picture' } } } })
  @ApiCreatedResponse({ type: ImageUploadedDto, description: 'Re-encoded as WebP ≤ 200 KB and saved under media/; 415 STUDIO_IMAGE_REFUSED for anything else' })
  async uploadImage(@CurrentUser() trainer: AuthUser, @Param('id', draftId) id: string, @Query() query: ImageUploadQuery, @Req() request: FastifyRequest): Promise<ImageUploadedDto> {
    return this.studio.uploadImage(trainer, id, await readImage(request), query.baseVersion);
  }

  @Post('drafts/:id/submit')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Role.PELATIH)
  @ApiOkResponse({ type: DraftDto, description: 'SUBMITTED; refused (422 STUDIO_DRAFT_HAS_PROBLEMS) while the checker finds problems' })
  submit(@CurrentUser() trainer: AuthUser, @Param('id', draftId) id: string, @Body() body: SubmitDto, @ClientMeta() meta: RequestMeta): Promise<DraftDto> {
    return this.studio.submit(trainer, id, body?.note?.trim() || null, meta.ip);
  }

  @Post('drafts/:id/review')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: DraftDto, description: 'PUBLISHED (a new immutable course version) or RETURNED with the comment' })
  review(@CurrentUser() admin: AuthUser, @Param('id', draftId) id: string, @Body() body: ReviewDto, @ClientMeta() meta: RequestMeta): Promise<DraftDto> {
    return this.studio.review(admin, id, body, meta.ip);
  }

  @Get('courses/:slug/item-analysis')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: ItemAnalysisDto, description: 'Per question: share correct, discrimination, options chosen, flags (from 30 answers)' })
  itemAnalysis(@CurrentUser() user: AuthUser, @Param('slug') slug: string): Promise<ItemAnalysisDto> {
    return this.studio.itemAnalysis(user, slug);
  }

  @Get('courses/:slug/export')
  @Authenticated(Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The package of a published version, exactly', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } })
  async export(
    @CurrentUser() user: AuthUser,
    @Param('slug') slug: string,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const exported = await this.studio.exportZip(user, slug, query.version);
    reply.header('Content-Type', 'application/zip');
    reply.header('Content-Disposition', `attachment; filename="${exported.fileName}"`);
    reply.header('Cache-Control', 'no-store');
    return exported.zip;
  }
}

async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) throw errors.zipMissing();
  const part = await request.file({ limits: { fileSize: STUDIO_ZIP_MAX_BYTES, files: 1, fields: 5 } }).catch(() => undefined);
  if (!part || part.fieldname !== 'file') throw errors.zipMissing();
  try {
    return await part.toBuffer();
  } catch {
    throw errors.uploadTooLarge(STUDIO_ZIP_MAX_BYTES / 1024 / 1024);
  }
}

async function readImage(request: FastifyRequest): Promise<{ bytes: Buffer; fileName: string }> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) throw errors.imageMissing();
  const part = await request.file({ limits: { fileSize: IMAGE_UPLOAD_MAX_BYTES, files: 1, fields: 5 } }).catch(() => undefined);
  if (!part || part.fieldname !== 'file') throw errors.imageMissing();
  try {
    return { bytes: await part.toBuffer(), fileName: part.filename ?? 'gambar' };
  } catch {
    throw errors.imageRefused();
  }
}

/** The wildcard as Nest hands it over (a string, or its segments). */
function joinPath(value: string | string[]): string {
  return Array.isArray(value) ? value.join('/') : value;
}
