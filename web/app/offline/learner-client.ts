/**
 * /learner.js: the learner's comfort script (a few KB, no framework), bundled with `idb` by scripts/build-offline.ts.
 * Every page works without it. With it:
 *  - the service worker is registered (the app shell opens offline);
 *  - "Simpan untuk offline" stores a course page, all its lessons and their images in the page cache;
 *  - finishing a lesson or submitting a quiz while offline queues the write in IndexedDB under its idempotency key,
 *    and the queue goes to POST /api/sync when the connection returns, with a visible status.
 * A queued write is one event with a UUID made once (its idempotency key on the server); the server also counts a
 * lesson finished or an attempt submitted once, however it arrives (form, queue, replay).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { components } from '~/utils/api-schema';
import { OFFLINE_SAVE_HEADER } from './offline-save';
import { initTaskPhotos } from './task-photos';

type Schemas = components['schemas'];
type SyncResult = Schemas['SyncResultDto'];
type Answers = Schemas['SubmitAttemptDto']['answers'];

/** Saved pages live in one cache per person: `bimtek-pages-<user id>` (issue #21 M3, shared phones). */
export const PAGES_CACHE_PREFIX = 'bimtek-pages';
export const MEDIA_CACHE = 'bimtek-media';

/** An event of POST /api/sync (SyncEventDto): `id` is its idempotency key, a UUID made on the device. */
export type SyncEvent =
  | { id: string; type: 'lesson.finished'; enrollmentId: string; lessonId: string; at: string; openedToken?: string; openedAt?: string }
  | { id: string; type: 'attempt.submitted'; enrollmentId: string; attemptId: string; answers: Answers; at: string };

/** Queued under `key` (the write it stands for: one lesson, one attempt), so queueing the same write twice keeps one. */
export type QueuedEvent = { key: string; event: SyncEvent };

interface QueueDb extends DBSchema {
  queue: { key: string; value: QueuedEvent & { queuedAt: number } };
}

