import type { FastifyInstance } from 'fastify';

/** Deeper than any body the API takes (the deepest, a sync batch's answers, is about 5). */
export const MAX_JSON_DEPTH = 32;

/** Refusals raised before a request reaches a route (the error filter gives them their code and message). */
export const REQUEST_LIMIT_ERRORS: Readonly<Record<string, [code: string, message: string]>> = {
  JSON_TOO_DEEP: ['JSON_TOO_DEEP', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`],
  NUL_CHARACTER: ['NUL_CHARACTER', 'Teks dalam permintaan tidak boleh memuat karakter NUL.'],
};

const refusal = (code: keyof typeof REQUEST_LIMIT_ERRORS) => Object.assign(new Error(REQUEST_LIMIT_ERRORS[code][1]), { statusCode: 400, code });

/**
 * Limits checked before anything is parsed (issue #21, L1): a JSON body nests at most MAX_JSON_DEPTH deep (a
 * 5,000-deep document made the parser and the validators recurse into a 500), counted in one pass over the text; and
 * no NUL character, which PostgreSQL cannot store in text, in the body, the path or the query. The JSON parse itself
 * stays Fastify's (with its prototype-poisoning protection).
 */
export function limitRequests(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.includes('\\u0000')) return done(refusal('NUL_CHARACTER'), undefined);
    if (depthOf(text) > MAX_JSON_DEPTH) return done(refusal('JSON_TOO_DEEP'), undefined);
    parse(request, text, done);
  });
  fastify.addHook('onRequest', async (request) => {
    if (/%00/i.test(request.url)) throw refusal('NUL_CHARACTER');
  });
}

/** The deepest nesting of objects and arrays in a JSON text (strings skipped, escapes honoured). */
export function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}
