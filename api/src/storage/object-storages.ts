import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { LocalObjectStorage } from './local-object-storage';
import type { ObjectStorage, StorageArea } from './object-storage';
import { S3ObjectStorage } from './s3-object-storage';
import { loadS3Sdk, s3ClientOf } from './s3-sdk';
import { storageSettings, type StorageSettings } from './storage-config';

/**
 * Hands each domain the storage of its area, of the kind OBJECT_STORAGE chooses (decision 038). One S3 client for the
 * process, closed at shutdown.
 */
@Injectable()
export class ObjectStorages implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ObjectStorage');
  private settings?: StorageSettings;
  /** Made with the first S3 storage; the AWS SDK is loaded only then (s3-sdk.ts). */
  private client?: Promise<S3Client>;

  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  /** Reads the settings at start-up, so a wrong one stops the start. */
  onModuleInit(): void {
    this.current();
  }

  /**
   * With S3, says at start-up whether the bucket answers, so a wrong bucket, endpoint or key shows in the log before the
   * first photo or export fails. It does not stop the start: the storage may be back by the time a file is needed.
   */
  async onApplicationBootstrap(): Promise<void> {
    const problem = await this.bucketProblem();
    if (problem) this.logger.error(problem);
  }

  /** Null when the storage is local or its bucket answers; else what is wrong, without any credential. */
  async bucketProblem(): Promise<string | null> {
    const settings = this.current();
    if (settings.kind === 'local') return null;
    this.client ??= s3ClientOf(settings.s3);
    const { HeadBucketCommand } = (await loadS3Sdk()).s3;
    try {
      await (await this.client).send(new HeadBucketCommand({ Bucket: settings.s3.bucket }));
      return null;
    } catch (error) {
      const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      const status = failure.$metadata?.httpStatusCode ? ` (HTTP ${failure.$metadata.httpStatusCode})` : '';
      return `S3 bucket "${settings.s3.bucket}" at ${settings.s3.endpoint ?? 'AWS S3'} does not answer: ${failure.name ?? 'error'}${status}. Check S3_BUCKET, S3_ENDPOINT, S3_FORCE_PATH_STYLE and the keys.`;
    }
  }

  /** The storage of `area`. */
  of(area: StorageArea): ObjectStorage {
    const settings = this.current();
    if (settings.kind === 'local') return new LocalObjectStorage(area);
    this.client ??= s3ClientOf(settings.s3);
    return new S3ObjectStorage(area, this.client, settings.s3.bucket, settings.s3.prefix);
  }

  async onApplicationShutdown(): Promise<void> {
    (await this.client)?.destroy();
  }

  private current(): StorageSettings {
    this.settings ??= storageSettings(process.env, path.resolve(this.config.get('BIMTEK_SECRETS_DIR', { infer: true })));
    return this.settings;
  }
}
