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
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/** Sign-in, sessions and the global guard that enforces every route's @Public/@Authenticated policy. */
@Global()
@Module({
  imports: [
    RegionsModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
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
  providers: [SessionsRepository, SessionsService, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionsService, AuthService],
})
export class AuthModule {}
