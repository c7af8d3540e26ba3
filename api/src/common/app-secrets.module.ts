import { Module } from '@nestjs/common';
import { AppSecretsRepository } from './app-secrets.repository';
import { AppSecretsService } from './app-secrets.service';

/** The `app_secrets` table, behind AppSecretsService. */
@Module({
  providers: [AppSecretsRepository, AppSecretsService],
  exports: [AppSecretsService],
})
export class AppSecretsModule {}
