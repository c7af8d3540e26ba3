/**
 * How app/routes is grouped (remix-flat-routes folders, `+` suffix; the folder name is no part of the URL when it
 * starts with `_`):
 *   _public+/   the home page
 *   _auth+/     sign-in, activation, registration, account, sign-out
 *   _learner+/  the learner's pages: catalogue, courses, lessons, quizzes, results, certificates
 *   verify+/    the public certificate check behind a certificate's QR code
 *   admin+/     the Dinsos and ministry admins' pages
 *   pelatih+/   the trainers' pages: the studio (drafts, lesson editor, question forms, item analysis), tasks, events
 * The first four are read on cheap phones: their pages ship no React runtime (`handle.hydrate === false`), which
 * test/no-hydration.spec.ts checks for every route file in them.
 */
export const NO_JS_ROUTE_FOLDERS = ['_public+', '_auth+', '_learner+', 'verify+'] as const;

/** Files beside the routes that are not routes: server helpers, client helpers, tests, private parts (`__name.tsx`). */
export const IGNORED_ROUTE_FILES = ['**/.*', '**/*.server.*', '**/*.client.*', '**/*.spec.*', '**/__*.*', '**/*.css'];
