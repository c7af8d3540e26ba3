import { Global, Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { DemoAccountsSeeder } from './demo-accounts';
import { NikKeyService } from './nik-key.service';
import { StaffService } from './staff.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Global: every domain may inject UsersService, the one way to the `users` table. */
@Global()
@Module({
  imports: [RegionsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, NikKeyService, DemoAccountsSeeder, StaffService],
  exports: [UsersService, NikKeyService],
})
export class UsersModule {}
