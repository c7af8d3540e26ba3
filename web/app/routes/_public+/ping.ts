/**
 * GET /ping: "ok" in a few bytes, through Express and Remix but without a page, the root loader or the API. A probe
 * that the web process answers, and the "empty route" that `npm run bench:pages` holds the pages against.
 */
export function loader(): Response {
  return new Response('ok', { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
