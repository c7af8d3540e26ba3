import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { AttemptResultDto, LessonProgressDto, SyncDto, SyncResponseDto } from './learning.dto';
import { SyncService } from './sync.service';

@ApiTags('learning')
@ApiBearerAuth()
@ApiExtraModels(LessonProgressDto, AttemptResultDto)
@Authenticated(Role.PESERTA)
@Controller('sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SyncResponseDto, description: 'One result per event, in the order sent: applied, duplicate (with the first result) or rejected' })
  async run(@CurrentUser() user: AuthUser, @Body() body: SyncDto): Promise<SyncResponseDto> {
    return { results: await this.sync.sync(user, body.events) };
  }
}
