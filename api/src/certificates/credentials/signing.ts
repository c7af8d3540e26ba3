import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { decode as base58Decode } from 'base58-universal';
import type { DidDocument, DocumentLoader } from './document-loader';

export type Ed25519KeyPair = Ed25519Multikey.Ed25519KeyPair;

/** Multicodec header of an Ed25519 secret key (`ed25519-priv`, 0x1300 as a varint). */
const ED25519_SECRET_HEADER = [0x80, 0x26];

/** A new Ed25519 key controlled by `did`, its id `did#<public key multibase>`. */
export async function generateKeyPair(did: string): Promise<Ed25519KeyPair> {
  return Ed25519Multikey.generate({ controller: did });
}

/**
 * A key from its secret as a multibase string (`z…`, base58btc of the multicodec-prefixed Ed25519 seed, as
 * `@digitalbazaar/ed25519-multikey` exports it); the public key is derived from the seed.
 */
export async function keyPairFromSecret(secretKeyMultibase: string, did: string): Promise<Ed25519KeyPair> {
  if (!secretKeyMultibase.startsWith('z')) throw new Error('The signing key must be a base58btc multibase string starting with "z".');
  const bytes = base58Decode(secretKeyMultibase.slice(1));
  if (bytes.length < 34 || bytes[0] !== ED25519_SECRET_HEADER[0] || bytes[1] !== ED25519_SECRET_HEADER[1]) {
    throw new Error('The signing key is not an Ed25519 secret key in multikey form.');
  }
  return Ed25519Multikey.generate({ controller: did, seed: bytes.slice(2, 34) });
}

/** Adds an embedded `DataIntegrityProof` (cryptosuite `eddsa-rdfc-2022`) made with `key`. */
export async function signCredential<T extends object>(credential: T, key: Ed25519KeyPair, documentLoader: DocumentLoader, now = new Date()): Promise<T & { proof: object }> {
  const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022, date: now });
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader, now });
  return signed as T & { proof: object };
}

export interface VerificationResult {
  verified: boolean;
  /** Why not, in a line, when not verified. */
  error?: string;
}

/**
 * Verifies a credential's proof offline with `documentLoader` (which knows our DID documents and nothing else).
 * Revocation is a separate question (the status list may be elsewhere): pass `checkStatus` to answer it too;
 * without it only the proof, the issuer's key and the dates are checked.
 */
export async function verifyCredential(
  credential: object,
  documentLoader: DocumentLoader,
  options: { checkStatus?: (input: { credential: object }) => Promise<{ verified: boolean }>; now?: Date } = {},
): Promise<VerificationResult> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  // The library accepts one proof object; OB 3.0's schema wants an array: verify with each proof of the array.
  const document = structuredClone(credential) as Record<string, unknown>;
  if (Array.isArray(document.proof) && document.proof.length === 1) document.proof = document.proof[0];
  try {
    const result = await vc.verifyCredential({ credential: document, suite, documentLoader, checkStatus: options.checkStatus ?? proofOnly, now: options.now });
    return result.verified ? { verified: true } : { verified: false, error: describe(result) };
  } catch (error) {
    return { verified: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const proofOnly = async () => ({ verified: true });

function describe(result: { error?: unknown; results?: unknown[] }): string {
  const errors: string[] = [];
  const collect = (value: unknown) => {
    if (!value) return;
    if (Array.isArray(value)) return value.forEach(collect);
    if (value instanceof Error) {
      errors.push(value.message);
      collect((value as Error & { errors?: unknown }).errors);
    } else if (typeof value === 'object' && 'error' in value) collect((value as { error: unknown }).error);
  };
  collect(result.error);
  collect(result.results);
  return errors.join('; ') || 'verification failed';
}

/** The issuer's DID document: every key it ever used, as a Multikey, each usable for assertions. */
export function didDocument(did: string, publicKeysMultibase: string[]): DidDocument {
  const methods = publicKeysMultibase.map((publicKeyMultibase) => ({
    id: `${did}#${publicKeyMultibase}`,
    type: 'Multikey' as const,
    controller: did,
    publicKeyMultibase,
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((method) => method.id),
  };
}
