import { isAuditAction, type AuditAction } from './audit-actions';
import { isCertificateStatus, isIntegrityFlagKind, isPillar, isUserStatus, type CertificateStatus, type IntegrityFlagKind, type Pillar, type UserStatus } from '~/utils/api-types';

/** Filters of the worker list: all GET parameters, so a filtered list is a URL an admin can share. */
export interface WorkerFilters {
  q?: string;
  pillar?: Pillar;
  status?: UserStatus;
  region?: string;
  page: number;
}

const REGION = /^\d{2}(\.\d{2}(\.\d{2})?)?$/;
const MAX_PAGE = 1_000_000;

export function readPage(params: URLSearchParams): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
}

/** Reads the filters, dropping what the API would refuse (an unknown pillar, a malformed code) instead of failing. */
export function readWorkerFilters(params: URLSearchParams): WorkerFilters {
  const filters: WorkerFilters = { page: readPage(params) };
  const q = params.get('q')?.trim().slice(0, 100);
  if (q) filters.q = q;
  const pillar = params.get('pillar');
  if (isPillar(pillar)) filters.pillar = pillar;
  const status = params.get('status');
  if (isUserStatus(status)) filters.status = status;
  const region = params.get('region')?.trim();
  if (region && REGION.test(region)) filters.region = region;
  return filters;
}

/** Filters of the issued-certificates list. */
export interface CertificateFilters {
  q?: string;
  pillar?: Pillar;
  course?: string;
  status?: CertificateStatus;
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readCertificateFilters(params: URLSearchParams): CertificateFilters {
  const filters: CertificateFilters = { page: readPage(params) };
  const q = params.get('q')?.trim().slice(0, 100);
  if (q) filters.q = q;
  const pillar = params.get('pillar');
  if (isPillar(pillar)) filters.pillar = pillar;
  const course = params.get('course');
  if (course && UUID.test(course)) filters.course = course;
  const status = params.get('status');
  if (isCertificateStatus(status)) filters.status = status;
  return filters;
}

export interface AuditFilters {
  action?: AuditAction;
  page: number;
}

export function readAuditFilters(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = { page: readPage(params) };
  const action = params.get('action')?.trim();
  if (isAuditAction(action)) filters.action = action;
  return filters;
}

/**
 * A query string from filters (empty values and page 1 left out, in a stable order), with overrides: `null` removes
 * a key. Used for paging links, "back to the list" redirects and the export link.
 */
export function queryString(filters: object, overrides: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...(filters as Record<string, unknown>), ...overrides };
  for (const key of Object.keys(merged).sort()) {
    const value = merged[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && Number(value) === 1) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The pages around the current one, for a pager: first, last, and two either side, with gaps as null. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const pages = new Set<number>([1, pageCount]);
  for (let near = page - 2; near <= page + 2; near += 1) if (near >= 1 && near <= pageCount) pages.add(near);
  const sorted = [...pages].filter((value) => value >= 1).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const value of sorted) {
    const previous = out[out.length - 1];
    if (typeof previous === 'number' && value - previous > 1) out.push(null);
    out.push(value);
  }
  return out;
}

/** "back" fields of POST forms carry the list's query string; only ever a query string, never a path elsewhere. */
export function safeBackQuery(value: FormDataEntryValue | null): string {
  if (typeof value !== 'string' || !value.startsWith('?')) return '';
  const params = new URLSearchParams(value);
  params.delete('done');
  params.delete('konfirmasi');
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface IntegrityFlagFilters {
  kind?: IntegrityFlagKind;
  page: number;
}

export function readIntegrityFlagFilters(params: URLSearchParams): IntegrityFlagFilters {
  const filters: IntegrityFlagFilters = { page: readPage(params) };
  const kind = params.get('kind');
  if (isIntegrityFlagKind(kind)) filters.kind = kind;
  return filters;
}
