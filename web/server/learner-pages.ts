import { randomUUID } from 'node:crypto';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { createRequestHandler, type AppLoadContext, type ServerBuild } from '@remix-run/node';
import { Pool } from 'undici';
import { HANDED_PAGE, type HandedPage } from '../app/utils/handed-page';
import { sessionCookieName } from '../app/utils/session-cookie.server';
import { cspNonceOf } from './security';
import { PageCache, fill, templateOf, type PageValues } from './page-template';

/**
 * The lesson, course and test pages answered from HTML Remix rendered once (decision 034): the page's one API call
 * is made here, its non-personal part names the kept page, and this request's values (worker, enrollment, opened
 * token, nonce, enrol key) are written into it. A miss hands the answer to Remix (no second call) and keeps what it
 * renders. Anything unusual goes to Remix untouched (`next()`).
 */
const TIMEOUT_MS = 15_000;
const SLUG = '([a-z0-9][a-z0-9-]{0,99})';
const UUID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const LESSON_PATH = new RegExp(`^/kursus/${SLUG}/pelajaran/${UUID}$`);
const COURSE_PATH = new RegExp(`^/kursus/${SLUG}$`);
const TEST_PATH = new RegExp(`^/ujian/${UUID}/(pretest|posttest)(?:\\?percobaan=${UUID})?$`);
/** Remix's `lng` cookie value as it writes one (base64 of a JSON string, URL-encoded); anything else goes to Remix. */
const LOCALE_COOKIE = /^[A-Za-z0-9%=+/_-]{1,32}$/;
/** Headers Remix's answer may carry for the page to be kept: replayed as they were. */
const REPLAYED_HEADERS = new Set(['content-type', 'cache-control']);
/** Tests only (web/test/learner-pages.spec.ts): say whether a page came from the cache. */
const TRACE = process.env.LEARNER_PAGE_CACHE_TRACE === '1';

interface PageRoute {
  kind: 'lesson' | 'course' | 'test';
  /** The request's path and query (the handed answer is for it only). */
  path: string;
  /** The API read the route's loader makes. */
  apiPath: string;
  /** Where the lesson or outline body sits in the answer, and its ETag (the test page has none). */
  body?: Versioned['kind'];
}

interface PageUser {
  id: string;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  nikLast4?: string | null;
  createdAt?: string | null;
}

/** The learner-pages read's answer, as far as this file looks into it. */
type PageAnswer = Record<string, unknown> & { user?: PageUser | null; enrollment?: (Record<string, unknown> & { id?: string; openedToken?: string }) | null };

interface Versioned {
  kind: 'lesson' | 'outline';
  etag: string;
  body: unknown;
}

/** A lesson or an outline in the read's answer: its field, its ETag's field, and the query that names the ETag held. */
const ETAG_OF = { lesson: 'lessonEtag', outline: 'outlineEtag' } as const;

export interface LearnerPagesOptions {
  apiUrl: string;
  build: ServerBuild;
  mode: string;
  maxBytes?: number;
}

export function routeOf(req: Pick<ExpressRequest, 'method' | 'url'>): PageRoute | undefined {
  if (req.method !== 'GET') return undefined;
  const path = req.url;
  const lesson = LESSON_PATH.exec(path);
  if (lesson) return { kind: 'lesson', path, apiPath: `/api/learner/courses/${lesson[1]}/lessons/${lesson[2]}`, body: 'lesson' };
  const course = COURSE_PATH.exec(path);
  if (course) return { kind: 'course', path, apiPath: `/api/learner/courses/${course[1]}`, body: 'outline' };
  const test = TEST_PATH.exec(path);
  if (test) return { kind: 'test', path, apiPath: `/api/learner/tests/${test[1]}/${test[2]}${test[3] ? `?attempt=${test[3]}` : ''}` };
  return undefined;
}

/** The answer with its lesson or outline: the one sent (kept for next time), or the one held for the ETag it names. */
function withBody(data: PageAnswer, kind: Versioned['kind'], key: string, store: Bodies, held: Versioned | undefined): PageAnswer | undefined {
  const etag = data[ETAG_OF[kind]];
  if (typeof etag !== 'string') return undefined;
  const sent = data[kind];
  if (sent) store.set(key, { kind, etag, body: sent });
  else if (held && held.etag === etag) data[kind] = held.body;
  else return undefined;
  return data;
}

