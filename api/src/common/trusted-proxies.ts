import proxyAddr from '@fastify/proxy-addr';

/** Addresses remembered by trustedProxies; X-Forwarded-For is the client's to write, so the memory is bounded. */
const MAX_REMEMBERED_ADDRESSES = 1024;

/**
 * TRUST_PROXY as Fastify compiles a string (proxy-addr, comma-separated), with its answer remembered per address.
 * Every request through the web asks it three times or more (Nest's middleware layer copies `ip`, `ips` and `hostname`
 * onto the raw request, each going through X-Forwarded-*), and proxy-addr parses the address anew each time, about
 * 2 µs: 2-3 % of the API's CPU for a read through the public origin (proxyfast). The answer depends on the address
 * only (no hop count in this setting).
 */
export function trustedProxies(setting: string): (address: string, hop: number) => boolean {
  const trusts = proxyAddr.compile(setting.split(',').map((value) => value.trim()));
  const remembered = new Map<string, boolean>();
  return (address) => {
    let trusted = remembered.get(address);
    if (trusted === undefined) {
      trusted = trusts(address, 0);
      if (remembered.size >= MAX_REMEMBERED_ADDRESSES) remembered.clear();
      remembered.set(address, trusted);
    }
    return trusted;
  };
}
