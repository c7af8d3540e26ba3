import type { Role } from '~/utils/api-types';

/** Who reviews field tasks (the API's policy and region scope apply again): trainers and admins. */
export const REVIEWER_ROLES = ['PELATIH', 'ADMIN_DINSOS', 'ADMIN_PUSAT'] as const satisfies readonly Role[];

/** The tasks strings first, then admin and common (navigation, form labels). */
export const reviewHandle = { i18n: ['common', 'admin', 'tasks'] };