function cookieOf(req: ExpressRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Small and least-recently-used by count: the lesson and outline bodies, so the read can send their ETag. */
class Bodies {
  private readonly entries = new Map<string, Versioned>();
  constructor(private readonly max: number) {}

  get(key: string): Versioned | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Versioned): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

export function learnerPages({ apiUrl, build, mode, maxBytes }: LearnerPagesOptions) {
  const pool = new Pool(apiUrl, { connections: 64, keepAliveTimeout: 30_000, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  const remix = createRequestHandler(build, mode);
  const pages = new PageCache(maxBytes);
  const bodies = { lesson: new Bodies(300), outline: new Bodies(100) };

  /** The page's one read, as the worker; undefined when the answer is anything but a 200 with a body we can use. */
  async function read(req: ExpressRequest, route: PageRoute, token: string): Promise<PageAnswer | undefined> {
    const store = route.body ? bodies[route.body] : undefined;
    const held = store?.get(route.apiPath);
    const query = route.body && held ? `?${ETAG_OF[route.body]}=${encodeURIComponent(held.etag)}` : '';
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    for (const name of ['x-forwarded-for', 'user-agent']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await pool.request({ method: 'GET', path: route.apiPath + query, headers });
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      return undefined;
    }
    const data = (await answer.body.json()) as PageAnswer;
    return route.body && store ? withBody(data, route.body, route.apiPath, store, held) : data;
  }

  async function serve(req: ExpressRequest, res: ExpressResponse, next: NextFunction, route: PageRoute): Promise<void> {
    const token = cookieOf(req, sessionCookieName());
    const locale = cookieOf(req, 'lng') ?? '';
    if (!token || (locale && !LOCALE_COOKIE.test(locale))) return next();
    let data: PageAnswer | undefined;
    try {
      data = await read(req, route, decodeURIComponent(token));
    } catch {
      data = undefined; // the API could not be reached: Remix shows its one 503 page
    }
    if (!data) return next();

    const values = valuesOf(data, cspNonceOf(res));
    const key = data.user ? keyOf(route, locale, data) : undefined;
    const kept = key ? pages.get(key) : undefined;
    const filled = kept ? fill(kept, values) : null;
    if (TRACE) trace(res, kept && filled !== null ? 'hit' : 'miss');
    if (kept && filled !== null) {
      send(res, kept.statusText, kept.headers, filled);
      return;
    }

    const handed: HandedPage = { path: route.path, data, formKey: values.formKey };
    const context: AppLoadContext = { cspNonce: values.nonce, [HANDED_PAGE]: handed };
    const response = await remix(remixRequestOf(req), context);
    const headers = [...response.headers.entries()];
    const html = await response.text();
    if (key && data.user && response.status === 200 && headers.every(([name]) => REPLAYED_HEADERS.has(name))) {
      const template = templateOf(html, values, personalOf(data.user));
      if (template) pages.set(key, { ...template, statusText: response.statusText, headers });
    }
    send(res, response.statusText, headers, html, response.status);
  }

  const handle = (req: ExpressRequest, res: ExpressResponse, next: NextFunction): void => {
    const route = routeOf(req);
    if (!route) return next();
    serve(req, res, next, route).catch(next);
  };
  return Object.assign(handle, { close: () => pool.close(), cache: pages });
}

const counts = { hit: 0, miss: 0 };

/** Tests and benchmarks: a header on the page, and a line every 100 pages. */
function trace(res: ExpressResponse, outcome: 'hit' | 'miss'): void {
  res.set('x-page-cache', outcome);
  counts[outcome]++;
  if ((counts.hit + counts.miss) % 100 === 0) console.log(`[learner-pages] ${process.pid} hits ${counts.hit}, misses ${counts.miss}`);
}

/** This request's values: the slots of a kept page. */
function valuesOf(data: PageAnswer, nonce: string): PageValues {
  return {
    user: data.user?.id ?? '',
    enrollment: data.enrollment?.id ?? '',
    opened: data.enrollment?.openedToken ?? '',
    nonce,
    formKey: randomUUID(),
  };
}

/**
 * The user's fields that are this one person's and not in the key: a page holding any of them is not kept (the id is a
 * slot). Every other field of the answer is in the key, so a field a page shows is either the same for everyone who
 * shares the page, a slot filled per request, or checked absent here.
 */
const PERSONAL_FIELDS = ['name', 'phone', 'email', 'nikLast4', 'createdAt'] as const;

/**
 * What names a kept page: the route (path and query), the locale cookie, and the whole answer without its
 * per-request values (the user without their id and personal fields, the enrollment without its id and opened token,
 * the lesson or outline by its ETag). Two workers share a page only when everything else the API said is the same.
 */
function keyOf(route: PageRoute, locale: string, data: PageAnswer): string {
  const { user, enrollment, ...rest } = data;
  if (route.body) rest[route.body] = null; // named by its ETag, which stays in the key
  const account: Record<string, unknown> = { ...user };
  for (const field of ['id', ...PERSONAL_FIELDS]) delete account[field];
  const { id: _enrollmentId, openedToken: _opened, ...state } = enrollment ?? {};
  return JSON.stringify([route.path, locale, user ? account : null, enrollment ? state : null, rest]);
}

/** What must never be in a kept page: the worker's personal fields (see PERSONAL_FIELDS). */
function personalOf(user: PageUser): string[] {
  return PERSONAL_FIELDS.map((field) => user[field]).filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function remixRequestOf(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`, { method: 'GET', headers });
}

/** Written as the Remix adapter writes an answer (status, its headers appended), in one piece through `compression`. */
function send(res: ExpressResponse, statusText: string, headers: [string, string][], html: string, status = 200): void {
  res.statusMessage = statusText;
  res.status(status);
  for (const [name, value] of headers) res.append(name, value);
  res.end(html);
}
