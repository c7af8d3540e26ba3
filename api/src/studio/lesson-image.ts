import sharp from 'sharp';
import { MEDIA_MAX_BYTES } from '../courses/course-package';

/** Largest upload accepted before re-encoding (a phone photo); what is kept is ≤ MEDIA_MAX_BYTES. */
export const IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** Decoding bombs: a lesson picture has well under 40 megapixels. */
const MAX_INPUT_PIXELS = 40_000_000;
const RASTER_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'avif', 'tiff']);
/** A lesson is read on a 360 px phone: 1280 px is sharp enough at 3× and keeps the media budget. */
const SIDES = [1280, 960, 720];
const QUALITIES = [80, 70, 60, 50];

/**
 * An uploaded picture as a lesson keeps it: read by sharp from its bytes (never by its name or declared type), turned
 * upright, shrunk, and re-encoded as WebP under the package's media budget (200 KB); metadata (EXIF, GPS) is dropped.
 * null when the bytes are not a raster image sharp can read, or cannot be brought under the budget.
 */
export async function encodeLessonImage(bytes: Buffer): Promise<Buffer | null> {
  try {
    const metadata = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (!metadata.format || !RASTER_FORMATS.has(metadata.format) || !metadata.width || !metadata.height) return null;
    for (const side of SIDES) {
      for (const quality of QUALITIES) {
        const data = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
          .rotate()
          .resize(side, side, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality })
          .toBuffer();
        if (data.length <= MEDIA_MAX_BYTES) return data;
      }
    }
    return null;
  } catch {
    return null;
  }
}

/** The package name of an uploaded file: `Foto Posko (1).JPG` → `foto-posko-1` (lower case, digits, dashes). */
export function mediaBaseName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const name = stem
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return name || 'gambar';
}