let dbPromise: Promise<IDBPDatabase<QueueDb>> | null = null;
function db(): Promise<IDBPDatabase<QueueDb>> {
  dbPromise ??= openDB<QueueDb>('bimtek-offline', 1, {
    upgrade(database) {
      database.createObjectStore('queue', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

export async function enqueue(item: QueuedEvent): Promise<void> {
  const database = await db();
  // A write queued again keeps its first event id: the server then sees one event, however often it was queued.
  const existing = await database.get('queue', item.key);
  await database.put('queue', existing ?? { key: item.key, event: item.event, queuedAt: Date.now() });
  await showStatus();
}

async function pending(): Promise<number> {
  return (await db()).count('queue');
}

function statusElement(): HTMLElement | null {
  return document.getElementById('sync-status');
}

function fill(template: string | undefined, values: Record<string, string | number>): string {
  return (template ?? '').replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The queue's size when last looked at: read synchronously when a sign-out form is submitted. */
let pendingCount = 0;

async function showStatus(state?: 'done' | 'failed', message = ''): Promise<void> {
  const count = await pending();
  pendingCount = count;
  const element = statusElement();
  if (!element) return;
  if (count > 0) {
    element.dataset.state = 'pending';
    element.textContent = fill(element.dataset.pending, { count });
  } else if (state === 'failed') {
    element.dataset.state = 'failed';
    element.textContent = fill(element.dataset.failed, { message });
  } else if (state === 'done' || sessionStorage.getItem('bimtek-synced') === '1') {
    sessionStorage.removeItem('bimtek-synced');
    element.dataset.state = 'done';
    element.textContent = element.dataset.done ?? '';
  }
}

let syncing = false;
/** How often waiting writes are tried again while the phone says it is online. */
const RETRY_MS = 30_000;

/** Sends the queue to POST /api/sync; events the server answered (applied, already applied, or refused) leave it. */
export async function sync(): Promise<void> {
  if (syncing || !navigator.onLine) return;
  syncing = true;
  try {
    const database = await db();
    // In the order they happened: a lesson finished after the pre-test must reach the server after it.
    const queued = (await database.getAll('queue')).sort((a, b) => a.queuedAt - b.queuedAt);
    if (queued.length === 0) return;
    const response = await fetch('/api/sync', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ events: queued.map((item) => item.event) } satisfies Schemas['SyncDto']),
    });
    if (response.status === 401) return; // signed out: keep everything until the person signs in again
    if (!response.ok) return;
    const body: Partial<Schemas['SyncResponseDto']> = await response.json();
    const results = body.results ?? [];
    const refused: string[] = [];
    for (const [index, item] of queued.entries()) {
      const result = results.find((entry) => entry.id === item.event.id) ?? results[index];
      if (!result) continue;
      const outcome = classify(result);
      if (outcome === 'retry') continue;
      if (outcome === 'refused') refused.push(String(result.message ?? ''));
      await database.delete('queue', item.key);
    }
    if (refused.length > 0) await showStatus('failed', refused.join(' '));
    else {
      sessionStorage.setItem('bimtek-synced', '1');
      await showStatus('done');
    }
  } catch {
    // still offline in fact, or the server is away: the queue stays, the next `online` event retries
  } finally {
    syncing = false;
  }
}

/**
 * One result of /api/sync (SyncResultDto): applied now or before → done; refused with a 4xx → dropped and shown
 * (sending it again cannot help); a server error → kept for the next try.
 */
export function classify(result: SyncResult): 'done' | 'refused' | 'retry' {
  const code = typeof result.statusCode === 'number' ? result.statusCode : 500;
  if (result.status === 'applied' || result.status === 'duplicate') return 'done';
  if (result.status === 'rejected' && code >= 400 && code < 500) return 'refused';
  return 'retry';
}

function field(form: HTMLFormElement, name: string): string {
  const element = form.elements.namedItem(name);
  return element && 'value' in element ? String(element.value) : '';
}

function quizAnswers(form: HTMLFormElement): { answers: Answers; missing: string[] } {
  const questions: { id: string; type: string }[] = JSON.parse(field(form, 'questions') || '[]');
  const data = new FormData(form);
  const answers: Answers = {};
  const missing: string[] = [];
  for (const question of questions) {
    const values = data.getAll(`answers.${question.id}`).map(String);
    if (values.length === 0) missing.push(question.id);
    else if (question.type === 'multiple') answers[question.id] = values.map(Number).sort((a, b) => a - b);
    else if (question.type === 'true_false') answers[question.id] = values[0] === 'true';
    else answers[question.id] = Number(values[0]);
  }
  return { answers, missing };
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  const form = event.target as HTMLFormElement;
  if (form.action.endsWith('/keluar')) {
    if (form.dataset.confirmed !== 'yes' && pendingCount > 0) {
      // Writes still wait: send them while this person is still signed in, and ask before leaving any behind.
      event.preventDefault();
      await sync();
      const left = await pending();
      const warning = statusElement()?.dataset.logout ?? 'Masih ada {{count}} catatan yang belum tersinkron. Tetap keluar?';
      if (left > 0 && !window.confirm(fill(warning, { count: left }))) return;
      form.dataset.confirmed = 'yes';
      await forgetSavedPages();
      form.submit();
      return;
    }
    // Signing out: forget the pages saved for this person (the page that follows, with no session, makes sure).
    void forgetSavedPages();
    return;
  }
  const kind = form.dataset.offline;
  if (!kind || form.dataset.sending === 'native') return;
  event.preventDefault();
  if (navigator.onLine && (await postedOnline(form))) return;
  await queueForm(form, kind);
}

/**
 * Online (or so the phone says): the form is posted with fetch. A redirect (the usual answer) is followed; any other
 * answer (errors to show next to the fields) is left to the browser's own post, which repeats the request under the
 * same idempotency key. Only when the request cannot get through at all (weak signal, timeout) does the write go to
 * the queue instead: false.
 */
async function postedOnline(form: HTMLFormElement): Promise<boolean> {
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(20_000),
    });
    if (response.redirected && response.ok) location.assign(response.url);
    else {
      form.dataset.sending = 'native';
      form.submit();
    }
    return true;
  } catch {
    return false;
  }
}

