import type { components } from './api-schema';

/**
 * The API's types and enums, from the generated schema (api-schema.d.ts). The value lists below exist because a select
 * needs them at run time; `satisfies Record<…, true>` makes tsc check each list against the API's enum both ways.
 */
type Schemas = components['schemas'];
export type UserDto = Schemas['UserDto'];
export type Role = Schemas['Role'];
export type Pillar = Schemas['Pillar'];
export type CoursePillar = Schemas['CoursePillar'];
export type UserStatus = Schemas['UserStatus'];
export type RevocationReason = Schemas['RevocationReason'];
export type CertificateStatus = Schemas['IssuedCertificateDto']['status'];
export type QuizKind = Schemas['QuizKind'];
export type IntegrityFlagKind = Schemas['IntegrityFlagKind'];

/** The keys of a `satisfies Record<Enum, true>` object: every member of the enum, as a non-empty list (for z.enum). */
function keysOf<K extends string>(record: Record<K, true>): [K, ...K[]] {
  return Object.keys(record) as [K, ...K[]];
}

function isOneOf<K extends string>(list: readonly K[]) {
  return (value: unknown): value is K => typeof value === 'string' && (list as readonly string[]).includes(value);
}

export const PILLARS = keysOf({ TKSK: true, TAGANA: true, PSM: true, KARANG_TARUNA: true, PENDAMPING_PKH: true, SLRT: true } satisfies Record<Pillar, true>);
export const COURSE_PILLARS = keysOf({ TKSK: true, TAGANA: true, PSM: true, KARANG_TARUNA: true, PENDAMPING_PKH: true, SLRT: true, SEMUA: true } satisfies Record<CoursePillar, true>);
export const ROLES = keysOf({ PESERTA: true, PELATIH: true, ADMIN_DINSOS: true, ADMIN_PUSAT: true } satisfies Record<Role, true>);
export const USER_STATUSES = keysOf({ PENDING: true, INVITED: true, ACTIVE: true, DISABLED: true } satisfies Record<UserStatus, true>);
export const REVOCATION_REASONS = keysOf({ DATA_ERROR: true, FRAUD: true, DUPLICATE: true, OTHER: true } satisfies Record<RevocationReason, true>);
export const QUIZ_KINDS = keysOf({ pretest: true, posttest: true } satisfies Record<QuizKind, true>);
export const CERTIFICATE_STATUSES = keysOf({ valid: true, expired: true, revoked: true } satisfies Record<CertificateStatus, true>);

export const isPillar = isOneOf(PILLARS);
export const isCoursePillar = isOneOf(COURSE_PILLARS);
export const isUserStatus = isOneOf(USER_STATUSES);
export const isRevocationReason = isOneOf(REVOCATION_REASONS);
export const isCertificateStatus = isOneOf(CERTIFICATE_STATUSES);
export const isQuizKind = isOneOf(QUIZ_KINDS);
export const INTEGRITY_FLAG_KINDS = keysOf({ FAST_COMPLETION: true, SAME_ANSWERS: true } satisfies Record<IntegrityFlagKind, true>);
export const isIntegrityFlagKind = isOneOf(INTEGRITY_FLAG_KINDS);
