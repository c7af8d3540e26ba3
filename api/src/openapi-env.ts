// Imported first by openapi.ts: the configuration is validated when AppModule loads, and preview mode connects to
// nothing, so any well-formed URL will do.
process.env.DATABASE_URL ??= 'postgres://preview@127.0.0.1:1/preview';
