import { Global, Module } from '@nestjs/common';
import { SecretsService } from './secrets.service';

/** The API's secrets, for every domain that needs one (users: the NIK key; certificates: the signing key). */
@Global()
@Module({ providers: [SecretsService], exports: [SecretsService] })
export class SecretsModule {}
