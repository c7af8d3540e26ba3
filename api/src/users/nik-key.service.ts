import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { AppSecretsService } from '../common/app-secrets.service';
import { nikHash } from '../common/nik';

const SECRET_NAME = 'nik_hmac_key';

/**
 * The key of the NIK HMAC: NIK_HMAC_KEY when configured, else one generated into the database on first start (the
 * same for every instance). Never logged.
 */
@Injectable()
export class NikKeyService implements OnModuleInit {
  private key?: string;

  constructor(
    private readonly secrets: AppSecretsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    const configured = this.config.get('NIK_HMAC_KEY', { infer: true });
    if (configured) {
      this.key = configured;
      return;
    }
    this.key = await this.secrets.getOrCreate(SECRET_NAME, () => randomBytes(32).toString('base64url'));
  }

  /** The keyed hash of a normalized NIK (see common/nik.ts). */
  hash(nik: string): string {
    if (!this.key) throw new Error('The NIK key is not loaded yet.');
    return nikHash(nik, this.key);
  }
}
