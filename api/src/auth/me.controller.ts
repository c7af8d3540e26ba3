import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UserDto } from '../users/user.dto';
import { CurrentAuth, type AuthContext } from './auth-context';
import { AuthService } from './auth.service';
import { Authenticated } from './policy.decorator';

@ApiTags('auth')
@ApiBearerAuth()
@Authenticated()
@Controller('me')
export class MeController {
  constructor(private readonly auth: AuthService) {}

  /** The account as the guard read it with the session (decision 035): no second read. */
  @Get()
  @ApiOkResponse({ type: UserDto, description: 'The signed-in account' })
  me(@CurrentAuth() auth: AuthContext): Promise<UserDto> {
    return this.auth.account(auth);
  }
}
