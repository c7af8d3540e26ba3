import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from './storage-config';

export interface S3Sdk {
  s3: typeof import('@aws-sdk/client-s3');
  storage: typeof import('@aws-sdk/lib-storage');
}

let loading: Promise<S3Sdk> | undefined;

/**
 * The AWS SDK, loaded on first use: a process on the default local folder never loads it (about 100–250 ms of
 * start-up per process here).
 */
export function loadS3Sdk(): Promise<S3Sdk> {
  loading ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, storage]) => ({ s3, storage }));
  return loading;
}

/**
 * The client for the settings. Checksums only where an operation requires them: since 2025 the SDK adds CRC checksums
 * (and chunked trailers) by default, which several S3-compatible servers refuse; TLS and SigV4 still protect each
 * request.
 */
export async function s3ClientOf(s3: S3Settings): Promise<S3Client> {
  const { S3Client } = (await loadS3Sdk()).s3;
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    credentials: s3.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
