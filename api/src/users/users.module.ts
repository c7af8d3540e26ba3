import { Global, Module } from '@nestjs/common';
import { DemoAccountsSeeder } from './demo-accounts';
import { NikKeyService } from './nik-key.service';

@Global()
@Module({
  providers: [NikKeyService, DemoAccountsSeeder],
  exports: [NikKeyService],
})
export class UsersModule {}
