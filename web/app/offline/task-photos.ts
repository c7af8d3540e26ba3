/**
 * Field task reports on the phone (issue #16, decision 026), only when JavaScript runs; the plain form works without
 * it (the server always re-encodes the photos and strips EXIF). With it:
 *  - each chosen photo is turned upright and resized in the browser (long side ≤ 1600 px, JPEG ≤ 300 KB), and shown on
 *    a canvas where dragging a box blurs (pixelates) that part: a face or a document the worker must hide; the input's
 *    files are then replaced by the prepared ones, so the form posts them as if chosen that way;
 *  - without signal the report (text and photos) waits in IndexedDB ("menunggu sinkron") and is posted to the same
 *    form action once there is signal, with the form's idempotency key: sent twice, it is still one submission.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

const MAX_SIDE = 1600;
const MAX_BYTES = 300 * 1024;
const PIXEL = 14;

interface Photo {
  name: string;
  canvas: HTMLCanvasElement;
}

export function initTaskPhotos(): void {
  // Only on the task page: a queued report is sent from the page it was written on, under the session showing it.
  if (!document.querySelector('[data-task-queue]')) return;
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-task-form]')) {
    form.addEventListener('submit', (event) => {
      if (navigator.onLine) return;
      event.preventDefault();
      void queueReport(form);
    });
  }
  window.addEventListener('online', () => void sendQueued());
  void sendQueued();
  for (const input of document.querySelectorAll<HTMLInputElement>('form[data-task-form] input[type="file"]')) {
    const editor = document.createElement('div');
    editor.className = 'photo-editor stack';
    editor.dataset.photoEditor = '';
    input.insertAdjacentElement('afterend', editor);
    input.addEventListener('change', () => {
      // Our own replacement of the files fires no change event; a new choice by the worker does.
      void prepare(input, editor);
    });
  }
}

async function prepare(input: HTMLInputElement, editor: HTMLElement): Promise<void> {
  input.dataset.ready = '';
  editor.replaceChildren();
  const max = Number(input.dataset.max || '5');
  const photos: Photo[] = [];
  for (const file of Array.from(input.files ?? []).slice(0, max)) {
    const canvas = await resized(file);
    if (!canvas) continue; // not an image the browser can read: sent as it is, the server decides
    photos.push({ name: `${file.name.replace(/\.[^.]*$/, '') || 'foto'}.jpg`, canvas });
  }
  if (photos.length === 0) return;
  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = input.dataset.blurHint ?? '';
  editor.append(hint);
  photos.forEach((photo, index) => editor.append(blurTool(photo, `${input.dataset.blurLabel ?? ''} ${index + 1}`, () => void write(input, photos))));
  await write(input, photos);
}

/** The photo upright (EXIF orientation) on a canvas whose long side is at most MAX_SIDE; null when unreadable. */
async function resized(file: File): Promise<HTMLCanvasElement | null> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' }).catch(() => null);
  if (!bitmap) return null;
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas;
}

/** The canvas shown at the width of the screen; a dragged box is pixelated on the photo itself. */
function blurTool(photo: Photo, label: string, changed: () => void): HTMLElement {
  const { canvas } = photo;
  canvas.className = 'photo-editor__canvas';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label.trim());
  canvas.style.touchAction = 'none';
  let start: { x: number; y: number } | null = null;
  const point = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * canvas.width) / box.width, y: ((event.clientY - box.top) * canvas.height) / box.height };
  };
  canvas.addEventListener('pointerdown', (event) => {
    start = point(event);
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointerup', (event) => {
    if (!start) return;
    const end = point(event);
    pixelate(canvas, start, end);
    start = null;
    canvas.dataset.blurred = '1';
    changed();
  });
  return canvas;
}

function pixelate(canvas: HTMLCanvasElement, a: { x: number; y: number }, b: { x: number; y: number }): void {
  const x = Math.max(0, Math.floor(Math.min(a.x, b.x)));
  const y = Math.max(0, Math.floor(Math.min(a.y, b.y)));
  const width = Math.min(canvas.width - x, Math.ceil(Math.abs(a.x - b.x)));
  const height = Math.min(canvas.height - y, Math.ceil(Math.abs(a.y - b.y)));
  if (width < 4 || height < 4) return;
  const small = document.createElement('canvas');
  small.width = Math.max(1, Math.round(width / PIXEL));
  small.height = Math.max(1, Math.round(height / PIXEL));
  const context = canvas.getContext('2d');
  if (!context) return;
  small.getContext('2d')?.drawImage(canvas, x, y, width, height, 0, 0, small.width, small.height);
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, small.width, small.height, x, y, width, height);
  context.imageSmoothingEnabled = true;
}

