/** The audit actions the API records (api/src/audit/audit.service.ts AuditAction); labels under `auditAction.*`. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.activate',
  'auth.activate_failed',
  'auth.register',
  'auth.session_revoke',
  'auth.password_change',
  'worker.approve',
  'worker.update',
  'worker.password_reset',
  'worker.activation_codes',
  'worker.export',
  'roster.import',
  'user.create',
  'user.role_change',
  'course.assign',
  'certificate.revoke',
] as const;

/** Details as short "key: value" text; the API never puts a NIK, password, code or token in them. */
export function describeDetails(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}
