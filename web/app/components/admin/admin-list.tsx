import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { FormAlert, PlainSelect } from '~/components/forms';
import { useAdminTranslation } from '~/route-handles';
import { Pager } from './pager';

/**
 * The one shape of an admin list (workers, certificates, audit log): a GET filter form (search and selects, so a
 * filtered list is a URL to share), the list's error, the items with a caption and an "empty" line, and the pager.
 * Everything works without JavaScript.
 */
export function AdminList({
  filters,
  error,
  children,
  pager,
}: {
  filters: ReactNode;
  error: string | null;
  children: ReactNode;
  pager: { page: number; pageSize: number; total: number; hrefFor: (page: number) => string };
}) {
  return (
    <>
      {filters}
      <FormAlert errors={error} />
      {children}
      <Pager {...pager} />
    </>
  );
}

/** The filter form: an optional search field, the filters as children, then apply and clear. */
export function ListFilters({
  label,
  clearTo,
  search,
  children,
}: {
  label: string;
  clearTo: string;
  search?: { label: string; hint: string; value?: string };
  children: ReactNode;
}) {
  const { t } = useAdminTranslation();
  return (
    <Form method="get" className="filters" role="search" aria-label={label}>
      {search ? (
        <div className="field">
          <label htmlFor="f-q">{search.label}</label>
          <input id="f-q" name="q" type="search" defaultValue={search.value ?? ''} aria-describedby="f-q-hint" maxLength={100} />
          <p className="hint" id="f-q-hint">
            {search.hint}
          </p>
        </div>
      ) : null}
      {children}
      <div className="inline-actions">
        <button type="submit" className="button">
          {t('apply')}
        </button>
        <Link to={clearTo}>{t('clear')}</Link>
      </div>
    </Form>
  );
}

/** One filter: a labelled select whose first option ("all") sends an empty value. */
export function FilterSelect(props: { name: string; label: string; value: string | undefined; allLabel: string; options: readonly { value: string; label: string }[] }) {
  return <PlainSelect id={`f-${props.name}`} name={props.name} label={props.label} value={props.value} placeholder={props.allLabel} options={props.options} />;
}

/** The list as a table that scrolls sideways on a phone, with its caption and one row when there is nothing. */
export function ListTable({
  id,
  caption,
  columns,
  empty,
  className = 'wide-table',
  children,
}: {
  id: string;
  caption: string;
  columns: string[];
  empty: string | null;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table className={className}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty !== null ? (
            <tr>
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The list as cards (long entries that read better stacked on a phone), with a heading and a line when there is nothing. */
export function ListCards({ id, caption, empty, children }: { id: string; caption: string; empty: string | null; children: ReactNode }) {
  return (
    <>
      <h2 id={`${id}-caption`}>{caption}</h2>
      {empty !== null ? (
        <p>{empty}</p>
      ) : (
        <ul className="cards" aria-labelledby={`${id}-caption`}>
          {children}
        </ul>
      )}
    </>
  );
}
