import type { components } from '~/utils/api-schema';

/** An action the API records: the `AuditAction` enum of the generated schema. Labels are under `auditAction.*`. */
export type AuditAction = components['schemas']['AuditAction'];

/** The groups of the action filter, in the order the filter shows them; labels under `audit.group.*`. */
export const AUDIT_ACTION_GROUPS = ['account', 'worker', 'course', 'certificate', 'event', 'task', 'report'] as const;
export type AuditActionGroup = (typeof AUDIT_ACTION_GROUPS)[number];

/**
 * The group of every action. `satisfies Record<AuditAction, …>` makes tsc fail when the API adds an action this page
 * does not know (after `npm run openapi`) or drops one it still lists, so the filter cannot drift from the API.
 */
const GROUP_OF = {
  'auth.login': 'account',
  'auth.login_failed': 'account',
  'auth.logout': 'account',
  'auth.activate': 'account',
  'auth.activate_failed': 'account',
  'auth.register': 'account',
  'auth.session_revoke': 'account',
  'auth.password_change': 'account',
  'user.create': 'account',
  'user.role_change': 'account',
  'worker.approve': 'worker',
  'worker.update': 'worker',
  'worker.password_reset': 'worker',
  'worker.activation_codes': 'worker',
  'worker.export': 'worker',
  'roster.import': 'worker',
  'course.assign': 'course',
  'studio.draft.import': 'course',
  'studio.draft.create': 'course',
  'studio.draft.submit': 'course',
  'studio.draft.return': 'course',
  'studio.draft.publish': 'course',
  'certificate.revoke': 'certificate',
  'event.create': 'event',
  'event.invite': 'event',
  'event.checkin_tick': 'event',
  'event.checkin_batch': 'event',
  'event.walk_in': 'event',
  'event.room_test': 'event',
  'event.close': 'event',
  'event.cancel': 'event',
  'event.report': 'event',
  'task.claim': 'task',
  'task.review': 'task',
  'task.appeal': 'task',
  'task.reassign': 'task',
  'report.export': 'report',
  'report.record_view': 'report',
} as const satisfies Record<AuditAction, AuditActionGroup>;

/** Every action the API records. */
export const AUDIT_ACTIONS = Object.keys(GROUP_OF) as AuditAction[];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && Object.hasOwn(GROUP_OF, value);
}

/** The actions of each group, groups in filter order. */
export function auditActionsByGroup(): { group: AuditActionGroup; actions: AuditAction[] }[] {
  return AUDIT_ACTION_GROUPS.map((group) => ({ group, actions: AUDIT_ACTIONS.filter((action) => GROUP_OF[action] === group) }));
}

/** Details as short "key: value" text; the API never puts a NIK, password, code or token in them. */
export function describeDetails(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}
