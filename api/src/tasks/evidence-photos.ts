import sharp from 'sharp';

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** What is stored: long side ≤ 1600 px, ≤ 300 KB. */
const LONG_SIDE = 1600;
const STORED_MAX_BYTES = 300 * 1024;
const QUALITIES = [80, 70, 60, 50, 40];
/** Decoding bombs: a photo of a phone camera has well under 50 megapixels. */
const MAX_INPUT_PIXELS = 50_000_000;
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif']);

export interface CleanPhoto {
  bytes: Buffer;
  contentType: 'image/webp';
  width: number;
  height: number;
}

/** What the bytes are, read by sharp (never the file name or the declared type); null when not a readable image. */
export async function sniffImage(bytes: Buffer): Promise<string | null> {
  try {
    const metadata = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    return metadata.format && IMAGE_FORMATS.has(metadata.format) && metadata.width && metadata.height ? metadata.format : null;
  } catch {
    return null;
  }
}

/**
 * The photo as stored: turned upright by its EXIF orientation, shrunk to a long side ≤ 1600 px and re-encoded as WebP
 * ≤ 300 KB. sharp writes no metadata unless asked (`withMetadata`), so EXIF, GPS and the device are gone. Throws
 * when the bytes cannot be decoded.
 */
export async function cleanPhoto(bytes: Buffer): Promise<CleanPhoto> {
  for (const side of [LONG_SIDE, 1200, 900]) {
    for (const quality of QUALITIES) {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .resize(side, side, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality })
        .toBuffer({ resolveWithObject: true });
      if (data.length <= STORED_MAX_BYTES) return { bytes: data, contentType: 'image/webp', width: info.width, height: info.height };
    }
  }
  throw new Error('The photo cannot be brought under 300 KB');
}

/**
 * A 16-digit number in free text, as a NIK or a KK number is written: in one run, or grouped 4-4-4-4 or 6-6-4 with
 * spaces, dots or dashes. (Not any 16 digits with separators: "10 20 30 … 80" is a list, not a NIK.)
 */
const NIK_LIKE = /(?<!\d)(?:\d{16}|\d{4}([ .-])\d{4}\1\d{4}\1\d{4}|\d{6}([ .-])\d{6}\2\d{4})(?!\d)/;

export function containsNikLikeNumber(text: string): boolean {
  return NIK_LIKE.test(text);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}
