import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { scopeOf } from '../auth/region-scope';
import { AuditPageDto, AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto, description: 'The audit log within the caller’s region, newest first' })
  list(@CurrentUser() user: AuthUser, @Query() query: AuditQuery): Promise<AuditPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.audit.list(scopeOf(user), filter, page, pageSize);
  }
}
