import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, type RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { UserDto } from './user.dto';
import { ActivationCodeDto, ActivationCodeListDto, ActivationCodesQuery, UpdateWorkerDto, WorkerExportQuery, WorkerListQuery, WorkerPageDto } from './workers.dto';
import { WorkersService } from './workers.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ID = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

@ApiTags('workers')
@ApiBearerAuth()
@Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Get()
  @ApiOkResponse({ type: WorkerPageDto, description: 'Workers within my region, filtered' })
  list(@CurrentUser() user: AuthUser, @Query() query: WorkerListQuery): Promise<WorkerPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.workers.list(user, filter, page, pageSize);
  }

  @Get('export')
  @Header('Cache-Control', 'no-store')
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The workers matching the filters as an XLSX workbook' })
  async export(@CurrentUser() user: AuthUser, @Query() query: WorkerExportQuery, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return asWorkbook(reply, 'pekerja', await this.workers.export(user, query, meta));
  }

  @Post('activation-codes')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ActivationCodeListDto, description: 'New codes for invited workers without a valid one (each shown once); `format=xlsx` for a workbook' })
  async activationCodes(@CurrentUser() user: AuthUser, @Query() query: ActivationCodesQuery, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<ActivationCodeListDto | Buffer> {
    const { format, ...filter } = query;
    if (format !== 'xlsx') return this.workers.issueActivationCodeList(user, filter, meta);
    return asWorkbook(reply, 'kode-aktivasi', await this.workers.issueActivationCodesWorkbook(user, filter, meta));
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ID) id: string): Promise<UserDto> {
    return this.workers.get(user, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto, description: 'Name, email, pillar or region changed (audited)' })
  update(@CurrentUser() user: AuthUser, @Param('id', ID) id: string, @Body() body: UpdateWorkerDto, @ClientMeta() meta: RequestMeta): Promise<UserDto> {
    return this.workers.update(user, id, body, meta);
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserDto, description: 'A self-registered worker approved: the account is active' })
  approve(@CurrentUser() user: AuthUser, @Param('id', ID) id: string, @ClientMeta() meta: RequestMeta): Promise<UserDto> {
    return this.workers.approve(user, id, meta);
  }

  @Post(':id/reset')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ActivationCodeDto, description: 'A new activation code; the old password and sessions stop working' })
  reset(@CurrentUser() user: AuthUser, @Param('id', ID) id: string, @ClientMeta() meta: RequestMeta): Promise<ActivationCodeDto> {
    return this.workers.reset(user, id, meta);
  }
}

/** An XLSX download named `<name>-<today>.xlsx` (headers set only once the file exists, so a refusal stays JSON). */
function asWorkbook(reply: FastifyReply, name: string, file: Buffer): Buffer {
  reply.header('content-type', XLSX);
  reply.header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.xlsx"`);
  return file;
}
