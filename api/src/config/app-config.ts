import { plainToInstance, Transform } from 'class-transformer';
import { defaultSecretsDir } from '../secrets/secret-files';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** The environment, validated once at start-up: a bad value stops the process with a message naming it. */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'API_PORT must be a whole number' })
  @Min(1)
  @Max(65535)
  API_PORT = 3001;

  /** The API listens on loopback by default: browsers reach it through the web server's /api pass-through. */
  @IsString()
  API_HOST = '127.0.0.1';

  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'PUBLIC_URL must look like https://bimtek.example.go.id (no path, no trailing slash)' })
  PUBLIC_URL = 'http://localhost:3000';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Which hops may tell the client's address in X-Forwarded-For (proxy-addr syntax: addresses, CIDRs, `loopback`,
   * `uniquelocal`, …). Only our web server by default; anything else a client writes there is ignored.
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  /** `json` for machines (production), `pretty` for a person watching `npm start`. */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number' })
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 10;

  /** Course packages to import at start-up (`npm start` sets it to content/courses); unchanged ones are skipped. */
  @IsOptional()
  @IsString()
  CONTENT_DIR?: string;

  /**
   * Key of the HMAC that stands in for a NIK (at least 32 characters), or NIK_HMAC_KEY_FILE naming a file that holds
   * it. Outside production, when neither is set, one is generated once into BIMTEK_SECRETS_DIR; never stored in the
   * database. Changing it makes stored NIK hashes unmatchable.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'NIK_HMAC_KEY must be at least 32 characters' })
  NIK_HMAC_KEY?: string;

  @IsOptional()
  @IsString()
  NIK_HMAC_KEY_FILE?: string;

  /** Where secrets generated in development (and those moved out of an older database) are kept: mode 0700/0600. */
  @IsString()
  BIMTEK_SECRETS_DIR = defaultSecretsDir();

  /** Days a session lives after its last use (sliding). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SESSION_DAYS must be a whole number' })
  @Min(1)
  @Max(365)
  SESSION_DAYS = 30;

  /**
   * How long a process may answer a session from its memory (decision 035): a backstop only, as changes reach every
   * process through PostgreSQL's NOTIFY at commit. 0 turns the cache off; unset, 5000 — except under NODE_ENV=test,
   * where specs change sessions by hand in SQL and ask again at once (session-cache.spec.ts turns it on).
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SESSION_CACHE_MS must be a whole number' })
  @Min(0)
  @Max(60_000)
  SESSION_CACHE_MS?: number;

  /** Requests a minute one IP may make to the sign-in routes (login, activate, register); high in tests. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'AUTH_RATE_LIMIT must be a whole number' })
  @Min(1)
  AUTH_RATE_LIMIT?: number;

  /** Rosters with more data rows than this are imported in the background (202 + job id). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'ROSTER_SYNC_LIMIT must be a whole number' })
  @Min(1)
  ROSTER_SYNC_LIMIT = 2000;

  /** Seed the demo accounts at start-up; defaults to true in development, never allowed in production. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1'))
  @IsBoolean()
  DEMO_ACCOUNTS?: boolean;

  /**
   * The Ed25519 key that signs credentials, as a multibase secret key (`z…`, as @digitalbazaar/ed25519-multikey
   * exports it), or CREDENTIAL_SIGNING_KEY_FILE naming a file that holds it. Outside production, when neither is set,
   * one is generated once into BIMTEK_SECRETS_DIR; only its public half is stored in the database.
   * `npm run keys:rotate` makes a newer key.
   */
  @IsOptional()
  @Matches(/^z[1-9A-HJ-NP-Za-km-z]{40,100}$/, { message: 'CREDENTIAL_SIGNING_KEY must be a base58btc multibase Ed25519 secret key (z…)' })
  CREDENTIAL_SIGNING_KEY?: string;

  @IsOptional()
  @IsString()
  CREDENTIAL_SIGNING_KEY_FILE?: string;

  /**
   * Scales the minimum reading time of a lesson (issue #21 M5, decision 022): 1 as designed; 0 turns the reading check
   * off (the API test app and the browser suite, unless a test sets it); 2 doubles it.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsNumber({}, { message: 'LEARNING_MIN_READING_SCALE must be a number' })
  @Min(0)
  @Max(10)
  LEARNING_MIN_READING_SCALE = 1;

  /** Requests a minute one IP may make to the public certificate routes (verify, PDF, credential); high in tests. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'CERTIFICATE_RATE_LIMIT must be a whole number' })
  @Min(1)
  CERTIFICATE_RATE_LIMIT?: number;
}

export class ConfigError extends Error {}

export function validateConfig(raw: Record<string, unknown>): AppConfig {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const value = ['DATABASE_URL', 'CREDENTIAL_SIGNING_KEY', 'NIK_HMAC_KEY'].includes(error.property) ? '(hidden)' : JSON.stringify(error.value);
      return `  ${error.property}=${value}: ${Object.values(error.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
