import { createCookie } from '@remix-run/node';
import { createInstance, type i18n, type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { RemixI18Next } from 'remix-i18next/server';
import { i18nConfig, supportedLngs, type Locale } from './i18n';

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

/**
 * One i18next instance per language, initialised once when the server starts, with every namespace (they are all in
 * memory): creating one per request took 10 % of the web's CPU (issue #22). Read-only after `init`, so one instance
 * serves every request in its language at once.
 */
const instances = new Map<Locale, Promise<i18n>>(
  supportedLngs.map((lng) => {
    const instance = createInstance();
    const ready = instance
      .use(initReactI18next)
      .init({ ...i18nConfig, lng, ns: Object.keys(i18nConfig.resources.id) })
      .then(() => instance);
    return [lng, ready];
  }),
);

function isLocale(value: string): value is Locale {
  return (supportedLngs as readonly string[]).includes(value);
}

/** The shared i18next instance of the request's language. */
export async function i18nextFor(request: Request): Promise<i18n> {
  const locale = await i18nServer.getLocale(request);
  return instances.get(isLocale(locale) ? locale : 'id')!;
}

/** `t` of the request's language over one namespace (what RemixI18Next.getFixedT gives, without a new instance). */
export async function getFixedT(request: Request, ns: string): Promise<TFunction> {
  return (await i18nextFor(request)).getFixedT(null, ns);
}
