import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser } from '../../auth/auth-context';
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
}
