import { SetMetadata } from '@nestjs/common';

/** The roles of Bimtek Pilar. */
export enum Role {
  PESERTA = 'PESERTA',
  PELATIH = 'PELATIH',
  ADMIN_DINSOS = 'ADMIN_DINSOS',
  ADMIN_PUSAT = 'ADMIN_PUSAT',
}

export const POLICY_KEY = 'bimtek:policy';

export type Policy = { public: true; identify?: boolean } | { public: false; roles: Role[] };

/**
 * Every route declares who may call it, with exactly one of these decorators on the handler or its controller:
 * a route without one is refused by the guard and fails the RBAC matrix test.
 *
 * A public route costs no session lookup: hot public reads (lessons, regions) stay free of database work. Pass
 * `@Public({ identify: true })` when a public route wants to know who is calling, if anyone (`request.auth`).
 */
export const Public = (options: { identify?: boolean } = {}) =>
  SetMetadata(POLICY_KEY, { public: true, ...(options.identify ? { identify: true } : {}) } satisfies Policy);

/** Signed-in users with one of these roles (any signed-in user when none are given). */
export const Authenticated = (...roles: Role[]) =>
  SetMetadata(POLICY_KEY, { public: false, roles: roles.length ? roles : Object.values(Role) } satisfies Policy);
