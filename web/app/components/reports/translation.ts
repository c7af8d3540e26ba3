import { useTranslation } from 'react-i18next';

/** `t` over the reports' strings, falling back to the admin's and `common` (pillars, "all", the pager). */
export function useReportsTranslation() {
  return useTranslation(['reports', 'admin', 'common'], { nsMode: 'fallback' });
}
