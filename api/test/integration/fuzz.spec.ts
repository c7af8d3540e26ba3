/**
 * Fuzz (issue #21): generated requests to every operation of the OpenAPI document — wrong types, deep nesting, huge
 * strings and arrays, `__proto__`, NUL, lone surrogates, SQL and HTML fragments, huge and negative numbers, in path
 * parameters, query strings and JSON bodies — as every role. Never a 5xx; and a batch that was refused whole (all 4xx)
 * changed no row of any table. Bounded: a fixed number of requests per operation and a fixed seed (FUZZ_SEED to vary).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 16);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

/** Routes whose success legitimately changes the caller's own session: fuzzed anonymously only. */
const SESSION_ENDING = [/^post \/api\/auth\/logout$/, /^delete \/api\/auth\/sessions\//, /^post \/api\/auth\/sessions\/revoke-others$/];

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: string[];
  query: string[];
  json: boolean;
}

const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  'a\udfffb',
  '\u202eevil',
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '__proto__',
  'constructor',
  'x'.repeat(70_000),
  '9'.repeat(40),
  '-1',
  '1e309',
  'NaN',
  '2147483648',
  '32.72.03',
  '00000000-0000-4000-8000-000000000000',
);
const anyString = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, -0));
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyString,
    anyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(anyString, fc.constantFrom('__proto__', 'constructor', 'answers', 'course', 'kind')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A path segment; a lone surrogate (which no URL can carry) becomes the invalid UTF-8 bytes of one. */
function encodePathPart(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd')).replace(/%EF%BF%BD/g, '%ED%A0%80');
  }
}

/** A JSON text nested `levels` deep (built as text: JSON.stringify would overflow the stack on the deep ones). */
function deep(levels: number): string {
  return `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;
}

/** Request bodies as JSON text. */
const body = fc.oneof(
  anyValue.map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom(deep(5_000), deep(20), JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i)), '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}'),
);

function operationsOf(app: NestFastifyApplication): Operation[] {
  // Loaded after createTestApp: the configuration is read when the module graph is first loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openApiDocument } = require('../../src/app.factory') as typeof import('../../src/app.factory');
  const document = openApiDocument(app);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []) as Array<{ name: string; in: string }>;
      operations.push({
        method,
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        json: Boolean(operation.requestBody),
      });
    }
  }
  return operations;
}

/** Every table's rows, hashed (sessions' sliding expiry and sign-in bookkeeping left out: using a session renews it, every sign-in attempt counts). */
async function fingerprint(db: DataSource): Promise<Record<string, string>> {
  const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('auth_sessions', 'auth_rate_limits', 'auth_sign_in_failures') ORDER BY tablename`)) as Array<{
    tablename: string;
  }>;
  const result: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = (await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${tablename}" t`)) as Array<{
      n: number;
      h: string;
    }>;
    result[tablename] = `${row.n}:${row.h}`;
  }
  return result;
}

describe('fuzz: every operation of the OpenAPI document', () => {
  let t: TestApp;
  let db: DataSource;
  let callers: Array<{ name: string; user: TestUser | null }>;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    callers = [
      { name: 'anonymous', user: null },
      { name: 'worker', user: await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK }) },
      { name: 'trainer', user: await createUser(t, { role: Role.PELATIH, regionCode: '32.72' }) },
      { name: 'dinsos', user: await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' }) },
      { name: 'pusat', user: await createUser(t, { role: Role.ADMIN_PUSAT, regionCode: null }) },
    ];
  });
  afterAll(() => t.close());

  it('never answers 5xx, and a batch refused whole changes nothing', async () => {
    const operations = operationsOf(t.app);
    expect(operations.length).toBeGreaterThan(40);
    const serverErrors: string[] = [];
    const changedBy: string[] = [];
    let index = 0;
    for (const operation of operations) {
      const key = `${operation.method} ${operation.path}`;
      const sessionEnding = SESSION_ENDING.some((pattern) => pattern.test(key));
      const samples = fc.sample(
        fc.record({
          params: fc.tuple(...operation.params.map(() => anyString), fc.constant(null)),
          query: fc.dictionary(fc.constantFrom(...operation.query, 'page', 'pageSize', 'zzz'), anyString, { maxKeys: 3 }),
          body,
          caller: fc.nat(callers.length - 1),
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED + index++ },
      );
      const before = await fingerprint(db);
      let allRefused = true;
      for (const sample of samples) {
        let path = operation.path;
        operation.params.forEach((name, i) => {
          path = path.replace(`{${name}}`, encodePathPart(String(sample.params[i])));
        });
        const caller = sessionEnding ? callers[0] : callers[sample.caller];
        const query = new URLSearchParams(Object.entries(sample.query).map(([name, value]) => [name, String(value)])).toString();
        let request = t.http[operation.method](`${path}${query ? `?${query}` : ''}`);
        if (caller.user) request = request.set(caller.user.headers);
        if (operation.method !== 'get') request = request.set('Content-Type', 'application/json').send(sample.body);
        const res = await request;
        if (res.status >= 500) serverErrors.push(`${res.status} ${key} as ${caller.name}: ${JSON.stringify(res.body).slice(0, 200)} ← ${path.slice(0, 120)}?${query.slice(0, 120)}`);
        if (res.status < 400) allRefused = false;
      }
      if (allRefused) {
        const after = await fingerprint(db);
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length > 0) changedBy.push(`${key}: ${changed.join(', ')}`);
      }
    }
    expect(serverErrors).toEqual([]);
    expect(changedBy).toEqual([]);
  }, 240_000);
});
