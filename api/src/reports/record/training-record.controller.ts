import { Controller, Get, Header, HttpStatus, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, RequestMeta } from '../../auth/auth-context';
import { ApiErrorDto } from '../../common/api-error';
import { Authenticated, Role } from '../../auth/policy.decorator';
import { TrainingRecordDto } from './training-record.dto';
import { TrainingRecordService } from './training-record.service';

/** The worker's own training record: no id in the path, so nobody reads another's. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/record')
export class TrainingRecordController {
  constructor(private readonly records: TrainingRecordService) {}

  @Get()
  @Authenticated(Role.PESERTA)
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({ type: TrainingRecordDto, description: 'The caller’s training record: courses, certificates, field tasks, JP' })
  mine(@CurrentUser() user: AuthUser): Promise<TrainingRecordDto> {
    return this.records.mine(user);
  }

  @Get('pdf')
  @Authenticated(Role.PESERTA)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The caller’s training record as a PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async pdf(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.records.minePdf(user);
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'private, no-store');
    return reply.send(file.pdf);
  }

  @Get('workers/:id')
  @Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT, Role.PELATIH)
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({ type: TrainingRecordDto, description: 'A worker’s training record, for an admin or trainer of the worker’s region; audit-logged (report.record_view)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'RECORD_WORKER_NOT_FOUND: no such worker in your region' })
  ofWorker(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string, @ClientMeta() meta: RequestMeta): Promise<TrainingRecordDto> {
    return this.records.ofWorker(user, id, meta);
  }

  @Get('workers/:id/pdf')
  @Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT, Role.PELATIH)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The same record as a PDF; audit-logged', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'RECORD_WORKER_NOT_FOUND' })
  async ofWorkerPdf(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string, @ClientMeta() meta: RequestMeta, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.records.ofWorkerPdf(user, id, meta);
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'private, no-store');
    return reply.send(file.pdf);
  }
}
