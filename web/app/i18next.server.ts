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
      .then(() => rememberTranslations(instance));
    return [lng, ready];
  }),
);

/** Answers kept per language: every page asks the same few hundred keys; numbers in options make the rest. */
const MAX_REMEMBERED = 5000;

/**
 * With read-only resources, i18next's `t` is a pure function of its key and options, yet each call parses the key,
 * walks the resources and interpolates (7 % of a lesson page's CPU, issue #22): its string answers are kept, for
 * calls whose options are plain values (a Date or an object in the options is translated each time).
 */
function rememberTranslations(instance: i18n): i18n {
  const translate = instance.t.bind(instance) as (key: unknown, options?: unknown) => unknown;
  const known = new Map<string, string>();
  const remembering = (key: unknown, options?: unknown): unknown => {
    const memoKey = rememberedKeyOf(key, options);
    if (memoKey === undefined) return translate(key, options);
    const kept = known.get(memoKey);
    if (kept !== undefined) return kept;
    const answer = translate(key, options);
    if (typeof answer === 'string') {
      if (known.size >= MAX_REMEMBERED) known.clear();
      known.set(memoKey, answer);
    }
    return answer;
  };
  return Object.assign(instance, { t: remembering as i18n['t'] });
}

const isPlain = (value: unknown) => value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value);

function rememberedKeyOf(key: unknown, options: unknown): string | undefined {
  const keys = Array.isArray(key) ? key : [key];
  if (!keys.every((part) => typeof part === 'string')) return undefined;
  if (options === undefined) return JSON.stringify([key]);
  if (typeof options !== 'object' || options === null) return undefined;
  for (const value of Object.values(options)) {
    if (!isPlain(value) && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) return undefined;
  }
  return JSON.stringify([key, options]);
}

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
