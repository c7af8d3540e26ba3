import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { ApiErrorDto } from '../common/api-error';
import {
  ReportExportJobBody,
  ReportExportJobDto,
  ReportExportQuery,
  ReportCoursesDto,
  ReportFilterQuery,
  ReportGapsDto,
  ReportGapsPageQuery,
  ReportGapsQuery,
  ReportMonthlyDto,
  ReportMonthlyQuery,
  ReportRegionsDto,
  ReportRegionsQuery,
  ReportSummaryDto,
  ReportWorkerPageDto,
  ReportWorkersQuery,
} from './reports.dto';
import { ReportDesaGapsDto, ReportDesaGapsFilter, ReportDesaGapsQuery } from './reports-desa.dto';
import { ReportsService } from './reports.service';

const READERS = [Role.ADMIN_DINSOS, Role.ADMIN_PUSAT, Role.PELATIH] as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportSummaryDto, description: 'Counts of a region in the caller’s scope (default: the whole scope)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND: no such region in your scope' })
  summary(@CurrentUser() user: AuthUser, @Query() query: ReportFilterQuery): Promise<ReportSummaryDto> {
    return this.reports.summary(user, query);
  }

  @Get('regions')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportRegionsDto, description: 'The same counts for each child region; they add up to the parent' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  regions(@CurrentUser() user: AuthUser, @Query() query: ReportRegionsQuery): Promise<ReportRegionsDto> {
    return this.reports.regionsOf(user, query);
  }

  @Get('monthly')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportMonthlyDto, description: 'Completions and certificates issued per month (WIB) over a period of at most 36 months' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'REPORT_PERIOD_INVALID: `from` after `to`, or longer than 36 months' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  monthly(@CurrentUser() user: AuthUser, @Query() query: ReportMonthlyQuery): Promise<ReportMonthlyDto> {
    return this.reports.monthly(user, query);
  }

  @Get('courses')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportCoursesDto, description: 'The course filter’s choices: courses with enrollments in the region' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  courses(@CurrentUser() user: AuthUser, @Query() query: ReportGapsQuery): Promise<ReportCoursesDto> {
    return this.reports.courseChoices(user, query);
  }

  @Get('gaps')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportGapsDto, description: 'Kecamatan without a worker holding a valid certificate (of the pillar), a page at a time' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  gaps(@CurrentUser() user: AuthUser, @Query() query: ReportGapsPageQuery): Promise<ReportGapsDto> {
    return this.reports.gaps(user, query);
  }

  @Get('gaps/desa')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportDesaGapsDto, description: 'Desa without a worker holding a valid PSM or Karang Taruna certificate, in the kecamatan whose roster has the pillar at desa level' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  desaGaps(@CurrentUser() user: AuthUser, @Query() query: ReportDesaGapsQuery): Promise<ReportDesaGapsDto> {
    return this.reports.desaGaps(user, query);
  }

  @Get('gaps/desa.xlsx')
  @Authenticated(...READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'Every desa gap of the region and pillar as a workbook (and a "Filter" sheet); audit-logged',
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  async desaGapsXlsx(@CurrentUser() user: AuthUser, @Query() query: ReportDesaGapsFilter, @ClientMeta() meta: RequestMeta, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.reports.desaGapsExport(user, query, meta, 'xlsx');
    reply.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(file.stream);
  }

  @Get('gaps/desa.csv')
  @Authenticated(...READERS)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every desa gap of the region and pillar as CSV (UTF-8 with BOM); audit-logged', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  async desaGapsCsv(@CurrentUser() user: AuthUser, @Query() query: ReportDesaGapsFilter, @ClientMeta() meta: RequestMeta, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.reports.desaGapsExport(user, query, meta, 'csv');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(file.stream);
  }

  @Get('workers')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportWorkerPageDto, description: 'The people behind the numbers: one row per worker and course' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  workers(@CurrentUser() user: AuthUser, @Query() query: ReportWorkersQuery): Promise<ReportWorkerPageDto> {
    return this.reports.workers(user, query);
  }

  @Get('export.xlsx')
  @Authenticated(...READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'The people list as a workbook (sheet "Peserta", and "Filter" with the filters and the time); audit-logged',
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  async export(@CurrentUser() user: AuthUser, @Query() query: ReportExportQuery, @ClientMeta() meta: RequestMeta, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.reports.exportWorkers(user, query, meta);
    reply.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(file.stream);
  }

  @Get('export.csv')
  @Authenticated(...READERS)
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The people list as CSV (UTF-8 with BOM, comma, the workbook’s columns; formula-like text starts with an apostrophe); audit-logged',
    content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  async exportCsv(@CurrentUser() user: AuthUser, @Query() query: ReportExportQuery, @ClientMeta() meta: RequestMeta, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.reports.exportWorkers(user, query, meta, 'csv');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(file.stream);
  }

  @Post('exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @Authenticated(...READERS)
  @ApiAcceptedResponse({ type: ReportExportJobDto, description: 'The export runs in the background: progress at GET /api/jobs/{jobId}; audit-logged when complete' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  startExport(@CurrentUser() user: AuthUser, @Body() body: ReportExportJobBody, @ClientMeta() meta: RequestMeta): Promise<ReportExportJobDto> {
    return this.reports.startExport(user, body, meta);
  }

  @Get('exports/:id/file')
  @Authenticated(...READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'The finished export’s file (kept one day), for the one who asked for it', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_EXPORT_NOT_FOUND: not yours, not an export, or deleted' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'REPORT_EXPORT_NOT_READY' })
  async exportFile(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.reports.exportFile(user, id);
    reply.header('Content-Type', file.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(file.stream);
  }
}
