import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { ApiErrorDto } from '../common/api-error';
import { ReportPeopleExportJobBody, ReportPeopleFilter, ReportPeoplePageDto, ReportPeopleQuery } from './reports-lists.dto';
import { ReportExportJobDto } from './reports.dto';
import { ReportsListsService } from './reports-lists.service';

const READERS = [Role.ADMIN_DINSOS, Role.ADMIN_PUSAT, Role.PELATIH] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsListsController {
  constructor(private readonly lists: ReportsListsService) {}

  @Get('people')
  @Authenticated(...READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReportPeoplePageDto, description: 'People lists beyond the funnel: not enrolled in an assigned course, failed all attempts, overdue reviews, events attended' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND: no such region in your scope' })
  people(@CurrentUser() user: AuthUser, @Query() query: ReportPeopleQuery): Promise<ReportPeoplePageDto> {
    return this.lists.page(user, query);
  }

  @Get('people.xlsx')
  @Authenticated(...READERS)
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The people list as a workbook (sheets "Peserta" and "Filter"); audit-logged', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'REPORT_EXPORT_NEEDS_JOB: longer than one request streams (POST /api/reports/people/exports)' })
  async xlsx(@CurrentUser() user: AuthUser, @Query() query: ReportPeopleFilter, @ClientMeta() meta: RequestMeta, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.lists.export(user, query, meta, 'xlsx');
    reply.header('Content-Type', XLSX);
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(file.stream);
  }

  @Get('people.csv')
  @Authenticated(...READERS)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The people list as CSV (UTF-8 with BOM); audit-logged', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'REPORT_EXPORT_NEEDS_JOB: longer than one request streams (POST /api/reports/people/exports)' })
  async csv(@CurrentUser() user: AuthUser, @Query() query: ReportPeopleFilter, @ClientMeta() meta: RequestMeta, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.lists.export(user, query, meta, 'csv');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return reply.send(file.stream);
  }

  @Post('people/exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @Authenticated(...READERS)
  @ApiAcceptedResponse({ type: ReportExportJobDto, description: 'The people list exported in the background: progress at GET /api/jobs/{jobId}, the file at GET /api/reports/exports/{jobId}/file; audit-logged when complete' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REPORT_REGION_NOT_FOUND' })
  startExport(@CurrentUser() user: AuthUser, @Body() body: ReportPeopleExportJobBody, @ClientMeta() meta: RequestMeta): Promise<ReportExportJobDto> {
    return this.lists.startExport(user, body, meta);
  }
}
