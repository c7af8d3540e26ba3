import proxyAddr from '@fastify/proxy-addr';
import { trustedProxies } from './trusted-proxies';

/** TRUST_PROXY remembered per address (proxyfast) must answer exactly as proxy-addr does, whatever a client sends. */
describe('trustedProxies', () => {
  const addresses = ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '10.0.0.5', '203.0.113.7', '::ffff:203.0.113.7', 'not an address', ''];

  it.each(['loopback', 'loopback, 10.0.0.0/8', '203.0.113.7'])('answers as proxy-addr compiles %s, asked again or not', (setting) => {
    const compiled = proxyAddr.compile(setting.split(',').map((value) => value.trim()));
    const trust = trustedProxies(setting);
    for (const address of [...addresses, ...addresses]) expect([address, trust(address, 0)]).toEqual([address, compiled(address, 0)]);
  });

  it('still answers right after more addresses than it remembers (a forged X-Forwarded-For of many)', () => {
    const trust = trustedProxies('loopback');
    for (let i = 0; i < 5000; i++) expect(trust(`198.51.${(i >> 8) & 255}.${i & 255}`, i)).toBe(false);
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('198.51.100.1', 1)).toBe(false);
  });
});
