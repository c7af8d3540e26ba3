import { Throttle } from '@nestjs/throttler';

/**
 * Requests a minute one address may make to a public certificate route: enough for people scanning codes, far too
 * few to enumerate 70-bit codes. Read when a request arrives (the configuration is validated at start-up).
 */
function limit(): number {
  const configured = Number(process.env.CERTIFICATE_RATE_LIMIT);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return process.env.NODE_ENV === 'test' ? 100_000 : 60;
}

export const CertificateThrottle = () => Throttle({ default: { limit, ttl: 60_000 } });
