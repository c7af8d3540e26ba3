import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { readPage } from '~/components/admin/list-query';
import { Pager } from '~/components/admin/pager';
import { isRosterReport, rosterFileProblem, rowsWithErrors, SAMPLE_ROSTER_CSV, SHA256_HEX, type RosterReport } from '~/components/admin/roster';
import { FormAlert } from '~/components/forms';
import { useAdminTranslation, adminHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ROSTER_MAX_BYTES, sha256Hex, submitRoster } from './roster.server';
import { ADMIN_ROLES } from './scope.server';

/** A running job's page reloads itself every few seconds: progress without JavaScript. */
export const handle = adminHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: 'Impor roster — Bimtek Pilar' },
  ...(data?.job && (data.job.status === 'QUEUED' || data.job.status === 'RUNNING') ? [{ httpEquiv: 'refresh', content: '3' }] : []),
];

const ERRORS_PER_PAGE = 500;

/**
 * Roster import, contract 2: every upload is checked first (a dry run); "Impor" commits only a file whose SHA-256
 * equals the one just checked, so nothing is imported that the admin has not seen the report of. The check is
 * stateless: with JavaScript the chosen file stays in the form; without, the admin picks the same file again.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context }, ADMIN_ROLES);
  const params = new URL(request.url).searchParams;
  const jobId = params.get('job');
  const sha = params.get('sha');
  if (!jobId) return { job: null, report: null, sha: null, errorPage: 1, changed: false };
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) throw new Response('Pekerjaan tidak ditemukan.', { status: 404 });
  const job = orThrow(await api(request).GET('/api/jobs/{id}', { params: { path: { id: jobId } } }));
  return {
    job: { id: job.id, status: job.status, progress: job.progress, error: job.error },
    report: job.status === 'DONE' && isRosterReport(job.result) ? job.result : null,
    sha: sha && SHA256_HEX.test(sha) ? sha : null,
    errorPage: readPage(new URLSearchParams({ page: params.get('hal') ?? '1' })),
    changed: params.get('berubah') === '1',
  };
}

interface ActionResult {
  report?: RosterReport;
  sha?: string;
  error?: string;
  changed?: boolean;
}

export async function action({ request, context }: ActionFunctionArgs): Promise<ActionResult | Response> {
  await requireUser({ request, context }, ADMIN_ROLES);
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > ROSTER_MAX_BYTES + 64 * 1024) return { error: rosterFileProblem({ name: 'x.csv', size: length }, ROSTER_MAX_BYTES) ?? undefined };
  const form = await request.formData();
  const entry = form.get('file');
  const file = entry instanceof File ? entry : null;
  const problem = rosterFileProblem(file, ROSTER_MAX_BYTES);
  if (problem || !file) return { error: problem ?? undefined };

  const sha = sha256Hex(await file.arrayBuffer());
  const wantsImport = form.get('intent') === 'import';
  const previewed = String(form.get('previewed') ?? '');
  const commit = wantsImport && previewed === sha;
  const outcome = await submitRoster(request, file, !commit);
  if ('error' in outcome) return { error: outcome.error };
  if ('jobId' in outcome) {
    return redirect(`/admin/roster?job=${outcome.jobId}${commit ? '' : `&sha=${sha}`}${wantsImport && !commit ? '&berubah=1' : ''}`);
  }
  return { report: outcome.report, sha: commit ? undefined : sha, changed: wantsImport && !commit };
}

export default function Roster() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useAdminTranslation();
  const report = acted?.report ?? loaded.report;
  const sha = acted?.report ? acted.sha : loaded.sha;
  const canImport = Boolean(report?.dryRun && report.valid > 0 && sha);
  const running = loaded.job && (loaded.job.status === 'QUEUED' || loaded.job.status === 'RUNNING');
  return (
    <section className="wide">
      <h1>{t('roster.title')}</h1>
      {running && loaded.job ? <JobProgress job={loaded.job} checking={Boolean(loaded.sha)} sha={loaded.sha} /> : null}
      <FormAlert errors={loaded.job?.status === 'FAILED' ? `${t('roster.jobFailed')} ${loaded.job.error ?? ''}` : null} />
      <FormAlert errors={acted?.error} />
      <FormAlert errors={acted?.changed || (loaded.changed && !acted) ? t('roster.changed') : null} />
      {report ? <Report report={report} errorPage={acted?.report ? null : loaded.errorPage} jobId={loaded.job?.id} sha={sha} /> : null}
      {running ? null : <UploadForm report={report} sha={canImport ? sha : null} />}
      <FormatHelp />
    </section>
  );
}

type Job = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['job']>;

/** A queued or running job: its progress, refreshed by the page itself (meta refresh), no JavaScript needed. */
function JobProgress({ job, checking, sha }: { job: Job; checking: boolean; sha: string | null }) {
  const { t, i18n } = useAdminTranslation();
  return (
    <div className="job" role="status">
      <h2>{checking ? t('roster.jobChecking') : t('roster.jobImporting')}</h2>
      {job.progress.total > 0 ? (
        <>
          <progress max={job.progress.total} value={job.progress.done} aria-describedby="job-progress" />
          <p id="job-progress">
            {t('roster.progress', { done: formatNumber(job.progress.done, i18n.language), total: formatNumber(job.progress.total, i18n.language) })}
          </p>
        </>
      ) : (
        <>
          <progress aria-describedby="job-progress" />
          <p id="job-progress">{t('roster.queued')}</p>
        </>
      )}
      <p className="hint">{t('roster.autoRefresh')}</p>
      <p>
        <Link to={`/admin/roster?job=${job.id}${sha ? `&sha=${sha}` : ''}`}>{t('roster.refreshNow')}</Link>
      </p>
    </div>
  );
}

