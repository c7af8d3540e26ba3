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
  /** The post-test as a `Percent` result; absent when the certificate was not issued from an enrollment's post-test. */
  posttest?: { score: number; passMark: number } | null;
  /** Each passed field task as a `RubricCriterionLevel` result (decision 026). */
  fieldTasks?: FieldTaskResult[];
  /** The Dinsos whose reviewer assessed the field tasks (`credentialSubject.source`). */
  assessor?: { id: string; name: string } | null;
  /** The in-person event the holder attended (decision 029): `hours` is then the JP of the attended agenda. */
  event?: EventAttended | null;
}

/** An attended training event as the credential states it, in an `Evidence` entry of genre EVENT_GENRE. */
export interface EventAttended {
  title: string;
  /** "title, dates, venue, region": what the PDF prints, read back from the credential. */
  label: string;
  narrative: string;
  /** The JP of the event's whole agenda (the achievement's `creditsAvailable`). */
  totalJp: number;
}

/** The genre of the Evidence entry naming the attended event. */
export const EVENT_GENRE = 'Kegiatan bimbingan teknis';

/** A passed field task as the credential states it: never a photo, the report or a beneficiary's data. */
export interface FieldTaskResult {
  /** The task's id (a UUID): its ResultDescription is `urn:uuid:<taskId>`. */
  taskId: string;
  title: string;
  /** The rubric's levels, lowest first. */
  levels: Array<{ id: string; title: string; points: number }>;
  passLevel: string;
  achievedLevel: string;
  assessedAt: Date;
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
      ...subjectResults(facts),
      achievement: {
        id: `urn:uuid:${facts.courseVersionId}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: facts.courseTitle,
        description: `${facts.courseSummary} Bimbingan teknis ${facts.event?.totalJp ?? facts.hours} JP untuk ${facts.pillarLabel}.`.trim(),
        criteria: { narrative: facts.criteria },
        creditsAvailable: facts.event?.totalJp ?? facts.hours,
        fieldOfStudy: 'Kesejahteraan Sosial',
        inLanguage: 'id',
        ...achievementResultDescriptions(facts),
      },
    },
    ...evidenceOf(facts),
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

const posttestDescriptionId = (facts: CredentialFacts) => `urn:uuid:${facts.courseVersionId}#post-test`;
const taskDescriptionId = (task: FieldTaskResult) => `urn:uuid:${task.taskId}`;
const levelId = (task: FieldTaskResult, level: string) => `urn:uuid:${task.taskId}#${encodeURIComponent(level)}`;

/**
 * OB 3.0 ResultDescriptions on the achievement: the post-test (`Percent`, with the pass mark as the required value)
 * and each field task (`RubricCriterionLevel`: its ordered levels, and the level required to pass).
 */
function achievementResultDescriptions(facts: CredentialFacts): { resultDescription?: Array<Record<string, unknown>> } {
  const descriptions: Array<Record<string, unknown>> = [];
  if (facts.posttest) {
    descriptions.push({
      id: posttestDescriptionId(facts),
      type: ['ResultDescription'],
      name: 'Nilai post-test',
      resultType: 'Percent',
      valueMin: '0',
      valueMax: '100',
      requiredValue: String(facts.posttest.passMark),
    });
  }
  for (const task of facts.fieldTasks ?? []) {
    descriptions.push({
      id: taskDescriptionId(task),
      type: ['ResultDescription'],
      name: `Tugas lapangan: ${task.title}`,
      resultType: 'RubricCriterionLevel',
      rubricCriterionLevel: task.levels.map((level, rank) => ({
        id: levelId(task, level.id),
        type: ['RubricCriterionLevel'],
        name: level.title,
        level: String(rank + 1),
        points: String(level.points),
      })),
      requiredLevel: levelId(task, task.passLevel),
    });
  }
  return descriptions.length > 0 ? { resultDescription: descriptions } : {};
}

/** The holder's results, each linked to its ResultDescription, and who assessed the field tasks. */
function subjectResults(facts: CredentialFacts): { result?: Array<Record<string, unknown>>; source?: Record<string, unknown> } {
  const results: Array<Record<string, unknown>> = [];
  if (facts.posttest) results.push({ type: ['Result'], resultDescription: posttestDescriptionId(facts), value: String(facts.posttest.score) });
  for (const task of facts.fieldTasks ?? []) {
    results.push({ type: ['Result'], resultDescription: taskDescriptionId(task), achievedLevel: levelId(task, task.achievedLevel), status: 'Completed' });
  }
  return {
    ...(results.length > 0 ? { result: results } : {}),
    ...(facts.assessor && (facts.fieldTasks?.length ?? 0) > 0 ? { source: { id: facts.assessor.id, type: ['Profile'], name: facts.assessor.name } } : {}),
  };
}

/**
 * One evidence entry per field task (a narrative only; the report and photos stay in the system, never published), and
 * one naming the attended event.
 */
function evidenceOf(facts: CredentialFacts): { evidence?: Array<Record<string, unknown>> } {
  const tasks = facts.fieldTasks ?? [];
  const event = facts.event ? [{ type: ['Evidence'], name: `Kegiatan: ${facts.event.title}`, genre: EVENT_GENRE, description: facts.event.label, narrative: facts.event.narrative }] : [];
  if (tasks.length === 0 && event.length === 0) return {};
  return {
    evidence: [...event, ...tasks.map((task) => {
      const level = task.levels.find((candidate) => candidate.id === task.achievedLevel)?.title ?? task.achievedLevel;
      return {
        type: ['Evidence'],
        name: `Tugas lapangan: ${task.title}`,
        narrative: `Tugas lapangan "${task.title}" dinilai pada ${dateId(task.assessedAt)} dengan tingkat ${level}. Bukti tersimpan di sistem, tidak dipublikasikan.`,
      };
    })],
  };
}

/** The attended event's label as a signed credential states it (null: none), for the PDF. */
export function eventLineOf(credential: Record<string, unknown>): string | null {
  const evidence = (credential.evidence ?? []) as Array<Record<string, unknown>>;
  const entry = evidence.find((candidate) => candidate.genre === EVENT_GENRE);
  return typeof entry?.description === 'string' ? entry.description : null;
}

/**
 * The passed field tasks as a signed credential states them, "title — tingkat Level" each: what the PDF prints, read
 * back from the credential so the PDF and the credential never disagree.
 */
export function fieldTaskLinesOf(credential: Record<string, unknown>): string[] {
  const subject = (credential.credentialSubject ?? {}) as { result?: Array<Record<string, unknown>>; achievement?: { resultDescription?: Array<Record<string, unknown>> } };
  const descriptions = new Map((subject.achievement?.resultDescription ?? []).map((description) => [description.id, description]));
  return (subject.result ?? []).flatMap((result) => {
    const description = descriptions.get(result.resultDescription);
    if (!description || description.resultType !== 'RubricCriterionLevel') return [];
    const levels = (description.rubricCriterionLevel ?? []) as Array<{ id: string; name: string }>;
    const level = levels.find((candidate) => candidate.id === result.achievedLevel)?.name ?? '';
    const title = String(description.name ?? '').replace(/^Tugas lapangan: /, '');
    return [level ? `${title} — tingkat ${level}` : title];
  });
}

/** A date as "20 November 2026" (Asia/Jakarta). */
function dateId(date: Date): string {
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(date);
}

/** ISO 8601 without milliseconds, as XML Schema dateTimeStamp expects. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
