import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { diffLines } from 'diff';
import { FormAlert } from '~/components/forms';
import { DRAFT_STATUS_LABEL, studioHandle } from '~/components/studio/studio';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Tinjau draf kursus — Bimtek Pilar' }];

type Line = { kind: 'added' | 'removed' | 'same'; text: string };

/** A line diff (the `diff` library) with long unchanged runs shortened to their edges, for reading on one screen. */
function lineDiff(before: string | null, after: string | null): Line[] {
  const lines: Line[] = [];
  for (const part of diffLines(before ?? '', after ?? '')) {
    const kind: Line['kind'] = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const texts = part.value.replace(/\n$/, '').split('\n');
    if (kind === 'same' && texts.length > 6) {
      lines.push(...texts.slice(0, 2).map((text) => ({ kind, text })), { kind, text: `… ${texts.length - 4} baris sama …` }, ...texts.slice(-2).map((text) => ({ kind, text })));
    } else lines.push(...texts.map((text) => ({ kind, text })));
  }
  return lines;
}

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ADMIN_ROLES);
  const id = args.params.id ?? '';
  const client = api(args.request);
  const [detail, changes] = await Promise.all([
    client.GET('/api/studio/drafts/{id}', { params: { path: { id } } }),
    client.GET('/api/studio/drafts/{id}/changes', { params: { path: { id } } }),
  ]);
  const draft = orThrow(detail);
  const changed = orThrow(changes);
  return {
    draft,
    baseVersion: changed.baseVersion,
    questions: changed.questions,
    files: changed.files.map((file) => ({
      path: file.path,
      status: file.status,
      lines: file.before !== null || file.after !== null ? lineDiff(file.before, file.after) : null,
    })),
  };
}

/** Approve (publish a new version) or return with a comment: the API checks the reviewer's level and region. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireUser({ request, context }, ADMIN_ROLES);
  const form = await request.formData();
  const decision = form.get('decision') === 'approve' ? 'approve' : 'return';
  const comment = String(form.get('comment') ?? '').trim();
  const result = await api(request).POST('/api/studio/drafts/{id}/review', {
    params: { path: { id: params.id ?? '' } },
    body: { decision, ...(comment ? { comment } : {}) },
  });
  if (!result.data) return { error: await pageProblem(request, result, 'Tinjauan tidak tersimpan.') };
  return redirect(`/admin/kursus?${decision === 'approve' ? 'terbit' : 'dikembalikan'}=${encodeURIComponent(result.data.slug ?? '')}`);
}

const STATUS_LABEL = { added: 'baru', changed: 'berubah', removed: 'dihapus' } as const;

export default function ReviewDraft() {
  const { draft, baseVersion, questions, files } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <section className="wide studio review">
      <p>
        <Link to="/admin/kursus">← Tinjau kursus</Link>
      </p>
      <h1>Draf {draft.slug}</h1>
      <p>
        <span className={`badge badge--${draft.status.toLowerCase()}`}>{DRAFT_STATUS_LABEL[draft.status]}</span>{' '}
        <span className="hint">{draft.regionCode ? `kursus daerah ${draft.regionCode}` : 'kursus nasional'}</span>
      </p>
      {draft.changeNote ? (
        <p className="studio-comment">
          <strong>Catatan penulis:</strong> {draft.changeNote}
        </p>
      ) : null}
      <p className="alert">
        {baseVersion === null
          ? 'Kursus baru: belum ada versi terbit. Setelah disetujui, peserta bisa mendaftar.'
          : `Dibandingkan dengan versi terbit ${baseVersion}. Peserta yang sudah mendaftar tetap memakai versinya; pendaftar baru mendapat versi baru.`}
      </p>
      <FormAlert errors={actionData?.error ?? null} />

      <h2>Soal yang berubah ({questions.length})</h2>
      {questions.length === 0 ? (
        <p>Tidak ada soal yang berubah.</p>
      ) : (
        <ul className="question-changes">
          {questions.map((question) => (
            <li key={question.id}>
              <span className={`badge badge--${question.status}`}>{STATUS_LABEL[question.status]}</span> <code>{question.id}</code> {question.prompt}
            </li>
          ))}
        </ul>
      )}

      <h2>Berkas yang berubah ({files.length})</h2>
      {files.map((file) => (
        <details key={file.path} open={file.path.startsWith('lessons/')} className="file-diff">
          <summary>
            <code>{file.path}</code> · {STATUS_LABEL[file.status]}
          </summary>
          {file.lines ? (
            <pre className="diff" aria-label={`Perbedaan ${file.path}`}>
              {file.lines.map((line, index) => (
                <span key={index} className={`diff__line diff__line--${line.kind}`}>
                  {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                  {line.text}
                  {'\n'}
                </span>
              ))}
            </pre>
          ) : (
            <p className="hint">Gambar: tidak ditampilkan sebagai teks.</p>
          )}
        </details>
      ))}

      {draft.status === 'SUBMITTED' ? (
        <>
          <h2>Keputusan</h2>
          <Form method="post" className="stack studio-form">
            <p>
              <label htmlFor="review-comment">Catatan untuk penulis (wajib bila dikembalikan)</label>
              <textarea id="review-comment" name="comment" rows={4} maxLength={4000} />
            </p>
            <p>
              <button type="submit" name="decision" value="return" disabled={busy}>
                Kembalikan dengan catatan
              </button>{' '}
              <button type="submit" name="decision" value="approve" disabled={busy}>
                Setujui dan terbitkan
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </section>
  );
}
