import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientMeta, CurrentUser, type AuthUser, type RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { AssignmentsService } from './assignments.service';
import { AssignDto, AssignmentResultDto } from './learning.dto';

@ApiTags('learning')
@ApiBearerAuth()
@Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AssignmentResultDto, description: 'Every active or invited worker of the pillar in the region enrolled (audited)' })
  assign(@CurrentUser() user: AuthUser, @Body() body: AssignDto, @ClientMeta() meta: RequestMeta): Promise<AssignmentResultDto> {
    return this.assignments.assign(user, body, meta);
  }
}
