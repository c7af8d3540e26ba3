import { Global, Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { DemoAccountsSeeder } from './demo-accounts';
import { NikKeyService } from './nik-key.service';
import { StaffService } from './staff.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';

/**
 * Accounts: the `users` table, staff accounts (/api/users) and workers as their admins see them (/api/workers).
 * Global: every domain may inject UsersService, the one way to the `users` table.
 */
@Global()
@Module({
  imports: [RegionsModule],
  controllers: [UsersController, WorkersController],
  providers: [UsersRepository, UsersService, NikKeyService, DemoAccountsSeeder, StaffService, WorkersService],
  exports: [UsersService, NikKeyService],
})
export class UsersModule {}
