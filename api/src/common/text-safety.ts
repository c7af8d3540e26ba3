/**
 * Characters that make a text display as something else: bidi controls (a name shown reversed, an email that reads
 * like another) and lone UTF-16 surrogates (not text at all; they break JSON and PostgreSQL). Refused in names and
 * emails. Checked with a plain loop, so any length is linear.
 */
const BIDI_CONTROLS = new Set([0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

export function hasUnsafeText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (BIDI_CONTROLS.has(code)) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
  }
  return false;
}

export const UNSAFE_TEXT_MESSAGE = 'Teks berisi karakter pengatur arah tulisan atau karakter yang rusak: ketik ulang tanpa menyalin dari sumber lain.';

/** Trims whitespace (including no-break space) at both ends by scanning, never by a regular expression. */
export function trimEnds(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}
