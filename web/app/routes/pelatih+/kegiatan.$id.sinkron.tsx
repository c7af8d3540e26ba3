import type { ActionFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { api } from '~/utils/api.server';
import { requireEventStaff } from './events.server';

interface Batch {
  checkins: { workerId: string; day: number; nonce: string }[];
}

function isBatch(value: unknown): value is Batch {
  const checkins = (value as Batch | null)?.checkins;
  return Array.isArray(checkins) && checkins.every((c) => typeof c?.workerId === 'string' && typeof c?.day === 'number' && typeof c?.nonce === 'string');
}

/**
 * The offline room's queue, sent by the trainer's page as JSON and passed to the API's idempotent batch endpoint
 * (the nonces make a replay change nothing). Answers `{ results }` or `{ error }`.
 */
export async function action(args: ActionFunctionArgs) {
  await requireEventStaff(args);
  const body: unknown = await args.request.json().catch(() => null);
  if (!isBatch(body)) return data({ error: 'Batch tidak valid.' }, { status: 400 });
  const result = await api(args.request).POST('/api/events/{id}/checkins/batch', {
    params: { path: { id: args.params.id ?? '' } },
    body: { checkins: body.checkins },
  });
  if (!result.data) {
    const problem = result.error as { message?: string } | undefined;
    return data({ error: problem?.message ?? 'Sinkronisasi gagal.' }, { status: result.response.status || 502 });
  }
  return data({ results: result.data.results });
}
