/** Dates as Indonesians read them, in WIB (the API stores UTC; most Dinsos offices and the ministry run on WIB). */
export function formatDateTime(value: string | Date | null | undefined, locale = 'id'): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  const text = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
    timeZone: 'Asia/Jakarta',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  return `${text} WIB`;
}

/** `+6281234567890` → `0812-3456-7890`, the form people write and read aloud. Anything else is shown as is. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^\+62(\d{3})(\d{3,4})(\d{3,5})$/.exec(value);
  if (!match) return value;
  return `0${match[1]}-${match[2]}-${match[3]}`;
}

/** An activation code in two halves, `K7M2-Q9TX`, easier to read out and copy. */
export function formatActivationCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export function formatNumber(value: number, locale = 'id'): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID').format(value);
}
