import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
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
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    const configured = this.config.get('NIK_HMAC_KEY', { infer: true });
    if (configured) {
      this.key = configured;
      return;
    }
    await this.db.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      SECRET_NAME,
      randomBytes(32).toString('base64url'),
    ]);
    const [row] = await this.db.query(`SELECT value FROM app_secrets WHERE name = $1`, [SECRET_NAME]);
    this.key = row.value;
  }

  /** The keyed hash of a normalized NIK (see common/nik.ts). */
  hash(nik: string): string {
    if (!this.key) throw new Error('The NIK key is not loaded yet.');
    return nikHash(nik, this.key);
  }
}
