import type { Params } from 'nestjs-pino';

/**
 * Request logs with the request id Fastify assigns (see app.factory.ts) and no personal data:
 * no headers, no bodies, no query strings (they can hold names or phone numbers).
 */
export function loggerOptions(level: string, format: 'json' | 'pretty' = 'json'): Params {
  return {
    pinoHttp: {
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
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      redact: ['req.headers', 'req.body', 'res.headers'],
    },
  };
}
