import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/policy.decorator';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { databaseDown } from './health.errors';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: 'The database answers' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 1500 })]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw databaseDown(error.getResponse());
    }
  }

  /**
   * The process answers, without asking the database: a liveness probe (a restart would not bring the database
   * back), and the API's cheapest route, the "empty route" that `npm run bench:pages` holds API routes against.
   */
  @Get('live')
  @ApiOkResponse({ description: 'The API process answers (the database is not asked)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
