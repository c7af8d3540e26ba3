import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { AttemptsService } from './attempts.service';
import { AttemptDto, AttemptResultDto, SubmitAttemptDto } from './learning.dto';
import { attemptNotFound } from './learning.errors';

/** A malformed id names nothing: 404, like an id that exists nowhere. */
const ID = new ParseUUIDPipe({ exceptionFactory: () => attemptNotFound() });

@ApiTags('learning')
@ApiBearerAuth()
@Authenticated(Role.PESERTA)
@Controller('attempts')
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get(':id')
  @ApiOkResponse({ type: AttemptDto, description: 'The frozen attempt (the same on every reload), with its result once submitted' })
  @ApiNotFoundResponse({ description: 'No such attempt of yours' })
  get(@CurrentUser() user: AuthUser, @Param('id', ID) id: string): Promise<AttemptDto> {
    return this.attempts.get(user, id);
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AttemptResultDto, description: 'Graded (or, when already submitted, the stored result)' })
  @ApiBadRequestResponse({ description: 'An answer names an unknown question or has the wrong shape (the message names it)' })
  @ApiConflictResponse({ description: 'Too late: the time limit and its grace have passed; nothing is stored' })
  async submit(@CurrentUser() user: AuthUser, @Param('id', ID) id: string, @Body() body: SubmitAttemptDto): Promise<AttemptResultDto> {
    const { result } = await this.attempts.submit(user, id, body.answers, { clientAt: body.at ? new Date(body.at) : null });
    return result;
  }
}
