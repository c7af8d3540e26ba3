import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createApiPassThrough, isPassedThrough, MAX_JSON_BODY_BYTES } from '../server/api-proxy';

/**
 * The public origin's `/api` pass-through (issue #22, #21 L1) between a real client and a stand-in API: connections
 * to the API are kept alive, JSON is compressed when the browser accepts it, bodies stream both ways, and a JSON body
 * over the API's limit is a 413, not a 502.
 */
const bigJson = JSON.stringify({ items: Array.from({ length: 400 }, (_, i) => ({ id: i, title: `Pelajaran ${i}` })) });
let api: Server;
let web: Server;
let webPort: number;
let apiConnections = 0;
let received: { method: string; url: string; bytes: number; forwardedFor: string | undefined }[] = [];
let passThrough: ReturnType<typeof createApiPassThrough>;

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  api = createServer((req, res) => {
    if (req.url === '/api/export') return exportAnswer(res);
    if (req.url === '/api/endless') return endlessAnswer(res);
    if (req.url === '/api/endless-late') return void setTimeout(() => endlessAnswer(res), 100);
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', bytes, forwardedFor: req.headers['x-forwarded-for'] as string | undefined });
      // A lesson: public and long-lived, what the web keeps; an outline: public for a minute only, always asked.
      const cacheControl = req.url?.startsWith('/api/lesson') ? 'public, max-age=86400' : req.url?.startsWith('/api/outline') ? 'public, max-age=60' : undefined;
      const body = req.url === '/api/big' || req.url?.startsWith('/api/lesson') || req.url?.startsWith('/api/outline') ? bigJson : JSON.stringify({ bytes });
      const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), etag: '"v1"' };
      res.writeHead(200, { ...headers, ...(cacheControl ? { 'cache-control': cacheControl } : {}) });
      res.end(body);
    });
  }).on('connection', () => apiConnections++);
  passThrough = createApiPassThrough(`http://127.0.0.1:${await listen(api)}`);
  web = createServer((req, res) => (isPassedThrough(req.url) ? passThrough.handle(req, res) : res.writeHead(404).end()));
  webPort = await listen(web);
});

/** Header bytes as a server writes them: Node sends a header string's characters as latin1 bytes, here UTF-8's. */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const EXPORT_DISPOSITION = utf8Bytes('attachment; filename="Rekap – Citamiang.xlsx"');
const exportBytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) % 251);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A download of unknown length (chunked), in 64 KiB writes that wait for the socket: a report export. */
function exportAnswer(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': EXPORT_DISPOSITION, 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] });
  let offset = 0;
  const writeMore = () => {
    while (offset < exportBytes.length) {
      const chunk = exportBytes.subarray(offset, offset + 64 * 1024);
      offset += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', writeMore);
    }
    res.end();
  };
  writeMore();
}

let endlessClosedEarly: Promise<boolean> = Promise.resolve(false);
/** An answer that never ends on its own: tells whether its connection was closed before it finished. */
function endlessAnswer(res: ServerResponse): void {
  endlessClosedEarly = new Promise((resolve) => res.on('close', () => resolve(!res.writableFinished)));
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024, 'e')), 5);
  res.on('close', () => clearInterval(timer));
}

afterAll(async () => {
  await passThrough.close();
  await new Promise((resolve) => web.close(resolve));
  await new Promise((resolve) => api.close(resolve));
});

