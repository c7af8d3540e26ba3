import type { Role, UserDto } from '~/utils/api-types';
import { requireUser, type RequestArgs } from '~/utils/session.server';

/** Who runs events: trainers, and the admins of the region (the API checks the event's trainers and scope again). */
export const EVENT_STAFF = ['PELATIH', 'ADMIN_DINSOS', 'ADMIN_PUSAT'] as const satisfies readonly Role[];

export function requireEventStaff(args: RequestArgs): Promise<UserDto> {
  return requireUser(args, EVENT_STAFF);
}
