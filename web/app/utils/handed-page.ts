import type { AppLoadContext } from '@remix-run/node';

/**
 * The learner page read the web server already made for this request (web/server/learner-pages.ts, decision 034):
 * on a miss of its rendered-page cache it hands the API's answer to Remix in the load context, so the route's loader
 * takes it instead of asking the API a second time. Only for the document path (and query) it was read for.
 */
export interface HandedPage {
  /** The request path and query the answer belongs to (`/kursus/x/pelajaran/y`, `/ujian/e/pretest?percobaan=a`). */
  path: string;
  /** The API's 200 answer, with the lesson or outline body filled in when the API left it out for its ETag. */
  data: unknown;
  /** The page form's idempotency key: chosen by the server so the kept HTML can hold a slot for it. */
  formKey: string;
}

export const HANDED_PAGE = 'learnerPage';

/** The handed answer, when there is one for this request's path. */
export function handedPageOf(context: AppLoadContext, request: Request): HandedPage | undefined {
  const handed = context[HANDED_PAGE] as HandedPage | undefined;
  if (!handed || typeof handed !== 'object' || typeof handed.path !== 'string') return undefined;
  const url = new URL(request.url);
  return url.pathname + url.search === handed.path ? handed : undefined;
}
