import { SetMetadata } from '@nestjs/common';

/** The roles of Bimtek Pilar. */
export enum Role {
  PESERTA = 'PESERTA',
  PELATIH = 'PELATIH',
  ADMIN_DINSOS = 'ADMIN_DINSOS',
  ADMIN_PUSAT = 'ADMIN_PUSAT',
}

export const POLICY_KEY = 'bimtek:policy';

export type Policy = { public: true } | { public: false; roles: Role[] };

/**
 * Every route declares who may call it, with exactly one of these decorators on the handler or its controller:
 * a route without one is refused by the guard and fails the RBAC matrix test.
 */
export const Public = () => SetMetadata(POLICY_KEY, { public: true } satisfies Policy);

/** Signed-in users with one of these roles (any signed-in user when none are given). */
export const Authenticated = (...roles: Role[]) =>
  SetMetadata(POLICY_KEY, { public: false, roles: roles.length ? roles : Object.values(Role) } satisfies Policy);
