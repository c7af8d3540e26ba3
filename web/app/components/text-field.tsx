import { getInputProps, type FieldMetadata } from '@conform-to/react';
import type { InputHTMLAttributes } from 'react';
import { FieldError } from './field-error';

type Attributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'name' | 'id' | 'defaultValue' | 'aria-describedby'>;

/** One labelled input with its hint and its error, tied together for screen readers: the one way to show a field. */
export function TextField<Schema extends string | undefined, FormSchema extends Record<string, unknown>>({
  meta,
  label,
  hint,
  type = 'text',
  ...attributes
}: {
  meta: FieldMetadata<Schema, FormSchema, string[]>;
  label: string;
  hint?: string;
  type?: 'text' | 'tel' | 'password' | 'email' | 'search';
} & Attributes) {
  const hintId = `${meta.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta, { type })} {...attributes} aria-describedby={hint ? `${hintId} ${meta.errorId}` : meta.errorId} />
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
