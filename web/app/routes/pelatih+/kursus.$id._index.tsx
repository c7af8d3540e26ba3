import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormAlert } from '~/components/forms';
import { DRAFT_STATUS_LABEL, lessonSegment, studioHandle } from '~/components/studio/studio';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { loadDraft, numberOf, requireTrainer, text } from './studio.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Draf kursus — Studio pelatih' }];

export async function loader(args: LoaderFunctionArgs) {
  await requireTrainer(args);
  return loadDraft(args.request, args.params.id ?? '');
}

/** The draft page's forms: course fields, a new lesson, submit for review. Each names the version it was made on. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireTrainer({ request, context });
  const id = params.id ?? '';
  const form = await request.formData();
  const client = api(request);
  const baseVersion = numberOf(form, 'baseVersion');
  const path = { id };
  switch (form.get('intent')) {
    case 'course': {
      const hours = numberOf(form, 'hours');
      const result = await client.PUT('/api/studio/drafts/{id}/course', {
        params: { path },
        body: { baseVersion, title: text(form, 'title'), summary: text(form, 'summary'), ...(hours > 0 ? { hours } : {}) },
      });
      if (!result.data) return { error: await pageProblem(request, result, 'Keterangan kursus tidak tersimpan.') };
      return { saved: 'Keterangan kursus tersimpan.' };
    }
    case 'lesson': {
      const result = await client.POST('/api/studio/drafts/{id}/lessons', { params: { path }, body: { baseVersion, title: text(form, 'title') } });
      if (!result.data) return { error: await pageProblem(request, result, 'Pelajaran baru tidak dapat dibuat.') };
      return redirect(`/pelatih/kursus/${id}/pelajaran/${lessonSegment(result.data.path)}`);
    }
    case 'submit': {
      const result = await client.POST('/api/studio/drafts/{id}/submit', { params: { path }, body: { note: text(form, 'note') } });
      if (!result.data) return { error: await pageProblem(request, result, 'Draf tidak dapat dikirim.') };
      return { saved: 'Draf terkirim untuk ditinjau.' };
    }
    default:
      return { error: 'Permintaan tidak dikenal.' };
  }
}

export default function DraftPage() {
  const { draft, outline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const editable = draft.status !== 'SUBMITTED';
  const base = `/pelatih/kursus/${draft.id}`;
  return (
    <section className="wide studio">
      <p>
        <Link to="/pelatih">← Studio pelatih</Link>
      </p>
      <h1>{outline.title ?? draft.slug ?? 'Draf kursus'}</h1>
      <p>
        <span className={`badge badge--${draft.status.toLowerCase()}`}>{DRAFT_STATUS_LABEL[draft.status]}</span>{' '}
        <span className="hint">
          slug {draft.slug ?? '—'} · simpanan ke-{draft.version} · {draft.regionCode ? `kursus daerah ${draft.regionCode}` : 'kursus nasional'}
          {draft.publishedVersion ? ` · versi terbit ${draft.publishedVersion}` : ''}
        </span>
      </p>
      {draft.status === 'RETURNED' && draft.reviewComment ? (
        <div className="alert" role="status">
          <strong>Dikembalikan peninjau:</strong> {draft.reviewComment}
        </div>
      ) : null}
      {actionData && 'saved' in actionData ? (
        <p className="alert alert--ok" role="status">
          {actionData.saved}
        </p>
      ) : null}
      <FormAlert errors={actionData && 'error' in actionData ? actionData.error : null} />

      <h2>Pemeriksaan paket</h2>
      {draft.problems.length === 0 ? (
        <p className="alert alert--ok">Tidak ada kesalahan: draf ini bisa dikirim untuk ditinjau.</p>
      ) : (
        <ul className="studio-problems" aria-label="Kesalahan paket">
          {draft.problems.map((problem, index) => (
            <li key={index}>
              <code>
                {problem.file}:{problem.line}
              </code>{' '}
              {problem.message}
            </li>
          ))}
        </ul>
      )}

      <h2>Pelajaran</h2>
      <ol className="studio-lessons">
        {outline.lessons.map((lesson) => (
          <li key={lesson.path}>
            <Link to={`${base}/pelajaran/${lessonSegment(lesson.path)}`}>{lesson.title}</Link> <span className="hint">{lesson.path}</span>
          </li>
        ))}
      </ol>
      {editable ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="baseVersion" value={draft.version} />
          <label htmlFor="lesson-title">Judul pelajaran baru</label> <input id="lesson-title" name="title" required minLength={2} maxLength={200} />{' '}
          <button type="submit" name="intent" value="lesson" disabled={busy}>
            Tambah pelajaran
          </button>
        </Form>
      ) : null}

      <h2>Bank soal</h2>
      {outline.banks.map((bank) => (
        <div key={bank.path} className="studio-bank">
          <h3>
            {bank.role === 'pretest' ? 'Tes awal' : bank.role === 'posttest' ? 'Tes akhir' : 'Bank lain'} <span className="hint">({bank.path}, {bank.questions.length} soal)</span>
          </h3>
          <ol>
            {bank.questions.map((question) => (
              <li key={question.id}>
                {editable ? <Link to={`${base}/soal?bank=${encodeURIComponent(bank.path)}&id=${encodeURIComponent(question.id)}`}>{question.prompt || question.id}</Link> : question.prompt}{' '}
                <span className="hint">
                  {question.id} · {question.module} · {question.kind === 'scenario' ? 'skenario' : 'pengetahuan'}
                </span>
              </li>
            ))}
          </ol>
          {editable ? <Link to={`${base}/soal?bank=${encodeURIComponent(bank.path)}`}>Tambah soal ke {bank.path}</Link> : null}
        </div>
      ))}

      <h2>Keterangan kursus</h2>
      <Form method="post" className="stack studio-form">
        <input type="hidden" name="baseVersion" value={draft.version} />
        <p>
          <label htmlFor="course-title">Judul</label>
          <input id="course-title" name="title" defaultValue={outline.title ?? ''} required minLength={3} maxLength={200} disabled={!editable} />
        </p>
        <p>
          <label htmlFor="course-summary">Ringkasan (1–3 kalimat)</label>
          <textarea id="course-summary" name="summary" defaultValue={outline.summary ?? ''} rows={3} maxLength={2000} disabled={!editable} />
        </p>
        <p>
          <label htmlFor="course-hours">JP yang direncanakan</label>
          <input id="course-hours" name="hours" type="number" min={1} max={200} defaultValue={outline.hours ?? 1} disabled={!editable} />
        </p>
        {editable ? (
          <button type="submit" name="intent" value="course" disabled={busy}>
            Simpan keterangan
          </button>
        ) : null}
      </Form>

      <h2>Kirim untuk ditinjau</h2>
      {draft.status === 'SUBMITTED' ? (
        <p>Draf ini sedang ditinjau admin. Anda bisa mengubahnya lagi setelah dikembalikan atau terbit.</p>
      ) : (
        <Form method="post" className="stack studio-form">
          <p>
            <label htmlFor="submit-note">Catatan perubahan untuk peninjau</label>
            <textarea id="submit-note" name="note" rows={3} maxLength={2000} placeholder="Apa yang baru atau diperbaiki?" />
          </p>
          <button type="submit" name="intent" value="submit" disabled={busy || draft.problems.length > 0}>
            Kirim untuk ditinjau
          </button>
          {draft.problems.length > 0 ? <p className="hint">Perbaiki dulu semua kesalahan di atas.</p> : null}
        </Form>
      )}
    </section>
  );
}
