import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, ClientMeta, CurrentUser, type RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { ChangeRoleDto, CreatedStaffDto, CreateStaffDto, StaffListQuery, StaffPageDto } from './staff.dto';
import { StaffService } from './staff.service';
import { UserDto } from './user.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: StaffPageDto, description: 'Trainers and admins within my region' })
  list(@CurrentUser() user: AuthUser, @Query() query: StaffListQuery): Promise<StaffPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.staff.list(user, filter, page, pageSize);
  }

  @Post()
  @Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: CreatedStaffDto, description: 'A trainer or admin account, with its activation code (shown once)' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateStaffDto, @ClientMeta() meta: RequestMeta): Promise<CreatedStaffDto> {
    return this.staff.create(user, body, meta);
  }

  @Patch(':id/role')
  @Authenticated(Role.ADMIN_PUSAT)
  @ApiOkResponse({ type: UserDto, description: 'Role and scope changed (audited)' })
  changeRole(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Body() body: ChangeRoleDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<UserDto> {
    return this.staff.changeRole(user, id, body, meta);
  }
}
