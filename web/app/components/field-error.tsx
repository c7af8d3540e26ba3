/** The error under a field, tied to it by id (the input's aria-describedby / aria-errormessage). */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p className="field-error" id={id} aria-live="polite">
      {errors?.join(' ')}
    </p>
  );
}
