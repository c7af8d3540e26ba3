/**
 * A rendered page kept with its per-request values taken out (decision 034): literal pieces of HTML and, between them,
 * slots that each request fills with its own values. Nothing personal stays in a template.
 */
export interface PageValues {
  /** The signed-in worker's id (`<body data-session>`). */
  user: string;
  /** The enrollment's id (forms, links to the tests). */
  enrollment: string;
  /** The lesson page's signed "opened at" token. */
  opened: string;
  /** This response's CSP nonce. */
  nonce: string;
  /** The idempotency key of the page's form (the course page's enrol form, the test page's submit form). */
  formKey: string;
}

type Slot = keyof PageValues;

export interface PageTemplate {
  /** One more than the slots: literal, slot, literal, …, literal. */
  literals: string[];
  slots: Slot[];
}

/** A value that can be a slot: long enough not to occur by chance, and written by HTML exactly as it is. */
const SLOT_VALUE = /^[A-Za-z0-9._~+/=:-]{8,}$/;

/**
 * The template of `html` rendered with `values`, or null when it cannot be kept safely: a value that is too short or
 * would be escaped, two values alike, or the worker's name, phone or e-mail in the page. Longer values are taken out
 * first, so a value that contains another (a token holding an id) becomes one slot.
 */
export function templateOf(html: string, values: PageValues, personal: readonly string[]): PageTemplate | null {
  if (personal.some((value) => value.length >= 3 && html.includes(value))) return null;
  const present = (Object.entries(values) as [Slot, string][]).filter(([, value]) => value.length > 0);
  if (present.some(([, value]) => !SLOT_VALUE.test(value))) return null;
  if (new Set(present.map(([, value]) => value)).size !== present.length) return null;
  present.sort(([, a], [, b]) => b.length - a.length);

  let pieces: (string | { slot: Slot })[] = [html];
  for (const [slot, value] of present) {
    pieces = pieces.flatMap((piece) => (typeof piece === 'string' ? splitOn(piece, value, slot) : [piece]));
  }
  const template: PageTemplate = { literals: [''], slots: [] };
  for (const piece of pieces) {
    if (typeof piece === 'string') template.literals[template.literals.length - 1] += piece;
    else {
      template.slots.push(piece.slot);
      template.literals.push('');
    }
  }
  return template;
}

function splitOn(text: string, value: string, slot: Slot): (string | { slot: Slot })[] {
  const parts = text.split(value);
  return parts.flatMap((part, index) => (index === 0 ? [part] : [{ slot }, part]));
}

/**
 * The page for this request: the template's literals with this request's values between them; null when a value
 * this page needs is missing or is not one HTML writes as it is (it would have been escaped: Remix renders instead).
 */
export function fill(template: PageTemplate, values: PageValues): string | null {
  let html = template.literals[0];
  for (let i = 0; i < template.slots.length; i++) {
    const value = values[template.slots[i]];
    if (!SLOT_VALUE.test(value)) return null;
    html += value + template.literals[i + 1];
  }
  return html;
}

export interface KeptPage extends PageTemplate {
  statusText: string;
  /** The headers Remix sent with the page (content type, Cache-Control), replayed as they were. */
  headers: [string, string][];
}

interface Entry {
  page: KeptPage;
  bytes: number;
  keptAt: number;
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const MAX_PAGE_BYTES = 512 * 1024;
const MAX_AGE_MS = 10 * 60_000;

/** Kept pages by key, least recently used first out, bounded by bytes (UTF-16: two per character), ten minutes each. */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes?: number) {
    this.maxBytes = maxBytes ?? (Number(process.env.LEARNER_PAGE_CACHE_BYTES) || DEFAULT_MAX_BYTES);
  }

  get(key: string, now = Date.now()): KeptPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.remove(key, entry);
    if (now - entry.keptAt > MAX_AGE_MS) return undefined;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    return entry.page;
  }

  set(key: string, page: KeptPage, now = Date.now()): void {
    const bytes = 2 * (key.length + page.literals.reduce((sum, literal) => sum + literal.length, 0));
    if (bytes > MAX_PAGE_BYTES * 2 || bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, { page, bytes, keptAt: now });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
