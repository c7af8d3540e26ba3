import { Controller, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, type RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { RosterJobDto, RosterQuery, RosterReportDto } from './rosters.dto';
import { fileRequired, fileTooLarge, notMultipart } from './rosters.errors';
import { RostersService } from './rosters.service';

export const ROSTER_MAX_BYTES = 25 * 1024 * 1024;

@ApiTags('rosters')
@ApiBearerAuth()
@Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
@Controller('rosters')
export class RostersController {
  constructor(private readonly rosters: RostersService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'CSV (comma or semicolon) or XLSX' } } } })
  @ApiOkResponse({ type: RosterReportDto, description: 'The report: every bad row by row and column; without dryRun the valid rows are imported' })
  @ApiAcceptedResponse({ type: RosterJobDto, description: 'A large file: imported in the background, report at GET /api/jobs/{jobId}' })
  async upload(
    @CurrentUser() user: AuthUser,
    @Query() query: RosterQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RosterReportDto | RosterJobDto> {
    if (typeof request.isMultipart !== 'function' || !request.isMultipart()) {
      throw notMultipart();
    }
    const part = await request.file({ limits: { fileSize: ROSTER_MAX_BYTES, files: 1, fields: 5 } });
    if (!part || part.fieldname !== 'file') throw fileRequired();
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch {
      throw fileTooLarge(ROSTER_MAX_BYTES);
    }
    const outcome = await this.rosters.submit(user, bytes, { dryRun: query.dryRun ?? false, filename: part.filename }, meta);
    if ('jobId' in outcome) {
      reply.status(HttpStatus.ACCEPTED);
      return { jobId: outcome.jobId };
    }
    return outcome.report;
  }
}
