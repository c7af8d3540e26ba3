import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientMeta, CurrentUser, type AuthUser, type RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { AssignDto, AssignmentListQuery, AssignmentPageDto, AssignmentResultDto } from './assignments.dto';
import { AssignmentsService } from './assignments.service';

@ApiTags('learning')
@ApiBearerAuth()
@Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AssignmentResultDto, description: 'Every active or invited worker of the pillar(s) in the region enrolled; the assignment recorded and audited' })
  assign(@CurrentUser() user: AuthUser, @Body() body: AssignDto, @ClientMeta() meta: RequestMeta): Promise<AssignmentResultDto> {
    return this.assignments.assign(user, body, meta);
  }

  @Get()
  @ApiOkResponse({ type: AssignmentPageDto, description: 'Assignments in your region, newest first, with the progress of the workers they reached' })
  list(@CurrentUser() user: AuthUser, @Query() query: AssignmentListQuery): Promise<AssignmentPageDto> {
    return this.assignments.list(user, query);
  }
}
