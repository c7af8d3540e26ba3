/** The pilar-pilar sosial a worker belongs to (the API's `Pillar`); labels live in the locales under `pillar.*`. */
export const PILLARS = ['TKSK', 'TAGANA', 'PSM', 'KARANG_TARUNA', 'PENDAMPING_PKH', 'SLRT'] as const;
export type Pillar = (typeof PILLARS)[number];

export function isPillar(value: unknown): value is Pillar {
  return typeof value === 'string' && (PILLARS as readonly string[]).includes(value);
}

export const ROLES = ['PESERTA', 'PELATIH', 'ADMIN_DINSOS', 'ADMIN_PUSAT'] as const;
export const USER_STATUSES = ['PENDING', 'INVITED', 'ACTIVE', 'DISABLED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isUserStatus(value: unknown): value is UserStatus {
  return typeof value === 'string' && (USER_STATUSES as readonly string[]).includes(value);
}
