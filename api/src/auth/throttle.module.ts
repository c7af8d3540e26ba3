import { Module } from '@nestjs/common';
import { PostgresThrottlerStorage } from './rate-limit.storage';
import { SignInThrottle } from './sign-in-throttle';
import { ThrottleRepository } from './throttle.repository';

/** The counters in PostgreSQL: the throttler's storage and the sign-in failure counts (imported by AuthModule). */
@Module({
  providers: [ThrottleRepository, SignInThrottle, PostgresThrottlerStorage],
  exports: [SignInThrottle, PostgresThrottlerStorage],
})
export class ThrottleModule {}
