import { Role } from './policy.decorator';

/**
 * Which regions a caller may see. Codes are dotted Kemendagri codes, so a scope `32.72` covers `32.72` itself and
 * every code under it (`32.72.03`), but not `32.7` nor `32.720`. ADMIN_PUSAT sees everything.
 */
export type RegionScope = { all: true } | { all: false; code: string };

export interface ScopedCaller {
  role: Role;
  regionCode: string | null;
}

export function scopeOf(caller: ScopedCaller): RegionScope {
  if (caller.role === Role.ADMIN_PUSAT) return { all: true };
  // A non-national account without a region sees nothing: '' matches no code.
  return { all: false, code: caller.regionCode ?? '' };
}

export function inScope(code: string | null | undefined, scope: RegionScope): boolean {
  if (scope.all) return true;
  if (!code || !scope.code) return false;
  return code === scope.code || code.startsWith(`${scope.code}.`);
}

/** The scope as a SQL condition on `column` (TRUE for a national scope): `scopeSql('u.region_code', scope, params)` pushes its parameters onto `params`. */
export function scopeSql(column: string, scope: RegionScope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  params.push(scope.code, `${scope.code}.%`);
  return `(${column} = $${params.length - 1} OR ${column} LIKE $${params.length})`;
}
