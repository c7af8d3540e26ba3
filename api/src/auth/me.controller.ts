import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UserDto } from '../users/user.dto';
import { AuthUser, CurrentUser } from './auth-context';
import { AuthService } from './auth.service';
import { Authenticated } from './policy.decorator';

@ApiTags('auth')
@ApiBearerAuth()
@Authenticated()
@Controller('me')
export class MeController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  @ApiOkResponse({ type: UserDto, description: 'The signed-in account' })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.user(user.id);
  }
}
