import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS, auditActionsByGroup, describeDetails } from '~/components/admin/audit-actions';
import { pageWindow, queryString, readAuditFilters, readIntegrityFlagFilters, readWorkerFilters, safeBackQuery } from '~/components/admin/list-query';
import { isRosterReport, rosterFileProblem, rowsWithErrors, SAMPLE_ROSTER_CSV } from '~/components/admin/roster';
import { PILLARS, ROLES, USER_STATUSES } from '~/utils/api-types';
import en from '~/locales/en';
import id from '~/locales/id';

describe('the worker list filters', () => {
  it('read every filter from the URL so a filtered list can be shared', () => {
    const filters = readWorkerFilters(new URLSearchParams('q=%20siti%20&pillar=TAGANA&status=PENDING&region=32.72.03&page=3'));
    expect(filters).toEqual({ q: 'siti', pillar: 'TAGANA', status: 'PENDING', region: '32.72.03', page: 3 });
  });

  it('drop values the API would refuse instead of failing the page', () => {
    const filters = readWorkerFilters(new URLSearchParams('pillar=DOKTER&status=deleted&region=32.7&page=-2'));
    expect(filters).toEqual({ page: 1 });
    expect(readWorkerFilters(new URLSearchParams('page=2.5')).page).toBe(1);
    expect(readWorkerFilters(new URLSearchParams(`q=${'x'.repeat(300)}`)).q).toHaveLength(100);
  });

  it('make stable query strings, leaving out empty values and page 1', () => {
    expect(queryString({ page: 1, status: 'PENDING', q: '' })).toBe('?status=PENDING');
    expect(queryString({ pillar: 'TKSK', page: 1 }, { page: 4 })).toBe('?page=4&pillar=TKSK');
    expect(queryString({ pillar: 'TKSK', page: 2 }, { page: null })).toBe('?pillar=TKSK');
    expect(queryString({ page: 1 })).toBe('');
  });

  it('only ever redirect back to a query string of the list, without one-time flags', () => {
    expect(safeBackQuery('?status=PENDING&done=approved&konfirmasi=abc')).toBe('?status=PENDING');
    expect(safeBackQuery('//evil.example/')).toBe('');
    expect(safeBackQuery('/admin')).toBe('');
    expect(safeBackQuery(null)).toBe('');
  });

  it('show pages near the current one with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 20)).toEqual([1, null, 3, 4, 5, 6, 7, null, 20]);
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it('accept only known integrity flag kinds', () => {
    expect(readIntegrityFlagFilters(new URLSearchParams('kind=SAME_ANSWERS&page=2'))).toEqual({ kind: 'SAME_ANSWERS', page: 2 });
    expect(readIntegrityFlagFilters(new URLSearchParams('kind=LAIN'))).toEqual({ page: 1 });
  });

  it('accept only well-formed audit actions', () => {
    expect(readAuditFilters(new URLSearchParams('action=roster.import&page=2'))).toEqual({ action: 'roster.import', page: 2 });
    expect(readAuditFilters(new URLSearchParams('action=event.cancel'))).toEqual({ action: 'event.cancel', page: 1 });
    expect(readAuditFilters(new URLSearchParams('action=DROP%20TABLE'))).toEqual({ page: 1 });
    // Well-formed but unknown to the API (which would refuse it with a 400): dropped, so an old link still opens.
    expect(readAuditFilters(new URLSearchParams('action=event.explode'))).toEqual({ page: 1 });
    expect(readAuditFilters(new URLSearchParams('action=toString'))).toEqual({ page: 1 });
  });

  it('offer every audit action of every domain once, in a non-empty group', () => {
    const grouped = auditActionsByGroup();
    expect(grouped.flatMap((group) => group.actions).sort()).toEqual([...AUDIT_ACTIONS].sort());
    for (const { actions } of grouped) expect(actions.length).toBeGreaterThan(0);
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['event.cancel', 'task.review', 'report.export', 'certificate.revoke', 'studio.draft.publish']));
  });
});

describe('the roster page helpers', () => {
  it('count rows with problems once, however many columns are wrong', () => {
    expect(rowsWithErrors([
      { row: 2, column: 'no_hp', message: 'a' },
      { row: 2, column: 'nik', message: 'b' },
      { row: 7, column: 'pilar', message: 'c' },
    ])).toBe(2);
  });

  it('refuse empty files, old .xls and files over the limit before sending them', () => {
    expect(rosterFileProblem(null, 100)).toMatch(/Pilih file/);
    expect(rosterFileProblem({ name: 'roster.csv', size: 0 }, 100)).toMatch(/Pilih file/);
    expect(rosterFileProblem({ name: 'roster.xls', size: 10 }, 100)).toMatch(/\.xlsx/);
    expect(rosterFileProblem({ name: 'roster.CSV', size: 101 }, 100)).toMatch(/terlalu besar/);
    expect(rosterFileProblem({ name: 'Roster Dinsos.XLSX', size: 10 }, 100)).toBeNull();
  });

  it('recognise a roster report among job results', () => {
    expect(isRosterReport({ total: 1, valid: 1, created: 1, updated: 0, unchanged: 0, errors: [], dryRun: true })).toBe(true);
    expect(isRosterReport({ jobId: 'x' })).toBe(false);
    expect(isRosterReport(null)).toBe(false);
  });

  it('offer a sample file with the columns of contract 2', () => {
    expect(SAMPLE_ROSTER_CSV.split('\r\n')[0]).toBe('nama;no_hp;pilar;kode_wilayah;nik;email');
  });

  it('describe audit details without objects turning into [object Object]', () => {
    expect(describeDetails({ created: 3, skipped: null, filter: { status: 'INVITED' } })).toBe('created: 3; filter: {"status":"INVITED"}');
  });
});

describe('the shared and admin strings', () => {
  it('label every pillar, role, status and audit action in both languages', () => {
    for (const [common, admin] of [
      [id.common, id.admin],
      [en.common, en.admin],
    ] as const) {
      for (const pillar of PILLARS) expect(common.pillar[pillar] && common.pillarShort[pillar]).toBeTruthy();
      for (const role of ROLES) expect(common.role[role]).toBeTruthy();
      for (const status of USER_STATUSES) expect(common.status[status]).toBeTruthy();
      for (const action of AUDIT_ACTIONS) {
        const label = action.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], admin.auditAction);
        expect([action, typeof label]).toEqual([action, 'string']);
      }
      for (const group of AUDIT_ACTION_GROUPS) expect([group, admin.audit.group[group]]).toEqual([group, expect.any(String)]);
    }
  });
});