async function queueForm(form: HTMLFormElement, kind: string): Promise<void> {
  const at = new Date().toISOString();
  if (kind === 'lesson') {
    const enrollmentId = form.dataset.enrollment ?? '';
    const lessonId = form.dataset.lesson ?? '';
    // The reading time is judged by these (decision 022): the page's signed "served at" and when this phone showed it.
    const reading = form.dataset.openedToken ? { openedToken: form.dataset.openedToken, openedAt: shownAt } : {};
    const event: SyncEvent = { id: crypto.randomUUID(), type: 'lesson.finished', enrollmentId, lessonId, at, ...reading };
    await enqueue({ key: `finish-${enrollmentId}-${lessonId}`, event });
    if (form.dataset.next) location.assign(form.dataset.next);
    return;
  }
  if (kind === 'attempt') {
    const { answers, missing } = quizAnswers(form);
    for (const fieldset of Array.from(form.querySelectorAll('fieldset'))) fieldset.removeAttribute('aria-invalid');
    if (missing.length > 0) {
      for (const id of missing) form.querySelector(`input[name="answers.${CSS.escape(id)}"]`)?.closest('fieldset')?.setAttribute('aria-invalid', 'true');
      form.querySelector<HTMLElement>('fieldset[aria-invalid="true"] input')?.focus();
      return;
    }
    const attemptId = field(form, 'attemptId');
    const enrollmentId = form.dataset.enrollment ?? '';
    await enqueue({ key: `submit-${attemptId}`, event: { id: crypto.randomUUID(), type: 'attempt.submitted', enrollmentId, attemptId, answers, at } });
    form.querySelector<HTMLElement>('[data-offline-queued]')?.removeAttribute('hidden');
    form.querySelector<HTMLButtonElement>('button[type="submit"]')?.setAttribute('disabled', '');
  }
}

function pagesCacheOf(owner: string): string {
  return `${PAGES_CACHE_PREFIX}-${owner}`;
}

/** The signed-in person this page was rendered for (root.tsx `data-session`): an id, `none`, or unknown. */
function pageOwner(): string | undefined {
  return document.body.dataset.session;
}

/** Removes saved pages (and the "saved" marks) of everyone but `keep`: all of them when `keep` is undefined. */
async function forgetSavedPages(keep?: string): Promise<void> {
  if (!('caches' in window)) return;
  try {
    for (const name of await caches.keys()) {
      if (name.startsWith(PAGES_CACHE_PREFIX) && name !== (keep && pagesCacheOf(keep))) await caches.delete(name);
    }
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith('bimtek-saved-') && !(keep && key.startsWith(`bimtek-saved-${keep}-`))) localStorage.removeItem(key);
    }
  } catch {
    // storage refused (private mode): nothing was saved either
  }
}

/**
 * Keeps only what belongs to the person this page was served to: a page that found no session removes every saved
 * page (logout, expiry), another person's sign-in removes the previous one's. A page from the cache or the offline
 * page says nothing (no `data-session`), and neither does a page rendered while the API was unreachable.
 */
async function keepOnlyOwnersPages(): Promise<void> {
  const owner = pageOwner();
  if (!owner) return;
  await forgetSavedPages(owner === 'none' ? undefined : owner);
}

