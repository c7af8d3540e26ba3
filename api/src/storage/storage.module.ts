import { Module } from '@nestjs/common';
import { ObjectStorages } from './object-storages';

/** Object storage for the domains that keep files (task photos, report exports): see ObjectStorages. */
@Module({
  providers: [ObjectStorages],
  exports: [ObjectStorages],
})
export class StorageModule {}
