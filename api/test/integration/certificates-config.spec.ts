import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CertificatesService } from '../../src/certificates/certificates.service';
import { generateKeyPair } from '../../src/certificates/credentials/signing';
import { SigningKeysService } from '../../src/certificates/signing-keys.service';
import { verifyCredential } from '../../src/certificates/credentials/signing';
import { createUser } from '../factories';
import { createTestApp, TestApp } from '../test-app';

// Configuration read at start-up (the signing key) and per request (the rate limit): set before the app starts,
// restored after, since jest reuses this process for other files.
const saved = { key: process.env.CREDENTIAL_SIGNING_KEY, limit: process.env.CERTIFICATE_RATE_LIMIT };
let t: TestApp;
let configuredPublicKey: string;

beforeAll(async () => {
  const key = await generateKeyPair('did:web:localhost%3A3000');
  configuredPublicKey = key.publicKeyMultibase;
  process.env.CREDENTIAL_SIGNING_KEY = (await key.export({ publicKey: true, secretKey: true })).secretKeyMultibase;
  process.env.CERTIFICATE_RATE_LIMIT = '5';
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  for (const [name, value] of [['CREDENTIAL_SIGNING_KEY', saved.key], ['CERTIFICATE_RATE_LIMIT', saved.limit]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('certificate configuration', () => {
  it('signs with CREDENTIAL_SIGNING_KEY and stores only its public half', async () => {
    const db = t.app.get(DataSource);
    const [version] = await db.query(
      `WITH c AS (INSERT INTO courses (slug) VALUES ('uji-kunci') RETURNING id)
       INSERT INTO course_versions (course_id, number, content_hash, title, summary, pillars, hours, lesson_count, total_minutes, settings)
       SELECT c.id, 1, $1, 'Kursus Uji', 'Ringkas.', '{TKSK}', 4, 1, 10, $2 FROM c RETURNING id`,
      ['c'.repeat(64), JSON.stringify({
        pretest: { bank: 'questions/pretest.yaml', draw: 1, bankSize: 1, timeLimitMinutes: null },
        posttest: { bank: 'questions/posttest.yaml', draw: 1, bankSize: 1, timeLimitMinutes: null, passMark: 70, maxAttempts: null, partialCredit: false },
        practice: [],
        certificate: { validityMonths: null },
      })],
    );
    const user = await createUser(t);
    const { code } = await t.app.get(CertificatesService).issue({ enrollmentId: randomUUID(), userId: user.id, courseVersionId: version.id, completedAt: new Date() });
    const credential = JSON.parse((await t.http.get(`/api/certificates/${code}/credential`).expect(200)).text);
    expect(credential.proof[0].verificationMethod).toBe(`did:web:localhost%3A3000#${configuredPublicKey}`);
    expect(credential.validUntil).toBeUndefined();
    expect(await verifyCredential(credential, await t.app.get(SigningKeysService).documentLoader())).toEqual({ verified: true });
    const keys = await db.query(`SELECT * FROM credential_signing_keys`);
    expect(keys).toEqual([{ id: expect.any(Number), public_key_multibase: configuredPublicKey, source: 'CONFIG', created_at: expect.any(Date) }]);
  });

  it('limits look-ups of certificate codes per address (against enumeration)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.http.get('/api/certificates/AAAA-BBBB-CCCC-DD')).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
