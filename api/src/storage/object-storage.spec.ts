import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startS3Server, type TestS3Server } from '../../test/s3-server';
import { LocalObjectStorage } from './local-object-storage';
import { BadStorageKeyError, type ObjectStorage, type StorageArea } from './object-storage';
import { s3ClientOf } from './s3-sdk';
import { S3ObjectStorage } from './s3-object-storage';
import { storageSettings, type S3Settings } from './storage-config';

/**
 * One contract for every ObjectStorage: the local folder and the S3 adapter, the latter against a real S3-compatible
 * server (s3rver) over HTTP with signed requests.
 */
const PHOTO_KEY = '0b5f3c1e-7a2d-4c1b-9e8f-1a2b3c4d5e6f/1.webp';
const OTHER_KEY = '0b5f3c1e-7a2d-4c1b-9e8f-1a2b3c4d5e6f/2.jpg';
const areaIn = (dir: string, name = 'evidence'): StorageArea => ({ name, key: /^[0-9a-f-]{36}\/[1-9]\.(webp|jpg)$/, localDir: dir });
const BAD_KEYS = ['../1.webp', '/etc/passwd', '0b5f3c1e-7a2d-4c1b-9e8f-1a2b3c4d5e6f/../1.webp', 'x/1.webp', '', 'a b', '0b5f3c1e-7a2d-4c1b-9e8f-1a2b3c4d5e6f/1.png'];

/** `total` bytes of a repeating, position-dependent pattern, yielded in 64 KiB chunks (never held whole). */
function patternStream(total: number): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < total; offset += 65_536) {
        const chunk = Buffer.alloc(Math.min(65_536, total - offset));
        for (let i = 0; i < chunk.length; i++) chunk[i] = (offset + i) % 251;
        yield chunk;
      }
    })(),
  );
}

async function digestOf(stream: Readable): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

interface Subject {
  storage: ObjectStorage;
  /** The same bucket or folder seen as another area. */
  otherArea: ObjectStorage;
  cleanup(): Promise<void>;
}

const kinds: [string, () => Promise<Subject>][] = [
  [
    'local folder',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'bimtek-test-storage-'));
      return {
        storage: new LocalObjectStorage(areaIn(path.join(dir, 'evidence'))),
        otherArea: new LocalObjectStorage(areaIn(path.join(dir, 'exports'), 'exports')),
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3 (s3rver)',
    async () => {
      const server = await startS3Server();
      const client = await s3ClientOf(s3SettingsOf(server));
      return {
        storage: new S3ObjectStorage(areaIn('unused'), Promise.resolve(client), server.bucket, 'bimtek/'),
        otherArea: new S3ObjectStorage(areaIn('unused', 'exports'), Promise.resolve(client), server.bucket, 'bimtek/'),
        cleanup: async () => {
          client.destroy();
          await server.close();
        },
      };
    },
  ],
];

function s3SettingsOf(server: TestS3Server): S3Settings {
  const settings = storageSettings(server.env, '/nonexistent');
  if (settings.kind !== 's3') throw new Error('expected S3 settings');
  return settings.s3;
}

