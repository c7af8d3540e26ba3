import { ConfigService } from '@nestjs/config';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { StorageArea } from '../storage/object-storage';
import { ObjectStorages } from '../storage/object-storages';

/**
 * The injection token of the evidence files' storage (task photos: an ObjectStorage of the `evidence` area). The
 * files are only ever served through the API.
 */
export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

/** `<submission uuid>/<n>.webp|jpg`: nothing a caller writes reaches a path. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[1-9][0-9]?\.(webp|jpg)$/;

/**
 * The folder of evidence files when they are kept on disk: EVIDENCE_DIR, else `evidence` beside the secrets folder
 * (`.data/evidence` in a checkout, next to `.data/secrets`).
 */
export function evidenceDir(config: ConfigService<AppConfig, true>): string {
  const configured = process.env.EVIDENCE_DIR?.trim();
  if (configured) return path.resolve(configured);
  return path.join(path.dirname(path.resolve(config.get('BIMTEK_SECRETS_DIR', { infer: true }))), 'evidence');
}

export function evidenceArea(config: ConfigService<AppConfig, true>): StorageArea {
  return { name: 'evidence', key: KEY, localDir: evidenceDir(config) };
}

/** The provider of EVIDENCE_STORAGE: a local folder or the S3 bucket, as OBJECT_STORAGE says. */
export const evidenceStorageProvider = {
  provide: EVIDENCE_STORAGE,
  useFactory: (storages: ObjectStorages, config: ConfigService<AppConfig, true>) => storages.of(evidenceArea(config)),
  inject: [ObjectStorages, ConfigService],
};

/** Months the photos are kept after the final decision: EVIDENCE_RETENTION_MONTHS (1–120), default 12. */
export function retentionMonths(): number {
  const raw = process.env.EVIDENCE_RETENTION_MONTHS?.trim();
  if (!raw) return 12;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error('EVIDENCE_RETENTION_MONTHS must be a whole number from 1 to 120');
  return months;
}
