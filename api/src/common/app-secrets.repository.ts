import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from './sql';

/** Every statement on `app_secrets`. */
@Injectable()
export class AppSecretsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the secret unless one of that name exists (instances starting together agree on the first). */
  async insertIfAbsent(name: string, value: string): Promise<void> {
    await this.db.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, value]);
  }

  async valueOf(name: string): Promise<string | null> {
    const [row] = await rowsOf<{ value: string }>(this.db, `SELECT value FROM app_secrets WHERE name = $1`, [name]);
    return row?.value ?? null;
  }
}
