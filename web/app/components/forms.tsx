import { getInputProps, getSelectProps, type FieldMetadata } from '@conform-to/react';
import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * The one way to show a form's parts: a labelled input or select with its hint and its errors, tied together for
 * screen readers, and the form-level alert. Every form of the app uses these.
 */

/** The errors under a field, tied to it by id (the input's aria-describedby / aria-errormessage). */
export function ErrorList({ id, errors }: { id: string; errors?: string[] | null }) {
  return (
    <p className="field-error" id={id} aria-live="polite">
      {errors?.join(' ')}
    </p>
  );
}

/** A form's own error (not about one field), read out as soon as it appears. */
export function FormAlert({ id, errors }: { id?: string; errors?: string[] | string | null }) {
  const text = Array.isArray(errors) ? errors.join(' ') : errors;
  if (!text) return null;
  return (
    <p className="alert alert--bad" role="alert" id={id}>
      {text}
    </p>
  );
}

function describedBy(id: string, hint: string | undefined, errorId: string): string {
  return hint ? `${id}-hint ${errorId}` : errorId;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'name' | 'id' | 'defaultValue' | 'aria-describedby'>;

/** A conform field as a labelled input. */
export function TextField<Schema, FormSchema extends Record<string, unknown>>({
  meta,
  label,
  hint,
  type = 'text',
  ...attributes
}: {
  meta: FieldMetadata<Schema, FormSchema, string[]>;
  label: string;
  hint?: string;
  type?: 'text' | 'tel' | 'password' | 'email' | 'search' | 'date';
} & InputAttributes) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta, { type })} {...attributes} aria-describedby={describedBy(meta.id, hint, meta.errorId)} />
      <Hint id={meta.id} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A conform field as a labelled select; the options are its children. */
export function SelectField<Schema, FormSchema extends Record<string, unknown>>({
  meta,
  label,
  hint,
  children,
}: {
  meta: FieldMetadata<Schema, FormSchema, string[]>;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta)} aria-describedby={describedBy(meta.id, hint, meta.errorId)}>
        {children}
      </select>
      <Hint id={meta.id} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/**
 * A select outside a conform form (a GET step or a filter): a name, a value and an optional error of its own. The
 * first option, `placeholder`, sends an empty value.
 */
export function PlainSelect({
  id,
  name,
  label,
  value,
  placeholder,
  options,
  error,
  required,
}: {
  id: string;
  name: string;
  label: string;
  value?: string;
  placeholder: string;
  options: readonly { value: string; label: string }[];
  error?: string;
  required?: boolean;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''} required={required} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}>
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error !== undefined ? <ErrorList id={errorId} errors={error ? [error] : undefined} /> : null}
    </div>
  );
}
