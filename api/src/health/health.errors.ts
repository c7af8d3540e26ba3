import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** The refusal of the health check (issue #15): the database does not answer; `details` is what Terminus found. */
export const databaseDown = (details: unknown) =>
  new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'HEALTH_DATABASE_DOWN', 'The database does not answer; the API keeps trying and recovers when it is back.', undefined, details);
