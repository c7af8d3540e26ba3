import en from './locales/en';
import id from './locales/id';

/** Bahasa Indonesia first; English as a second language, switchable with ?lng=en. */
export const supportedLngs = ['id', 'en'] as const;
export type Locale = (typeof supportedLngs)[number];

export const i18nConfig = {
  supportedLngs: [...supportedLngs],
  fallbackLng: 'id',
  defaultNS: 'common',
  resources: { id, en },
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};