/** "Simpan untuk offline": the course page, every lesson page and every image they show, into the caches. */
async function saveCourse(container: HTMLElement): Promise<void> {
  const slug = container.dataset.offlineSave ?? '';
  const status = container.querySelector<HTMLElement>('[role="status"]');
  const button = container.querySelector('button');
  const owner = pageOwner();
  if (!owner || owner === 'none') return;
  button?.setAttribute('disabled', '');
  try {
    const outline: Schemas['CourseDetailDto'] = await (await fetch(`/api/courses/${encodeURIComponent(slug)}`)).json();
    const lessons = outline.modules.flatMap((module) => module.lessons);
    const pages = await caches.open(pagesCacheOf(owner));
    const media = await caches.open(MEDIA_CACHE);
    const store = async (cache: Cache, url: string): Promise<Response> => {
      // Nothing is recorded for a saved page (the loader writes nothing, and no script runs); the header stays for logs.
      const response = await fetch(url, { credentials: 'same-origin', headers: { [OFFLINE_SAVE_HEADER]: '1' } });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      // A page that says no-store (a quiz, anything personal) is never kept.
      if (/no-store/i.test(response.headers.get('cache-control') ?? '')) return response;
      await cache.put(url, response.clone());
      return response;
    };
    await store(pages, `/kursus/${slug}`);
    let done = 0;
    for (const lesson of lessons) {
      const html = await (await store(pages, `/kursus/${slug}/pelajaran/${lesson.id}`)).text();
      const images = new DOMParser().parseFromString(html, 'text/html').querySelectorAll<HTMLImageElement>('main img[src]');
      for (const image of Array.from(images)) {
        const src = image.getAttribute('src') ?? '';
        if (src.startsWith('/') && !(await media.match(src))) await store(media, src);
      }
      done += 1;
      if (status) status.textContent = fill(status.dataset.saving, { done, total: lessons.length });
    }
    localStorage.setItem(`bimtek-saved-${owner}-${slug}`, new Date().toISOString());
    if (status) status.textContent = fill(status.dataset.saved, { count: lessons.length });
  } catch {
    if (status) status.textContent = status.dataset.failed ?? '';
  } finally {
    button?.removeAttribute('disabled');
  }
}

function quizProgress(form: HTMLFormElement): void {
  const counter = form.querySelector<HTMLElement>('[data-quiz-progress]');
  if (!counter) return;
  const update = () => {
    const fieldsets = Array.from(form.querySelectorAll('fieldset'));
    const answered = fieldsets.filter((set) => set.querySelector('input:checked')).length;
    counter.textContent = (counter.dataset.template ?? '').replace('{n}', String(answered));
  };
  form.addEventListener('change', (event) => {
    // An answered question loses its "belum dijawab" mark.
    const fieldset = (event.target as HTMLElement).closest('fieldset');
    if (fieldset?.querySelector('input:checked')) {
      fieldset.removeAttribute('aria-invalid');
      const error = fieldset.querySelector('.field-error');
      if (error) error.textContent = '';
    }
    update();
  });
  update();
}

/** When this page was shown on this phone (an offline lesson's reading starts here). */
let shownAt = new Date().toISOString();

/**
 * Records that the lesson shown was opened, so "Lanjutkan" returns to it (issue #22: the page's GET writes nothing).
 * Only for a lesson a person sees: saving a course for offline fetches pages and runs no script. Offline, nothing is
 * recorded (the finish carries the page's signed token instead).
 */
function recordOpening(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-offline="lesson"]');
  const enrollmentId = form?.dataset.enrollment;
  const lessonId = form?.dataset.lesson;
  if (!enrollmentId || !lessonId || !navigator.onLine) return;
  const url = `/api/enrollments/${encodeURIComponent(enrollmentId)}/lessons/${encodeURIComponent(lessonId)}/open`;
  fetch(url, { method: 'POST', credentials: 'same-origin', keepalive: true, headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
}

function start(): void {
  shownAt = new Date().toISOString();
  void keepOnlyOwnersPages();
  recordOpening();
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  }
  document.addEventListener('submit', (event) => void onSubmit(event as SubmitEvent));
  for (const container of Array.from(document.querySelectorAll<HTMLElement>('[data-offline-save]'))) {
    if (!('caches' in window)) continue;
    container.hidden = false;
    container.querySelector('button')?.addEventListener('click', () => void saveCourse(container));
  }
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form[data-offline="attempt"]'))) quizProgress(form);
  initTaskPhotos(); // field task photos: resized and blurrable on the phone (issue #16)
  window.addEventListener('online', () => void sync());
  // On a weak signal the phone stays "online", so no `online` event comes: while writes wait, try again now and then,
  // and whenever the person comes back to the page.
  setInterval(() => {
    if (pendingCount > 0) void sync();
  }, RETRY_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && pendingCount > 0) void sync();
  });
  void showStatus().then(sync);
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
