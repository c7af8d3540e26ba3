import type { Params } from 'nestjs-pino';
import pino from 'pino';

/** Bytes per write: at most PIPE_BUF, so whole lines from several processes sharing one stdout never interleave. */
const PIPE_ATOMIC_BYTES = 4096;

/**
 * Request logs with the request id Fastify assigns (see app.factory.ts) and no personal data:
 * no headers, no bodies, no query strings (they can hold names or phone numbers).
 *
 * `json` (production, `npm start`) writes asynchronously: lines are buffered and written to stdout without blocking
 * the request that logged them (issue #22: logging took 8.5 % of the API's time in the pretty format). `pretty`
 * (`npm run dev`) formats in pino-pretty's worker thread, for a person watching.
 */
export function loggerOptions(level: string, format: 'json' | 'pretty' = 'json'): Params {
  const options = {
    level,
    transport: format === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,context', translateTime: 'HH:MM:ss' } } : undefined,
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: unknown, res: { statusCode: number }, err?: Error) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req: { url?: string }) => req.url === '/api/health' },
    redact: ['req.headers', 'req.body', 'res.headers'],
  } satisfies Params['pinoHttp'];
  if (format === 'pretty') return { pinoHttp: options };
  return { pinoHttp: [options, pino.destination({ dest: 1, sync: false, maxWrite: PIPE_ATOMIC_BYTES })] };
}
