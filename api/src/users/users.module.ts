import { Global, Module } from '@nestjs/common';
import { DemoAccountsSeeder } from './demo-accounts';
import { NikKeyService } from './nik-key.service';
import { StaffService } from './staff.service';
import { UsersController } from './users.controller';

@Global()
@Module({
  controllers: [UsersController],
  providers: [NikKeyService, DemoAccountsSeeder, StaffService],
  exports: [NikKeyService],
})
export class UsersModule {}
