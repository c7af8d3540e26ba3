import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { buildAchievementCredential, CredentialFacts } from './achievement-credential';
import { didWebOf } from './did-web';
import { strictDocumentLoader } from './document-loader';
import { didDocument, generateKeyPair, keyPairFromSecret, signCredential, verifyCredential } from './signing';
import { buildStatusListCredential, readStatusBit } from './status-list';

const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'assets', 'ob_v3p0_achievementcredential_schema.json'), 'utf8'));
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const did = didWebOf('http://localhost:3000');
const facts: CredentialFacts = {
  certificateId: '6f1f6d4e-1b8e-4d8a-9c51-3b1c3f0d2a11',
  subjectId: '0b7e2f4c-9a3d-4c1e-8f6b-2d5a7c9e1f30',
  courseVersionId: '9c4d2e1f-7b6a-4f3e-8d2c-1a0b9c8d7e6f',
  holderName: "Nur'aini Siti Ñúñez",
  courseTitle: 'Dasar-Dasar Tagana',
  courseSummary: 'Kesiapsiagaan dan tanggap darurat bencana.',
  criteria: 'Membaca semua materi dan lulus post-test dengan nilai minimal 70.',
  hours: 8,
  pillarLabel: 'Tagana',
  number: '00001/BIMTEK-TAGANA/32.72/2026',
  issuerName: 'Dinas Sosial Kota Sukabumi',
  issuedAt: new Date('2026-11-20T03:00:00Z'),
  completedAt: new Date('2026-11-20T02:00:00Z'),
  validUntil: new Date('2029-11-20T02:00:00Z'),
};
const status = { listUrl: 'http://localhost:3000/api/credentials/status/1', index: 7 };

function withProofArray(credential: Record<string, unknown>): Record<string, unknown> {
  return { ...credential, proof: [credential.proof] };
}

describe('Open Badges 3.0 credentials', () => {
  it('is called an AchievementCredential on VC 2.0 with our did:web as issuer', () => {
    expect(did).toBe('did:web:localhost%3A3000');
    const credential = buildAchievementCredential(facts, did, 'http://localhost:3000', status);
    expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(credential.type).toEqual(['VerifiableCredential', 'AchievementCredential']);
  });

  it('validates against the official OB 3.0 schema and verifies offline; any change, another key or another DID fails', async () => {
    const key = await generateKeyPair(did);
    const loader = strictDocumentLoader([didDocument(did, [key.publicKeyMultibase])]);
    const signed = withProofArray(await signCredential(buildAchievementCredential(facts, did, 'http://localhost:3000', status), key, loader));

    expect(validate(signed)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(await verifyCredential(signed, loader)).toEqual({ verified: true });

    // A changed character in any field.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case reaches into a different field of the JSON-LD document
    const tampered: Array<(c: any) => void> = [
      (c) => (c.credentialSubject.identifier[0].identityHash = "Nur'aini Siti Ñuñez"),
      (c) => (c.credentialSubject.achievement.name = 'Dasar-Dasar Tagano'),
      (c) => (c.validUntil = '2039-11-20T02:00:00Z'),
      (c) => (c.credentialSubject.creditsEarned = 9),
      (c) => (c.issuer.name = 'Dinas Sosial Kota Sukabumi.'),
      (c) => (c.credentialStatus.statusListIndex = '8'),
    ];
    for (const change of tampered) {
      const copy = structuredClone(signed);
      change(copy);
      expect((await verifyCredential(copy, loader)).verified).toBe(false);
    }

    // Signed with a key the DID document does not list.
    const stranger = await generateKeyPair(did);
    const forged = withProofArray(await signCredential(buildAchievementCredential(facts, did, 'http://localhost:3000', status), stranger, strictDocumentLoader([didDocument(did, [stranger.publicKeyMultibase])])));
    expect((await verifyCredential(forged, loader)).verified).toBe(false);

    // Issued by a DID the loader does not know: refused, nothing fetched.
    const otherDid = 'did:web:evil.example';
    const otherKey = await generateKeyPair(otherDid);
    const foreign = withProofArray(
      await signCredential(buildAchievementCredential(facts, otherDid, 'https://evil.example', status), otherKey, strictDocumentLoader([didDocument(otherDid, [otherKey.publicKeyMultibase])])),
    );
    const result = await verifyCredential(foreign, loader);
    expect(result.verified).toBe(false);
    expect(result.error).toMatch(/Refusing to load "did:web:evil\.example/);
  });

  it('keeps verifying credentials signed before a key rotation', async () => {
    const oldKey = await generateKeyPair(did);
    const newKey = await generateKeyPair(did);
    const before = strictDocumentLoader([didDocument(did, [oldKey.publicKeyMultibase])]);
    const after = strictDocumentLoader([didDocument(did, [oldKey.publicKeyMultibase, newKey.publicKeyMultibase])]);
    const oldCredential = withProofArray(await signCredential(buildAchievementCredential(facts, did, 'http://localhost:3000', status), oldKey, before));
    const newCredential = withProofArray(await signCredential(buildAchievementCredential(facts, did, 'http://localhost:3000', status), newKey, after));
    expect(await verifyCredential(oldCredential, after)).toEqual({ verified: true });
    expect(await verifyCredential(newCredential, after)).toEqual({ verified: true });
  });

  it('reads a key back from its multibase secret', async () => {
    const key = await generateKeyPair(did);
    const { secretKeyMultibase } = await key.export({ publicKey: true, secretKey: true });
    expect((await keyPairFromSecret(secretKeyMultibase, did)).publicKeyMultibase).toBe(key.publicKeyMultibase);
    await expect(keyPairFromSecret(key.publicKeyMultibase, did)).rejects.toThrow(/not an Ed25519 secret key/);
  });

  it('sets the revoked bits of a signed status list', async () => {
    const key = await generateKeyPair(did);
    const loader = strictDocumentLoader([didDocument(did, [key.publicKeyMultibase])]);
    const list = await signCredential(await buildStatusListCredential(status.listUrl, did, 131_072, [7, 131_071], new Date()), key, loader);
    expect(await verifyCredential(list, loader)).toEqual({ verified: true });
    const subject = list as unknown as { credentialSubject: { encodedList: string } };
    expect(await readStatusBit(subject, 7)).toBe(true);
    expect(await readStatusBit(subject, 8)).toBe(false);
    expect(await readStatusBit(subject, 131_071)).toBe(true);
  });
});
