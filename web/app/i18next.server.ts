import { createCookie } from '@remix-run/node';
import { RemixI18Next } from 'remix-i18next/server';
import { i18nConfig, supportedLngs } from './i18n';

export const localeCookie = createCookie('lng', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

/** Indonesian unless the person chose English (?lng=en, then remembered in a cookie): phones' own settings vary. */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLngs],
    fallbackLanguage: 'id',
    cookie: localeCookie,
    order: ['searchParams', 'cookie'],
  },
  i18next: i18nConfig,
});
