import { Link } from '@remix-run/react';
import { useAdminTranslation } from '~/route-handles';
import { formatNumber } from '~/utils/format';
import { pageWindow } from './list-query';

/** "1–25 dari 130" and links to other pages; plain links, so paging works without JavaScript. */
export function Pager({ page, pageSize, total, hrefFor }: { page: number; pageSize: number; total: number; hrefFor: (page: number) => string }) {
  const { t, i18n } = useAdminTranslation();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="page-nav" aria-label={t('pager.label')}>
      <p className="page-nav__summary">
        {t('pager.summary', { first: formatNumber(first, i18n.language), last: formatNumber(last, i18n.language), total: formatNumber(total, i18n.language) })}
      </p>
      {pageCount > 1 ? (
        <ul>
          {page > 1 ? (
            <li>
              <Link to={hrefFor(page - 1)} rel="prev">
                {t('pager.previous')}
              </Link>
            </li>
          ) : null}
          {pageWindow(page, pageCount).map((value, index) =>
            value === null ? (
              <li key={`gap-${index}`} aria-hidden="true">
                …
              </li>
            ) : (
              <li key={value}>
                {value === page ? (
                  <span aria-current="page" className="page-nav__current">
                    {value}
                  </span>
                ) : (
                  <Link to={hrefFor(value)} aria-label={t('pager.page', { page: value })}>
                    {value}
                  </Link>
                )}
              </li>
            ),
          )}
          {page < pageCount ? (
            <li>
              <Link to={hrefFor(page + 1)} rel="next">
                {t('pager.next')}
              </Link>
            </li>
          ) : null}
        </ul>
      ) : null}
    </nav>
  );
}