/** Check a file (always first), or import the very file just checked (`sha` of the checked file, when it can be imported). */
function UploadForm({ report, sha }: { report: RosterReport | null | undefined; sha: string | null | undefined }) {
  const { t, i18n } = useAdminTranslation();
  const busy = useNavigation().state === 'submitting';
  const canImport = Boolean(sha);
  return (
        <Form method="post" encType="multipart/form-data" className="stack upload">
          <h2>{canImport ? t('roster.confirmTitle') : t('roster.uploadTitle')}</h2>
          <div className="field">
            <label htmlFor="roster-file">{t('roster.file')}</label>
            <input
              id="roster-file"
              name="file"
              type="file"
              required
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby="roster-file-hint"
            />
            <p className="hint" id="roster-file-hint">
              {canImport ? t('roster.sameFileHint') : t('roster.fileHint')}
            </p>
          </div>
          {sha ? <input type="hidden" name="previewed" value={sha} /> : null}
          <div className="inline-actions">
            {canImport && report ? (
              <button type="submit" name="intent" value="import" className="button" disabled={busy}>
                {t('roster.import', { count: report.valid, formatted: formatNumber(report.valid, i18n.language) })}
              </button>
            ) : null}
            <button type="submit" name="intent" value="check" className={canImport ? 'button button--secondary' : 'button'} disabled={busy}>
              {canImport ? t('roster.checkAgain') : t('roster.check')}
            </button>
          </div>
          {busy ? (
            <p role="status" className="hint">
              {t('roster.sending')}
            </p>
          ) : null}
        </Form>
  );
}

function FormatHelp() {
  const { t } = useAdminTranslation();
  return (
      <details className="help">
        <summary>{t('roster.formatTitle')}</summary>
        <p>{t('roster.formatText')}</p>
        <ul>
          <li>{t('roster.formatColumns')}</li>
          <li>{t('roster.formatPhone')}</li>
          <li>{t('roster.formatPillar')}</li>
          <li>{t('roster.formatRegion')}</li>
          <li>{t('roster.formatNik')}</li>
        </ul>
        <p>
          <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${SAMPLE_ROSTER_CSV}\r\n`)}`} download="contoh-roster.csv">
            {t('roster.sample')}
          </a>
        </p>
      </details>
  );
}

