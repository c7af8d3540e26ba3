import type { components } from '~/utils/api-schema';

type LessonDto = components['schemas']['LessonDto'];
type CourseDetailDto = components['schemas']['CourseDetailDto'];

/**
 * Published lessons and outlines never change under their ETag (it names the lesson, or the course version), so the
 * web server keeps the latest ones in memory and sends the ETag with the page read: the API then leaves the body out
 * and only the worker's own state travels (issue #22, decision 022). Small and least-recently-used.
 */
class SmallLru<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface Versioned<T> {
  etag: string;
  body: T;
}

/** By lesson id: a few KB each. */
export const lessons = new SmallLru<Versioned<LessonDto>>(300);
/** By course slug: the current version's outline (a new version has a new ETag, and replaces it). */
export const outlines = new SmallLru<Versioned<CourseDetailDto>>(100);

/**
 * The body of a page read: the one the API sent (remembered under its ETag), or the one held when the API left it
 * out because the ETag sent matched. Null when neither (the API left it out for an ETag the cache no longer holds).
 */
export function keep<T>(cache: SmallLru<Versioned<T>>, key: string, held: Versioned<T> | undefined, etag: string, sent: T | null): T | null {
  if (sent) {
    cache.set(key, { etag, body: sent });
    return sent;
  }
  return held && held.etag === etag ? held.body : null;
}

/** For tests: forget everything. */
export function forgetContent(): void {
  lessons.clear();
  outlines.clear();
}
