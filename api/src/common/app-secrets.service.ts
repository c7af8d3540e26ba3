import { Injectable } from '@nestjs/common';
import { AppSecretsRepository } from './app-secrets.repository';

/** Secrets the application generates for itself on first start when the configuration gives none (e.g. the NIK key). */
@Injectable()
export class AppSecretsService {
  constructor(private readonly secrets: AppSecretsRepository) {}

  /** The stored secret of that name, generated with `generate` and stored first if there is none yet. */
  async getOrCreate(name: string, generate: () => string): Promise<string> {
    await this.secrets.insertIfAbsent(name, generate());
    const value = await this.secrets.valueOf(name);
    if (value === null) throw new Error(`The secret ${name} could not be stored.`);
    return value;
  }
}
