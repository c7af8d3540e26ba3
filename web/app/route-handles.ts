import { useTranslation } from 'react-i18next';

/**
 * What a route says about itself in `export const handle`: `hydrate: false` ships no React runtime (root.tsx leaves
 * out the scripts), `i18n` names the locale namespaces its strings come from.
 */
export interface RouteHandle {
  hydrate?: boolean;
  i18n?: string | string[];
}

/** The home page and the public certificate check: plain HTML. */
export const publicHandle = { hydrate: false, i18n: 'common' } satisfies RouteHandle;
/** Sign-in, activation, registration, account: plain HTML, the account strings. */
export const authHandle = { hydrate: false, i18n: ['common', 'account'] } satisfies RouteHandle;
/** The learner's pages: plain HTML, the learner strings. */
export const learnerHandle = { hydrate: false, i18n: ['common', 'learner'] } satisfies RouteHandle;
/** Admin pages hydrate (their forms still work without JavaScript). */
export const adminHandle = { i18n: ['common', 'admin'] } satisfies RouteHandle;

/** `t` over the account strings, falling back to `common` (form labels, navigation, pillars). */
export function useAccountTranslation() {
  return useTranslation(['account', 'common'], { nsMode: 'fallback' });
}

/** `t` over the admin strings, falling back to `common`. */
export function useAdminTranslation() {
  return useTranslation(['admin', 'common'], { nsMode: 'fallback' });
}
