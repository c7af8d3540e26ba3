import { useTranslation } from 'react-i18next';

/** The identity pages' strings live in their own namespace (locales/account.*.ts), with `common` as the fallback. */
export const ACCOUNT_NS = ['account', 'common'];

/** `t` over the account namespace that falls back to `common` (form labels, navigation) for keys it does not have. */
export function useAccountTranslation() {
  return useTranslation(ACCOUNT_NS, { nsMode: 'fallback' });
}

/** Learner-facing identity pages: plain HTML, no React runtime. */
export const accountHandle = { hydrate: false, i18n: ['common', 'account'] };

/** Admin pages hydrate (forms still work without JavaScript). */
export const adminHandle = { i18n: ['common', 'account'] };
