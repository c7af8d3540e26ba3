import type { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { ObjectStorage, type StorageArea } from './object-storage';
import { loadS3Sdk, type S3Sdk } from './s3-sdk';

/** Streamed uploads go in parts of this size (S3's minimum is 5 MiB), two at a time: at most ~16 MiB in memory. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 2;

/**
 * An area's files in an S3-compatible bucket, under `<prefix><area name>/`. An object appears only when its upload
 * completes (a multipart upload that fails is aborted), so no reader sees half a file.
 */
export class S3ObjectStorage extends ObjectStorage {
  constructor(
    area: StorageArea,
    /** Shared by the process's storages; a promise because the SDK is loaded on first use. */
    private readonly client: Promise<S3Client>,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    super(area);
  }

  private sdk(): Promise<S3Sdk> {
    return loadS3Sdk();
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const { PutObjectCommand } = (await this.sdk()).s3;
    await (await this.client).send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes, ContentType: contentType }));
  }

  async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    const { Upload } = (await this.sdk()).storage;
    const upload = new Upload({
      client: await this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentType: contentType },
      partSize: PART_BYTES,
      queueSize: PARTS_AT_ONCE,
      leavePartsOnError: false,
    });
    // When the writer fails, its error is the one to report, not a later one from aborting the parts.
    let sourceError: unknown;
    body.once('error', (error) => (sourceError = error));
    try {
      await upload.done();
    } catch (error) {
      throw sourceError ?? error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const body = await this.body(key);
    if (!body) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async getStream(key: string): Promise<Readable | null> {
    return this.body(key);
  }

  async delete(key: string): Promise<void> {
    const { DeleteObjectCommand } = (await this.sdk()).s3;
    // S3 answers 204 for a missing key too.
    await (await this.client).send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const { DeleteObjectCommand, paginateListObjectsV2 } = (await this.sdk()).s3;
    let deleted = 0;
    const pages = paginateListObjectsV2({ client: await this.client }, { Bucket: this.bucket, Prefix: this.areaPrefix() });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (!object.Key || !object.LastModified || object.LastModified >= cutoff) continue;
        await (await this.client).send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key }));
        deleted++;
      }
    }
    return deleted;
  }

  private areaPrefix(): string {
    return `${this.prefix}${this.area.name}/`;
  }

  private objectKey(key: string): string {
    return this.areaPrefix() + this.checkedKey(key);
  }

  private async body(key: string): Promise<Readable | null> {
    const { GetObjectCommand } = (await this.sdk()).s3;
    try {
      const object = await (await this.client).send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!(object.Body instanceof Readable)) throw new Error('S3 GetObject gave no Node.js stream');
      return object.Body;
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw error;
    }
  }
}

function isNoSuchKey(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  // A missing bucket is a configuration error, not a missing file.
  return failure.name === 'NoSuchKey' || (failure.$metadata?.httpStatusCode === 404 && failure.name !== 'NoSuchBucket');
}
