import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { IntegrityFlagPageDto, IntegrityFlagQuery } from './attempts-flags.dto';
import { AttemptsFlagsService } from './attempts-flags.service';

@ApiTags('learning')
@ApiBearerAuth()
@Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
@Controller('integrity-flags')
export class AttemptsFlagsController {
  constructor(private readonly flags: AttemptsFlagsService) {}

  @Get()
  @ApiOkResponse({
    type: IntegrityFlagPageDto,
    description: 'Post-tests passed faster than the course can be read, and the same answers from several workers within a day, in your region, newest first (the last 90 days)',
  })
  list(@CurrentUser() user: AuthUser, @Query() query: IntegrityFlagQuery): Promise<IntegrityFlagPageDto> {
    return this.flags.list(user, query);
  }
}
