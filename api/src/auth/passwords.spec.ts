import { DEMO_ACCOUNTS } from '../users/demo-accounts';
import { passwordProblem } from './passwords';

describe('password policy (F-L7)', () => {
  it.each([
    ['aaaaaaaaaa', 'AUTH_PASSWORD_WEAK'],
    [' '.repeat(12), 'AUTH_PASSWORD_WEAK'],
    ['🙂'.repeat(10), 'AUTH_PASSWORD_WEAK'],
    ['a'.repeat(128), 'AUTH_PASSWORD_WEAK'],
    ['bimtek2026', 'AUTH_PASSWORD_TOO_COMMON'],
    ['kemensos1', 'AUTH_PASSWORD_TOO_SHORT'],
    ['Kemensos 2026!', 'AUTH_PASSWORD_WEAK'],
    ['Sukabumi123', 'AUTH_PASSWORD_WEAK'],
    ['tksk-2026-01', 'AUTH_PASSWORD_WEAK'],
    ['password1', 'AUTH_PASSWORD_TOO_SHORT'],
    ['Password12', 'AUTH_PASSWORD_TOO_COMMON'],
    ['1234567890', 'AUTH_PASSWORD_TOO_COMMON'],
    ['qwertyuiop', 'AUTH_PASSWORD_TOO_COMMON'],
    ['indonesia1', 'AUTH_PASSWORD_TOO_COMMON'],
    ['aaaaaaaa', 'AUTH_PASSWORD_TOO_SHORT'],
  ])('refuses %p as %s', (password, code) => {
    expect(passwordProblem(password)?.code).toBe(code);
  });

  it("refuses a password holding the account's phone number", () => {
    expect(passwordProblem('081234567890', { phone: '+6281234567890' })?.code).toBe('AUTH_PASSWORD_WEAK');
    expect(passwordProblem('rumah 0812-3456-7890 kita', { phone: '+6281234567890' })).toMatchObject({ code: 'AUTH_PASSWORD_WEAK', message: expect.stringContaining('nomor HP') });
    expect(passwordProblem('rumah 0812-3456-7890 kita', { phone: '+6285700001111' })).toBeNull();
  });

  it('accepts phrases, and the demo accounts of the contract', () => {
    expect(passwordProblem('ombak pantai palabuhanratu')).toBeNull();
    expect(passwordProblem('siaga bencana selalu')).toBeNull();
    for (const account of DEMO_ACCOUNTS) expect(passwordProblem(account.password, { phone: account.phone })).toBeNull();
  });
});