type ReportProps = { report: RosterReport; errorPage: number | null; jobId?: string; sha?: string | null };

function Report({ report, errorPage, jobId, sha }: ReportProps) {
  const { t } = useAdminTranslation();
  return (
    <div className="report" aria-labelledby="report-title">
      <h2 id="report-title">{report.dryRun ? t('roster.previewTitle') : t('roster.doneTitle')}</h2>
      <p className={report.dryRun ? 'alert' : 'alert alert--ok'} role="status">
        {report.dryRun ? t('roster.previewText') : t('roster.doneText')}
      </p>
      <ReportCounts report={report} />
      {report.errors.length > 0 ? (
        <ReportErrors report={report} errorPage={errorPage} jobId={jobId} sha={sha} />
      ) : (
        <p>{t('roster.noErrors')}</p>
      )}
      {report.dryRun ? null : (
        <div className="next-steps">
          <h3>{t('roster.nextTitle')}</h3>
          <p>{t('roster.nextText')}</p>
          <Form method="post" action="/admin/kode-aktivasi.xlsx" reloadDocument>
            <input type="hidden" name="status" value="INVITED" />
            <button type="submit" className="button">
              {t('roster.codes')}
            </button>
          </Form>
          <p>
            <Link to="/admin/pekerja?status=INVITED">{t('roster.invitedList')}</Link>
          </p>
        </div>
      )}
    </div>
  );
}

function ReportCounts({ report }: { report: RosterReport }) {
  const { t, i18n } = useAdminTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const badRows = rowsWithErrors(report.errors);
  return (
      <dl className="counts">
        <div>
          <dt>{t('roster.total')}</dt>
          <dd>{n(report.total)}</dd>
        </div>
        <div>
          <dt>{t('roster.valid')}</dt>
          <dd>{n(report.valid)}</dd>
        </div>
        <div>
          <dt>{report.dryRun ? t('roster.willCreate') : t('roster.created')}</dt>
          <dd>{n(report.created)}</dd>
        </div>
        <div>
          <dt>{report.dryRun ? t('roster.willUpdate') : t('roster.updated')}</dt>
          <dd>{n(report.updated)}</dd>
        </div>
        <div>
          <dt>{t('roster.unchanged')}</dt>
          <dd>{n(report.unchanged)}</dd>
        </div>
        <div className={badRows ? 'counts--bad' : undefined}>
          <dt>{t('roster.badRows')}</dt>
          <dd>{n(badRows)}</dd>
        </div>
      </dl>
  );
}

/** The rows with problems; a large file's report (from a job) is paged, ERRORS_PER_PAGE at a time. */
function ReportErrors({ report, errorPage, jobId, sha }: ReportProps) {
  const { t, i18n } = useAdminTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const shown = errorPage === null ? report.errors : report.errors.slice((errorPage - 1) * ERRORS_PER_PAGE, errorPage * ERRORS_PER_PAGE);
  return (
        <>
          <h3 id="errors-title">{t('roster.errorsTitle', { count: report.errors.length, formatted: n(report.errors.length) })}</h3>
          <p>{report.dryRun ? t('roster.errorsSkip') : t('roster.errorsSkipped')}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="errors-title">
            <table className="errors">
              <thead>
                <tr>
                  <th scope="col">{t('roster.row')}</th>
                  <th scope="col">{t('roster.column')}</th>
                  <th scope="col">{t('roster.message')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((error, index) => (
                  <tr key={`${error.row}-${error.column}-${index}`}>
                    <th scope="row">{error.row}</th>
                    <td>
                      <code>{error.column}</code>
                    </td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errorPage !== null && jobId && report.errors.length > ERRORS_PER_PAGE ? (
            <Pager
              page={errorPage}
              pageSize={ERRORS_PER_PAGE}
              total={report.errors.length}
              hrefFor={(page) => `/admin/roster?job=${jobId}${sha ? `&sha=${sha}` : ''}${page > 1 ? `&hal=${page}` : ''}`}
            />
          ) : null}
        </>
  );
}
