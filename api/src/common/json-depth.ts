import type { FastifyInstance } from 'fastify';

/** Deeper than any body the API takes (the deepest, a sync batch's answers, is about 5). */
export const MAX_JSON_DEPTH = 32;

/**
 * JSON bodies are parsed only when they nest at most MAX_JSON_DEPTH deep: a 5,000-deep document made the parser and
 * the validators recurse into a 500 (issue #21, L1). The depth is counted in one pass over the text, outside strings,
 * before anything is parsed; the parse itself stays Fastify's (with its prototype-poisoning protection).
 */
export function limitJsonDepth(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (depthOf(text) > MAX_JSON_DEPTH) {
      const error = Object.assign(new Error(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
      done(error, undefined);
      return;
    }
    parse(request, text, done);
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
