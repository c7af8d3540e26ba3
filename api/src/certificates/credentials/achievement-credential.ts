export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export interface CredentialFacts {
  certificateId: string;
  /** A random id of this credential's subject: never the account's id (issue #21, F-L10). */
  subjectId: string;
  courseVersionId: string;
  holderName: string;
  courseTitle: string;
  courseSummary: string;
  /** The course's rules, in words: what the holder did to earn it. */
  criteria: string;
  hours: number;
  pillarLabel: string;
  number: string;
  issuerName: string;
  issuedAt: Date;
  completedAt: Date;
  validUntil: Date | null;
}

export interface StatusEntry {
  listUrl: string;
  index: number;
}

/**
 * The Open Badges 3.0 AchievementCredential of a certificate (VC Data Model 2.0), unsigned. The subject is known by
 * an opaque id and the name printed on the certificate; never by phone, NIK or email.
 */
export function buildAchievementCredential(facts: CredentialFacts, issuerDid: string, publicUrl: string, status: StatusEntry): Record<string, unknown> {
  const credential: Record<string, unknown> = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${facts.certificateId}`,
    type: ['VerifiableCredential', 'AchievementCredential'],
    name: `Sertifikat ${facts.courseTitle}`,
    description: `Sertifikat bimbingan teknis nomor ${facts.number}.`,
    issuer: { id: issuerDid, type: ['Profile'], name: facts.issuerName, url: publicUrl },
    validFrom: iso(facts.issuedAt),
    ...(facts.validUntil ? { validUntil: iso(facts.validUntil) } : {}),
    credentialSubject: {
      // Random per credential: the account's own id would link a holder's credentials and name an internal record.
      id: `urn:uuid:${facts.subjectId}`,
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: facts.holderName }],
      activityEndDate: iso(facts.completedAt),
      creditsEarned: facts.hours,
      achievement: {
        id: `urn:uuid:${facts.courseVersionId}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: facts.courseTitle,
        description: `${facts.courseSummary} Bimbingan teknis ${facts.hours} JP untuk ${facts.pillarLabel}.`.trim(),
        criteria: { narrative: facts.criteria },
        creditsAvailable: facts.hours,
        fieldOfStudy: 'Kesejahteraan Sosial',
        inLanguage: 'id',
      },
    },
    credentialStatus: {
      id: `${status.listUrl}#${status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(status.index),
      statusListCredential: status.listUrl,
    },
  };
  return credential;
}

/** ISO 8601 without milliseconds, as XML Schema dateTimeStamp expects. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