beforeEach(() => {
  received = [];
});

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A raw request (fetch would decompress by itself and hide what crossed the wire). */
function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | Buffer[] }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: webPort, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Uint8Array[] = [];
      res.on('data', (chunk: Uint8Array) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    const chunks: Buffer[] = Array.isArray(options.body) ? options.body : options.body ? [options.body] : [];
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('the /api pass-through', () => {
  it('passes /api and /.well-known only', () => {
    expect(['/api', '/api/me', '/api?x=1', '/.well-known/did.json'].every(isPassedThrough)).toBe(true);
    expect(['/', '/apiary', '/kursus/api', '/masuk'].some(isPassedThrough)).toBe(false);
  });

  it('keeps its connections to the API alive', async () => {
    const before = apiConnections;
    for (let i = 0; i < 5; i++) expect((await send({ path: '/api/me' })).status).toBe(200);
    expect(apiConnections - before).toBe(1);
  });

  it('compresses JSON for a browser that accepts it, and only then', async () => {
    const gzip = await send({ path: '/api/big', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.length).toBeLessThan(bigJson.length / 3);
    expect(gunzipSync(new Uint8Array(gzip.body)).toString()).toBe(bigJson);
    expect(gzip.headers.etag).toBe('"v1"');

    const plain = await send({ path: '/api/big' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(bigJson);
  });

  it('answers a JSON answer under 1 KiB as it came, whatever the browser accepts', async () => {
    const small = await send({ path: '/api/me', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers).toMatchObject({ vary: 'Accept-Encoding', 'content-length': String(small.body.length), etag: '"v1"' });
    expect(JSON.parse(small.body.toString())).toEqual({ bytes: 0 });
  });

  it('passes a body on, and tells the API who asked', async () => {
    const body = Buffer.from(JSON.stringify({ answers: { a: 1 } }));
    const answer = await send({ method: 'POST', path: '/api/attempts/x/submit', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
    expect(JSON.parse(answer.body.toString())).toEqual({ bytes: body.length });
    expect(received[0]).toMatchObject({ method: 'POST', url: '/api/attempts/x/submit', forwardedFor: '127.0.0.1' });
  });

  it('answers 413 for a JSON body over the limit, announced or streamed, without passing it on', async () => {
    const tooLarge = Buffer.alloc(MAX_JSON_BODY_BYTES + 1, 'a');
    const announced = await send({ method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-length': String(tooLarge.length) }, body: tooLarge });
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.body.toString())).toMatchObject({ statusCode: 413, code: 'BODY_TOO_LARGE' });

    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 'a'));
    const streamed = await send({ method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: chunks });
    expect(streamed.status).toBe(413);
    expect(received.filter((r) => r.bytes > MAX_JSON_BODY_BYTES)).toEqual([]);
  });

  it('streams an upload (multipart) over the JSON limit to the API, which has its own limits', async () => {
    const upload = Buffer.alloc(MAX_JSON_BODY_BYTES * 2, 'b');
    const answer = await send({ method: 'POST', path: '/api/rosters', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(upload.length) }, body: upload });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({ bytes: upload.length });
  });

  it('keeps a public, long-lived answer and serves it in the encoding asked, 304 for its ETag', async () => {
    const first = await send({ path: '/api/lesson/1', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(first.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(new Uint8Array(first.body)).toString()).toBe(bigJson);
    const gzip = await send({ path: '/api/lesson/1', headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(new Uint8Array(gzip.body)).toString()).toBe(bigJson);
    const plain = await send({ path: '/api/lesson/1', headers: { cookie: 'bimtek_session=x' } });
    expect(plain.body.toString()).toBe(bigJson);
    expect(plain.headers).toMatchObject({ etag: '"v1"', 'cache-control': 'public, max-age=86400', vary: 'Accept-Encoding', 'content-length': String(bigJson.length) });
    expect((await send({ path: '/api/lesson/1', headers: { 'if-none-match': '"v1"' } })).status).toBe(304);
    expect(received.filter((r) => r.url === '/api/lesson/1')).toHaveLength(1);
  });

  it('asks the API again for a request with Authorization, a reload, or an answer public for a minute only', async () => {
    await send({ path: '/api/lesson/2' });
    await send({ path: '/api/lesson/2', headers: { authorization: 'Bearer x' } });
    await send({ path: '/api/lesson/2', headers: { 'cache-control': 'no-cache' } });
    expect(received.filter((r) => r.url === '/api/lesson/2')).toHaveLength(3);
    await send({ path: '/api/outline/1' });
    await send({ path: '/api/outline/1' });
    expect(received.filter((r) => r.url === '/api/outline/1')).toHaveLength(2);
  });

  it('streams a large answer of unknown length to a slow reader byte for byte, its header bytes as they came', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      request({ host: '127.0.0.1', port: webPort, path: '/api/export' }, (res) => {
        const chunks: Uint8Array[] = [];
        res.on('data', (chunk: Uint8Array) => {
          chunks.push(chunk);
          // A slow reader: the pass-through must wait for it (backpressure), not lose or reorder bytes.
          if (chunks.length % 8 === 1) {
            res.pause();
            setTimeout(() => res.resume(), 20);
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(answer.status).toBe(200);
    expect(sha256(new Uint8Array(answer.body))).toBe(sha256(exportBytes));
    expect(answer.headers['content-disposition']).toBe(EXPORT_DISPOSITION);
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });

  it("drops the API's answer when the browser goes away in the middle of it", async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: webPort, path: '/api/endless' }, (res) => res.once('data', () => (req.destroy(), resolve())));
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error))).end();
    });
    expect(await endlessClosedEarly).toBe(true);
  });

  it("drops the API's answer when the browser went away before it came", async () => {
    const req = request({ host: '127.0.0.1', port: webPort, path: '/api/endless-late' });
    req.on('error', () => undefined).end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 150)); // the API answers after 100 ms
    expect(await endlessClosedEarly).toBe(true);
  });

  it('answers 502 in the API error shape when the API cannot be reached', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createApiPassThrough(`http://127.0.0.1:${port}`);
    const server = createServer((req, res) => unreachable.handle(req, res));
    const serverPort = await listen(server);
    try {
      const response = await fetch(`http://127.0.0.1:${serverPort}/api/me`);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ statusCode: 502, code: 'API_UNREACHABLE' });
    } finally {
      await unreachable.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
