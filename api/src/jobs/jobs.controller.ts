import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth-context';
import { Authenticated } from '../auth/policy.decorator';
import { JobDto } from './jobs.dto';
import { jobNotFound } from './jobs.errors';
import { JobsService } from './jobs.service';

/** A malformed id names nothing: 404 JOB_NOT_FOUND, like an id that exists nowhere. */
const ID = new ParseUUIDPipe({ exceptionFactory: () => jobNotFound() });

@ApiTags('jobs')
@ApiBearerAuth()
@Authenticated()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':id')
  @ApiOkResponse({ type: JobDto, description: 'Progress, then the result, of one of my background jobs' })
  get(@CurrentUser() user: AuthUser, @Param('id', ID) id: string): Promise<JobDto> {
    return this.jobs.get(id, user);
  }
}
