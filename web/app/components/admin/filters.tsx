import { Link } from '@remix-run/react';
import { useAdminTranslation } from '~/route-handles';

/** One filter of an admin list: a labelled select whose first option ("all") sends an empty value. */
export function FilterSelect({
  name,
  label,
  value,
  allLabel,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  allLabel: string;
  options: readonly { value: string; label: string }[];
}) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filter form's buttons: apply, and a link back to the unfiltered list. */
export function FilterActions({ clearTo }: { clearTo: string }) {
  const { t } = useAdminTranslation();
  return (
    <div className="inline-actions">
      <button type="submit" className="button">
        {t('apply')}
      </button>
      <Link to={clearTo}>{t('clear')}</Link>
    </div>
  );
}
