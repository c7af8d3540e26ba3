import { Injectable, OnModuleInit } from '@nestjs/common';
import { nikHash } from '../common/nik';
import { SecretsService } from '../secrets/secrets.service';

/** The key of the NIK HMAC, from SecretsService (the environment or a secret file; never the database). Never logged. */
@Injectable()
export class NikKeyService implements OnModuleInit {
  private key?: string;

  constructor(private readonly secrets: SecretsService) {}

  async onModuleInit(): Promise<void> {
    this.key = await this.secrets.nikKey();
  }

  /** The keyed hash of a normalized NIK (see common/nik.ts). */
  hash(nik: string): string {
    if (!this.key) throw new Error('The NIK key is not loaded yet.');
    return nikHash(nik, this.key);
  }
}
