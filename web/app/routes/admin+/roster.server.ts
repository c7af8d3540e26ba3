import { createHash } from 'node:crypto';
import type { RosterReport } from '~/components/admin/roster';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';

/** The API's upload limit (rosters.controller.ts). */
export const ROSTER_MAX_BYTES = 25 * 1024 * 1024;

export function sha256Hex(bytes: ArrayBuffer): string {
  return createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
}

export type RosterOutcome = { report: RosterReport } | { jobId: string } | { error: string };

/** Sends the file to POST /api/rosters: a report now, or a job id for a large file. */
export async function submitRoster(request: Request, file: File, dryRun: boolean): Promise<RosterOutcome> {
  const body = new FormData();
  body.set('file', file, file.name);
  const result = await api(request).POST('/api/rosters', {
    params: { query: { dryRun } },
    // openapi-fetch sends a FormData body as multipart as it is; the schema types the field as a string.
    body: body as unknown as { file: string },
  });
  const { data } = result;
  if (!data) return { error: await pageProblem(request, result, 'File tidak dapat diproses. Coba lagi.') };
  if ('jobId' in data) return { jobId: data.jobId };
  return { report: data };
}
