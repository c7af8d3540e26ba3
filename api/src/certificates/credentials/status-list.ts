import { Bitstring } from '@digitalbazaar/bitstring';
import { iso, VC_V2_CONTEXT } from './achievement-credential';

/** 131,072 entries: the minimum size the Bitstring Status List spec asks for, so one entry hides among many. */
export const STATUS_LIST_SIZE = 131_072;

/** The unsigned BitstringStatusListCredential of a list whose `revoked` indexes are set. */
export async function buildStatusListCredential(listUrl: string, issuerDid: string, size: number, revoked: number[], now: Date): Promise<Record<string, unknown>> {
  const bits = new Bitstring({ length: size });
  for (const index of revoked) bits.set(index, true);
  return {
    '@context': [VC_V2_CONTEXT],
    id: listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerDid,
    validFrom: iso(now),
    credentialSubject: {
      id: `${listUrl}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      // Multibase base64url (prefix `u`) of the GZIP-compressed bitstring, as the spec says.
      encodedList: `u${await bits.encodeBits()}`,
    },
  };
}

/** Reads one bit of a status-list credential (what an outside verifier does). */
export async function readStatusBit(statusListCredential: { credentialSubject: { encodedList: string } }, index: number): Promise<boolean> {
  const encoded = statusListCredential.credentialSubject.encodedList;
  const buffer = await Bitstring.decodeBits({ encoded: encoded.startsWith('u') ? encoded.slice(1) : encoded });
  return new Bitstring({ buffer }).get(index);
}