describe.each(kinds)('ObjectStorage contract: %s', (_kind, make) => {
  let subject: Subject;
  let storage: ObjectStorage;

  beforeAll(async () => {
    subject = await make();
    storage = subject.storage;
  });
  afterAll(() => subject.cleanup());

  it('gives back the bytes it was given; a missing key is null', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    await storage.put(PHOTO_KEY, bytes, 'image/webp');
    expect(await storage.get(PHOTO_KEY)).toEqual(bytes);
    expect(await storage.get(OTHER_KEY)).toBeNull();
    expect(await storage.getStream(OTHER_KEY)).toBeNull();
    expect(await digestOf((await storage.getStream(PHOTO_KEY))!)).toEqual({ bytes: 7, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('an overwrite replaces the whole file', async () => {
    await storage.put(OTHER_KEY, Buffer.alloc(1000, 1), 'image/jpeg');
    await storage.put(OTHER_KEY, Buffer.from('short'), 'image/jpeg');
    expect((await storage.get(OTHER_KEY))!.toString()).toBe('short');
  });

  it('deletes; deleting a missing file (twice) is fine', async () => {
    await storage.put(OTHER_KEY, Buffer.from('x'), 'image/jpeg');
    await storage.delete(OTHER_KEY);
    await storage.delete(OTHER_KEY);
    expect(await storage.get(OTHER_KEY)).toBeNull();
  });

  it('refuses any key the area does not accept, before touching anything', async () => {
    for (const key of BAD_KEYS) {
      await expect(storage.put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow(BadStorageKeyError);
      await expect(storage.putStream(key, Readable.from([Buffer.from('x')]), 'image/webp')).rejects.toThrow(BadStorageKeyError);
      await expect(storage.get(key)).rejects.toThrow(BadStorageKeyError);
      await expect(storage.getStream(key)).rejects.toThrow(BadStorageKeyError);
      await expect(storage.delete(key)).rejects.toThrow(BadStorageKeyError);
    }
  });

  it('keeps each area apart in one bucket or parent folder', async () => {
    await storage.put(PHOTO_KEY, Buffer.from('evidence'), 'image/webp');
    expect(await subject.otherArea.get(PHOTO_KEY)).toBeNull();
    await subject.otherArea.put(PHOTO_KEY, Buffer.from('exports'), 'image/webp');
    expect((await storage.get(PHOTO_KEY))!.toString()).toBe('evidence');
    await subject.otherArea.delete(PHOTO_KEY);
  });

  it('streams a 20 MiB file in and out (several S3 parts) unchanged', async () => {
    const size = 20 * 1024 * 1024 + 123;
    const expected = await digestOf(patternStream(size));
    await storage.putStream(OTHER_KEY, patternStream(size), 'text/csv');
    expect(await digestOf((await storage.getStream(OTHER_KEY))!)).toEqual(expected);
    await storage.delete(OTHER_KEY);
  });

  it('stores nothing when the stream fails part way (also after a first S3 part)', async () => {
    const failing = Readable.from(
      (async function* () {
        yield* patternStream(9 * 1024 * 1024);
        throw new Error('writer failed');
      })(),
    );
    await expect(storage.putStream(OTHER_KEY, failing, 'text/csv')).rejects.toThrow('writer failed');
    expect(await storage.get(OTHER_KEY)).toBeNull();
  });

  it('deletes the files last written before a cutoff, and only those', async () => {
    await storage.put(PHOTO_KEY, Buffer.from('kept'), 'image/webp');
    expect(await storage.deleteOlderThan(new Date(Date.now() - 3600_000))).toBe(0);
    expect((await storage.get(PHOTO_KEY))!.toString()).toBe('kept');
    expect(await storage.deleteOlderThan(new Date(Date.now() + 5_000))).toBeGreaterThanOrEqual(1);
    expect(await storage.get(PHOTO_KEY)).toBeNull();
  });
});

describe('LocalObjectStorage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bimtek-test-storage-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps files private (folders 0700, files 0600) and leaves no temporary file behind', async () => {
    const storage = new LocalObjectStorage(areaIn(path.join(dir, 'evidence')));
    await storage.put(PHOTO_KEY, Buffer.from('x'), 'image/webp');
    await storage.putStream(OTHER_KEY, patternStream(100_000), 'image/jpeg');
    await expect(storage.putStream(OTHER_KEY.replace('2.jpg', '3.jpg'), Readable.from((async function* () { yield Buffer.from('x'); throw new Error('boom'); })()), 'image/jpeg')).rejects.toThrow('boom');
    const folder = path.join(dir, 'evidence', PHOTO_KEY.split('/')[0]);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, 'evidence', PHOTO_KEY))).mode & 0o777).toBe(0o600);
    expect((await readdir(folder)).sort()).toEqual(['1.webp', '2.jpg']);
  });

  it("removes a key's folder with its last file, and never the area's own folder", async () => {
    const storage = new LocalObjectStorage(areaIn(path.join(dir, 'evidence')));
    await storage.put(PHOTO_KEY, Buffer.from('x'), 'image/webp');
    await storage.delete(PHOTO_KEY);
    expect(await readdir(path.join(dir, 'evidence'))).toEqual([]);
  });
});

describe('S3ObjectStorage', () => {
  it('puts objects under <S3_PREFIX><area>/<key> in the bucket', async () => {
    const server = await startS3Server();
    const client: S3Client = await s3ClientOf(s3SettingsOf(server));
    try {
      await new S3ObjectStorage(areaIn('unused'), Promise.resolve(client), server.bucket, 'bimtek/').put(PHOTO_KEY, Buffer.from('x'), 'image/webp');
      const listed = await client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
      expect(listed.Contents?.map((object) => object.Key)).toEqual([`bimtek/evidence/${PHOTO_KEY}`]);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('a missing bucket is an error, not a missing file', async () => {
    const server = await startS3Server();
    const client = await s3ClientOf(s3SettingsOf(server));
    try {
      await expect(new S3ObjectStorage(areaIn('unused'), Promise.resolve(client), 'no-such-bucket', '').get(PHOTO_KEY)).rejects.toThrow();
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