/** JPEG at the highest quality that fits MAX_BYTES (then smaller, if even the lowest quality does not fit). */
async function jpeg(canvas: HTMLCanvasElement): Promise<Blob | null> {
  let source = canvas;
  for (let round = 0; round < 4; round++) {
    for (const quality of [0.85, 0.75, 0.65, 0.55]) {
      const blob = await new Promise<Blob | null>((resolve) => source.toBlob(resolve, 'image/jpeg', quality));
      if (blob && blob.size <= MAX_BYTES) return blob;
    }
    const smaller = document.createElement('canvas');
    smaller.width = Math.round(source.width * 0.8);
    smaller.height = Math.round(source.height * 0.8);
    smaller.getContext('2d')?.drawImage(source, 0, 0, smaller.width, smaller.height);
    source = smaller;
  }
  return null;
}

/** Replaces the input's files by the prepared photos; `data-ready` marks when they are in place. */
async function write(input: HTMLInputElement, photos: Photo[]): Promise<void> {
  input.dataset.ready = '';
  const transfer = new DataTransfer();
  for (const photo of photos) {
    const blob = await jpeg(photo.canvas);
    if (!blob) return; // keep what the worker chose: the server resizes it
    transfer.items.add(new File([blob], photo.name, { type: 'image/jpeg' }));
  }
  input.files = transfer.files;
  input.dataset.ready = String(photos.length);
}

type Entry = [name: string, value: string | Blob, filename?: string];
interface ReportDb extends DBSchema {
  reports: { key: string; value: { key: string; action: string; entries: Entry[]; queuedAt: number } };
}

let reportDb: Promise<IDBPDatabase<ReportDb>> | null = null;
function reports(): Promise<IDBPDatabase<ReportDb>> {
  reportDb ??= openDB<ReportDb>('bimtek-task-reports', 1, {
    upgrade(database) {
      database.createObjectStore('reports', { keyPath: 'key' });
    },
  });
  return reportDb;
}

function queueStatus(text: string): void {
  const status = document.querySelector<HTMLElement>('[data-task-queue]');
  if (!status) return;
  status.hidden = text === '';
  status.textContent = text;
}

/** Keeps the form's fields and files under its idempotency key (queued twice, it is still one report). */
async function queueReport(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const key = String(data.get('idempotencyKey') ?? crypto.randomUUID());
  const entries: Entry[] = [];
  for (const [name, value] of data.entries()) {
    if (typeof value === 'string') entries.push([name, value]);
    else if (value.size > 0) entries.push([name, new Blob([await value.arrayBuffer()], { type: value.type }), value.name]);
  }
  await (await reports()).put('reports', { key, action: form.action, entries, queuedAt: Date.now() });
  queueStatus(document.querySelector<HTMLElement>('[data-task-queue]')?.dataset.pending ?? '');
}

let sending = false;

/** Posts every queued report to its form action; a redirect to "?terkirim=1" is the success the page itself shows. */
async function sendQueued(): Promise<void> {
  if (sending || !navigator.onLine) return;
  sending = true;
  try {
    const database = await reports();
    const queued = (await database.getAll('reports')).filter((item) => new URL(item.action).pathname === window.location.pathname);
    if (queued.length > 0) queueStatus(document.querySelector<HTMLElement>('[data-task-queue]')?.dataset.pending ?? '');
    for (const item of queued) {
      const body = new FormData();
      for (const [name, value, filename] of item.entries) {
        if (typeof value === 'string') body.append(name, value);
        else body.append(name, value, filename);
      }
      const response = await fetch(item.action, { method: 'POST', body, credentials: 'same-origin' });
      if (response.status >= 500 || response.status === 401 || response.status === 403) continue; // try again later
      await database.delete('reports', item.key);
      if (response.redirected && response.url.includes('terkirim=1')) window.location.assign(response.url);
      else queueStatus(document.querySelector<HTMLElement>('[data-task-queue]')?.dataset.failed ?? '');
    }
  } catch {
    // Still no signal: the reports stay queued.
  } finally {
    sending = false;
  }
}
