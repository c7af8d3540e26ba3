import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { FormAlert } from '~/components/forms';
import { studioHandle } from '~/components/studio/studio';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { loadDraft, numberOf, requireTrainer, text } from './studio.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Soal — Studio pelatih' }];

/** Room for options in the form; empty ones are left out. */
const OPTION_SLOTS = 6;
type QuestionType = 'single' | 'multiple' | 'true_false';

export async function loader(args: LoaderFunctionArgs) {
  await requireTrainer(args);
  const { draft, outline } = await loadDraft(args.request, args.params.id ?? '');
  const params = new URL(args.request.url).searchParams;
  const bankPath = params.get('bank') ?? '';
  const bank = outline.banks.find((candidate) => candidate.path === bankPath);
  if (!bank) throw new Response('Bank soal tidak ditemukan.', { status: 404 });
  const questionId = params.get('id');
  const question = questionId ? bank.questions.find((candidate) => candidate.id === questionId) : undefined;
  if (questionId && !question) throw new Response('Soal tidak ditemukan.', { status: 404 });
  const prefix = (draft.slug ?? 'soal').slice(0, 40);
  const suggestedId = `${prefix}-${bank.role === 'pretest' ? 'pre' : 'post'}-${String(bank.questions.length + 1).padStart(2, '0')}`;
  return { draft, modules: outline.modules, bank: { path: bank.path, role: bank.role }, question: question ?? null, suggestedId };
}

/** The form as the API takes it: the question is written into the bank through the yaml Document API (comments stay). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireTrainer({ request, context });
  const id = params.id ?? '';
  const form = await request.formData();
  const type = (['single', 'multiple', 'true_false'].includes(text(form, 'type')) ? text(form, 'type') : 'single') as QuestionType;
  const options = Array.from({ length: OPTION_SLOTS }, (_, index) => text(form, `option${index}`).trim());
  const kept = options.map((option, index) => ({ option, index })).filter((entry) => entry.option !== '');
  // Correct answers are ticked by slot; the package numbers the options that are kept.
  const correctSlots = form.getAll('correct').map(Number);
  const answer =
    type === 'true_false' ? [text(form, 'truth') === 'true' ? 1 : 0] : kept.flatMap((entry, position) => (correctSlots.includes(entry.index) ? [position] : []));
  const originalId = text(form, 'originalId');
  const result = await api(request).POST('/api/studio/drafts/{id}/questions', {
    params: { path: { id } },
    body: {
      baseVersion: numberOf(form, 'baseVersion'),
      bank: text(form, 'bank'),
      ...(originalId ? { originalId } : {}),
      ...(form.get('intent') === 'remove' ? { remove: true } : {}),
      id: text(form, 'questionId').trim(),
      module: text(form, 'module'),
      kind: text(form, 'kind') === 'scenario' ? 'scenario' : 'knowledge',
      type,
      prompt: text(form, 'prompt'),
      options: type === 'true_false' ? [] : kept.map((entry) => entry.option),
      answer,
      explanation: text(form, 'explanation'),
    },
  });
  if (!result.data) return { error: await pageProblem(request, result, 'Soal tidak tersimpan.') };
  return redirect(`/pelatih/kursus/${id}`);
}

export default function QuestionForm() {
  const { draft, modules, bank, question, suggestedId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const [type, setType] = useState<QuestionType>(question?.type ?? 'single');
  const options = question?.options ?? [];
  const answer = question?.answer ?? [];
  return (
    <section className="wide studio">
      <p>
        <Link to={`/pelatih/kursus/${draft.id}`}>← Kembali ke draf</Link>
      </p>
      <h1>{question ? 'Ubah soal' : 'Soal baru'}</h1>
      <p className="hint">
        {bank.role === 'pretest' ? 'Tes awal' : 'Tes akhir'} · {bank.path}. Nomor pilihan dimulai dari 0 di berkas; di sini cukup centang jawaban yang benar.
      </p>
      <FormAlert errors={actionData?.error ?? null} />
      <Form method="post" className="stack studio-form question-form">
        <input type="hidden" name="baseVersion" value={draft.version} />
        <input type="hidden" name="bank" value={bank.path} />
        <input type="hidden" name="originalId" value={question?.id ?? ''} />
        <p>
          <label htmlFor="q-id">Kode soal</label>
          <input id="q-id" name="questionId" required pattern="[A-Za-z0-9]+(-[A-Za-z0-9]+)*" defaultValue={question?.id ?? suggestedId} />
        </p>
        <p>
          <label htmlFor="q-module">Modul</label>
          <select id="q-module" name="module" defaultValue={question?.module ?? modules[0]?.id}>
            {modules.map((module) => (
              <option key={module.id} value={module.id}>
                {module.title}
              </option>
            ))}
          </select>
        </p>
        <fieldset>
          <legend>Macam soal</legend>
          <label>
            <input type="radio" name="kind" value="scenario" defaultChecked={question?.kind === 'scenario'} /> Skenario (apa yang dilakukan dalam suatu keadaan)
          </label>
          <label>
            <input type="radio" name="kind" value="knowledge" defaultChecked={question?.kind !== 'scenario'} /> Pengetahuan
          </label>
        </fieldset>
        <p>
          <label htmlFor="q-type">Jenis jawaban</label>
          <select id="q-type" name="type" value={type} onChange={(event) => setType(event.target.value as QuestionType)}>
            <option value="single">Satu jawaban benar</option>
            <option value="multiple">Beberapa jawaban benar</option>
            <option value="true_false">Benar / salah</option>
          </select>
        </p>
        <p>
          <label htmlFor="q-prompt">Pertanyaan</label>
          <textarea id="q-prompt" name="prompt" required rows={3} maxLength={2000} defaultValue={question?.prompt ?? ''} />
        </p>
        {type === 'true_false' ? (
          <fieldset>
            <legend>Jawaban benar</legend>
            <label>
              <input type="radio" name="truth" value="true" defaultChecked={answer[0] === 1} /> Pernyataan ini benar
            </label>
            <label>
              <input type="radio" name="truth" value="false" defaultChecked={answer[0] !== 1} /> Pernyataan ini salah
            </label>
          </fieldset>
        ) : (
          <fieldset>
            <legend>Pilihan jawaban (centang yang benar)</legend>
            {Array.from({ length: OPTION_SLOTS }, (_, index) => (
              <p key={index} className="option-row">
                <input
                  type={type === 'multiple' ? 'checkbox' : 'radio'}
                  name="correct"
                  value={index}
                  aria-label={`Pilihan ${index + 1} benar`}
                  defaultChecked={answer.includes(index)}
                />{' '}
                <input name={`option${index}`} aria-label={`Pilihan ${index + 1}`} defaultValue={options[index] ?? ''} maxLength={500} />
              </p>
            ))}
          </fieldset>
        )}
        <p>
          <label htmlFor="q-explanation">Pembahasan (mengapa jawaban itu benar dan pilihan lain salah)</label>
          <textarea id="q-explanation" name="explanation" required rows={3} maxLength={4000} defaultValue={question?.explanation ?? ''} />
        </p>
        <p>
          <button type="submit" name="intent" value="save" disabled={busy}>
            Simpan soal
          </button>{' '}
          {question ? (
            <button type="submit" name="intent" value="remove" className="link-button" disabled={busy} formNoValidate>
              Hapus soal ini
            </button>
          ) : null}
        </p>
      </Form>
    </section>
  );
}
