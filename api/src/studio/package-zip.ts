import { zipSync, type Zippable } from 'fflate';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** Limits for an uploaded package zip (issue #18): zips are hostile input. */
export const ZIP_LIMITS = {
  entries: 2000,
  expandedBytes: 50 * 1024 * 1024,
  ratio: 100,
  /** Entries smaller than this are not judged by ratio: a short repetitive text compresses well and harms nobody. */
  ratioFloorBytes: 64 * 1024,
} as const;

export type ZipRefusalCode =
  | 'STUDIO_ZIP_INVALID'
  | 'STUDIO_ZIP_UNSAFE_PATH'
  | 'STUDIO_ZIP_SYMLINK'
  | 'STUDIO_ZIP_TOO_MANY_ENTRIES'
  | 'STUDIO_ZIP_TOO_LARGE'
  | 'STUDIO_ZIP_RATIO'
  | 'STUDIO_ZIP_NO_COURSE';

/** A zip refused before anything of it was kept; the service turns it into an ApiError. */
export class ZipRefusal extends Error {
  constructor(
    readonly code: ZipRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

export interface PackageFromZip {
  files: Map<string, Uint8Array>;
  /** The single top folder the package sat in, if any (its name should equal the slug). */
  folderName?: string;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const MB = 1024 * 1024;

/**
 * Reads a package zip entirely in memory (nothing touches the disk): the central directory's declared sizes are
 * judged first, then every entry is inflated as a stream with a running byte count, so a zip whose headers lie is
 * stopped as soon as it passes a limit. Unsafe names (`../`, absolute, backslashes) and symlinks are refused.
 */
export async function readPackageZip(buffer: Buffer): Promise<PackageFromZip> {
  const zip = await openZip(buffer);
  try {
    if (zip.entryCount > ZIP_LIMITS.entries) {
      throw new ZipRefusal('STUDIO_ZIP_TOO_MANY_ENTRIES', `Zip berisi ${zip.entryCount} berkas; paling banyak ${ZIP_LIMITS.entries}.`);
    }
    const entries = await readEntries(zip);
    return withoutTopFolder(entries);
  } finally {
    zip.close();
  }
}

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (error, zip) => {
      if (error || !zip) reject(refusalOf(error));
      else resolve(zip);
    });
  });
}

/** yauzl's own refusals (it validates names and sizes) as our codes. */
function refusalOf(error: unknown): ZipRefusal {
  if (error instanceof ZipRefusal) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/absolute path|invalid relative path|invalid characters in fileName/.test(message)) {
    return new ZipRefusal('STUDIO_ZIP_UNSAFE_PATH', `Zip memuat nama berkas yang tidak aman (${message.replace(/^[^:]*: /, '')}): hanya jalur relatif di dalam folder kursus.`);
  }
  return new ZipRefusal('STUDIO_ZIP_INVALID', 'Berkas bukan zip yang utuh. Buat ulang zip dari folder kursus.');
}

function readEntries(zip: ZipFile): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let declared = 0;
  let expanded = 0;
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(refusalOf(error));
    };
    zip.on('error', fail);
    zip.on('end', () => {
      if (!failed) resolve(files);
    });
    zip.on('entry', (entry: Entry) => {
      try {
        const kind = judgeEntry(entry);
        declared += entry.uncompressedSize;
        if (declared > ZIP_LIMITS.expandedBytes) throw tooLarge();
        if (files.has(entry.fileName)) {
          throw new ZipRefusal('STUDIO_ZIP_INVALID', `Zip memuat berkas ${entry.fileName.slice(0, 100)} dua kali: buat ulang zip dari folder kursus.`);
        }
        if (kind === 'directory' || isIgnored(entry.fileName)) {
          zip.readEntry();
          return;
        }
      } catch (error) {
        fail(error);
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return fail(error);
        const chunks: Buffer[] = [];
        let entryBytes = 0;
        stream.on('data', (chunk: Buffer) => {
          entryBytes += chunk.length;
          expanded += chunk.length;
          const refusal = expanded > ZIP_LIMITS.expandedBytes ? tooLarge() : ratioExceeded(entry, entryBytes) ? tooCompressed(entry.fileName) : null;
          if (refusal) {
            stream.destroy();
            fail(refusal);
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          if (failed) return;
          files.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

/** Refuses what an entry declares before any of it is read. */
function judgeEntry(entry: Entry): 'file' | 'directory' {
  const name = entry.fileName;
  if (name.includes('\0') || name.startsWith('/') || name.split('/').includes('..') || name.length > 200) {
    throw new ZipRefusal('STUDIO_ZIP_UNSAFE_PATH', `Zip memuat nama berkas yang tidak aman (${name.slice(0, 100)}): hanya jalur relatif di dalam folder kursus.`);
  }
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) throw new ZipRefusal('STUDIO_ZIP_SYMLINK', `Zip memuat tautan simbolik (${name.slice(0, 100)}): simpan berkas aslinya.`);
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    throw new ZipRefusal('STUDIO_ZIP_UNSAFE_PATH', `Zip memuat berkas khusus (${name.slice(0, 100)}): hanya berkas biasa.`);
  }
  if (entry.uncompressedSize > ZIP_LIMITS.expandedBytes) throw tooLarge();
  if (ratioExceeded(entry, entry.uncompressedSize)) throw tooCompressed(name);
  return name.endsWith('/') || type === S_IFDIR ? 'directory' : 'file';
}

function ratioExceeded(entry: Entry, bytes: number): boolean {
  return bytes > ZIP_LIMITS.ratioFloorBytes && bytes > ZIP_LIMITS.ratio * Math.max(entry.compressedSize, 1);
}

const tooLarge = () =>
  new ZipRefusal('STUDIO_ZIP_TOO_LARGE', `Isi zip setelah dibuka lebih dari ${ZIP_LIMITS.expandedBytes / MB} MB. Paket kursus jauh lebih kecil: periksa isinya.`);

const tooCompressed = (name: string) =>
  new ZipRefusal('STUDIO_ZIP_RATIO', `Berkas ${name.slice(0, 100)} di dalam zip mengembang lebih dari ${ZIP_LIMITS.ratio} kali: zip seperti ini ditolak.`);

/** Hidden files and macOS resource folders are not part of a package (as when reading a folder). */
function isIgnored(name: string): boolean {
  return name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

/** The package at the zip's root, or inside its single top folder. */
function withoutTopFolder(entries: Map<string, Uint8Array>): PackageFromZip {
  if (entries.has('course.yaml')) return { files: entries };
  const tops = new Set([...entries.keys()].map((name) => name.split('/')[0]));
  const [top] = [...tops];
  if (tops.size === 1 && entries.has(`${top}/course.yaml`)) {
    const files = new Map<string, Uint8Array>();
    for (const [name, bytes] of entries) files.set(name.slice(top.length + 1), bytes);
    return { files, folderName: top };
  }
  throw new ZipRefusal('STUDIO_ZIP_NO_COURSE', 'Zip harus berisi course.yaml di akarnya atau di dalam satu folder kursus.');
}

/** Fixed timestamps: the same package always gives the same zip bytes. */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

/** A package as a zip with one top folder named after the slug (as content/courses/<slug>/), files sorted. */
export function writePackageZip(slug: string, files: ReadonlyMap<string, Uint8Array>): Buffer {
  const tree: Zippable = {};
  for (const path of [...files.keys()].sort()) tree[`${slug}/${path}`] = [files.get(path)!, { mtime: ZIP_MTIME }];
  return Buffer.from(zipSync(tree, { level: 6 }));
}
