import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { MeController } from './me.controller';
import { RegionsModule } from '../regions/regions.module';
import { SessionCache } from './session-cache';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { PostgresThrottlerStorage } from './rate-limit.storage';
import { ThrottleModule } from './throttle.module';

/** Sign-in, sessions and the global guard that enforces every route's @Public/@Authenticated policy. */
@Global()
@Module({
  imports: [
    RegionsModule,
    ThrottleModule,
    ThrottlerModule.forRootAsync({
      imports: [ThrottleModule],
      inject: [ConfigService, PostgresThrottlerStorage],
      useFactory: (config: ConfigService<AppConfig, true>, storage: PostgresThrottlerStorage) => ({
        storage,
        throttlers: [
          {
            ttl: 60_000,
            limit: config.get('AUTH_RATE_LIMIT', { infer: true }) ?? (config.get('NODE_ENV', { infer: true }) === 'test' ? 100_000 : 20),
          },
        ],
        errorMessage: 'Terlalu banyak percobaan dari alamat ini. Tunggu satu menit lalu coba lagi.',
      }),
    }),
  ],
  controllers: [AuthController, MeController],
  providers: [SessionsRepository, SessionCache, SessionsService, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionsService, SessionCache, AuthService],
})
export class AuthModule {}
