import { parseWithZod } from '@conform-to/zod';
import { formatActivationCode, formatDate, formatDateTime, formatPhone, zoneOfRegion } from '~/utils/format';
import { activationSchema, changePasswordSchema, normalizeActivationCode, registrationSchema } from '~/components/auth/schemas';

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const activation = { phone: '0812-3456-7890', code: 'k7m2-q9tx', password: 'sinar pagi di citamiang', confirm: 'sinar pagi di citamiang' };
const registration = {
  name: "Ni Luh Putu Ayu",
  phone: '+62 813 1111 2222',
  pillar: 'KARANG_TARUNA',
  regionCode: '32.72.03',
  password: 'sinar pagi di citamiang',
  confirm: 'sinar pagi di citamiang',
};

describe('the activation form', () => {
  it('accepts a code typed in lower case with a dash and sends it as 8 characters', () => {
    const submission = parseWithZod(form(activation), { schema: activationSchema });
    expect(submission.status).toBe('success');
    if (submission.status === 'success') expect(submission.value.code).toBe('K7M2Q9TX');
  });

  it('puts the error of a short code and of different passwords next to those fields', () => {
    const submission = parseWithZod(form({ ...activation, code: 'K7M2', confirm: 'something else' }), { schema: activationSchema });
    expect(submission.status).toBe('error');
    const errors = submission.reply().error ?? {};
    expect(errors.code?.[0]).toMatch(/8 huruf/);
    expect(errors.confirm?.[0]).toMatch(/tidak sama/);
    expect(errors.password).toBeUndefined();
  });

  it('refuses a password under 10 characters and a phone that is not Indonesian', () => {
    const submission = parseWithZod(form({ ...activation, phone: '555-1234', password: 'pendek', confirm: 'pendek' }), { schema: activationSchema });
    const errors = submission.reply().error ?? {};
    expect(errors.password?.[0]).toMatch(/minimal 10/);
    expect(errors.phone?.[0]).toMatch(/tidak valid/);
  });

  it('normalizes codes with spaces, dashes and dots', () => {
    expect(normalizeActivationCode(' k7m2 q9tx ')).toBe('K7M2Q9TX');
    expect(normalizeActivationCode('K7M2—Q9.TX')).toBe('K7M2Q9TX');
  });
});

describe('the registration form', () => {
  it('accepts a worker with a kecamatan', () => {
    expect(parseWithZod(form(registration), { schema: registrationSchema }).status).toBe('success');
  });

  it('keeps odd names as typed, only trimming the ends', () => {
    for (const name of ["Ahmad Ma'ruf", 'Sukarno', 'I Gusti Ayu Ngurah 🌺', 'Nur\u200BAini']) {
      const submission = parseWithZod(form({ ...registration, name: `  ${name} ` }), { schema: registrationSchema });
      expect(submission.status === 'success' && submission.value.name).toBe(name);
    }
  });

  it('asks for a pillar from the list and a kecamatan, not a province or kabupaten', () => {
    const errors = parseWithZod(form({ ...registration, pillar: 'DOKTER', regionCode: '32.72' }), { schema: registrationSchema }).reply().error ?? {};
    expect(errors.pillar?.[0]).toBe('Pilih pilar Anda.');
    expect(errors.regionCode?.[0]).toBe('Pilih kecamatan.');
  });

  it('refuses a blank name', () => {
    const errors = parseWithZod(form({ ...registration, name: '   ' }), { schema: registrationSchema }).reply().error ?? {};
    expect(errors.name?.[0]).toBe('Nama wajib diisi.');
  });
});

describe('the change-password form', () => {
  it('needs the current password and the new one twice', () => {
    const missing = parseWithZod(form({ currentPassword: '', password: 'sinar pagi di citamiang', confirm: 'sinar pagi di citamiang' }), { schema: changePasswordSchema });
    expect(missing.reply().error?.currentPassword?.[0]).toBe('Kata sandi lama wajib diisi.');
    const different = parseWithZod(form({ currentPassword: 'x', password: 'sinar pagi di citamiang', confirm: 'sinar pagi' }), { schema: changePasswordSchema });
    expect(different.reply().error?.confirm?.[0]).toMatch(/tidak sama/);
    expect(parseWithZod(form({ currentPassword: 'x', password: 'sinar pagi di citamiang', confirm: 'sinar pagi di citamiang' }), { schema: changePasswordSchema }).status).toBe('success');
  });
});

describe('API errors on the forms', () => {
});

describe('display formats', () => {
  it('shows +62 numbers the local way and codes in two halves', () => {
    expect(formatPhone('+6281234567890')).toBe('0812-3456-7890');
    expect(formatPhone('+628123456789')).toBe('0812-3456-789');
    expect(formatPhone('12345')).toBe('12345');
    expect(formatActivationCode('K7M2Q9TX')).toBe('K7M2-Q9TX');
  });

  it('names the time zone of every date: WIB by default, WITA and WIT by region', () => {
    const at = '2026-12-03T17:30:00.000Z';
    expect(formatDateTime(at, 'id')).toMatch(/^4 Des 2026.*00[.:]30 WIB$/);
    expect(formatDateTime(at, 'id', { zone: zoneOfRegion('51.71') })).toMatch(/01[.:]30 WITA$/);
    expect(formatDate(at, 'en', zoneOfRegion('94.71'))).toBe('4 December 2026 (WIT)');
    expect(formatDate(null)).toBe('—');
  });
});
