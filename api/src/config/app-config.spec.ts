import { ConfigError, validateConfig } from './app-config';

const valid = { DATABASE_URL: 'postgres://u:p@localhost:5432/bimtek' };

describe('validateConfig', () => {
  it('fills defaults for what is not set', () => {
    const config = validateConfig(valid);
    expect(config).toMatchObject({ API_PORT: 3001, API_HOST: '127.0.0.1', NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:3000' });
  });

  it('reads numbers from strings', () => {
    expect(validateConfig({ ...valid, API_PORT: '4000' }).API_PORT).toBe(4000);
  });

  it.each([
    [{ API_PORT: 'abc' }, 'API_PORT'],
    [{ API_PORT: '70000' }, 'API_PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ PUBLIC_URL: 'bimtek.example.go.id' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  ])('stops on %p with a message naming %s', (override, name) => {
    expect(() => validateConfig({ ...valid, ...override })).toThrow(ConfigError);
    expect(() => validateConfig({ ...valid, ...override })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}=`));
  });

  it('requires DATABASE_URL and never prints its value', () => {
    expect(() => validateConfig({})).toThrow(/DATABASE_URL=\(hidden\)/);
    try {
      validateConfig({ DATABASE_URL: 'postgres secret-password' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-password');
    }
  });
});
