import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { byAttention, DRAFT_STATUS_LABEL, studioHandle } from '~/components/studio/studio';
import { FormAlert } from '~/components/forms';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { formatDateTime } from '~/utils/format';
import { requireTrainer, text } from './studio.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Studio pelatih — Bimtek Pilar' }];

/** The trainer's home (issue #18): my drafts and their review state, returned ones first; a new course; a zip import. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireTrainer(args);
  const drafts = orThrow(await api(args.request).GET('/api/studio/drafts'));
  return { name: user.name, region: user.regionName ?? user.regionCode ?? null, drafts: byAttention(drafts.items) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireTrainer({ request, context });
  const form = await request.formData();
  const client = api(request);
  if (form.get('intent') === 'import') {
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return { error: 'Pilih berkas zip paket kursus.' };
    const body = new FormData();
    body.set('file', file, file.name);
    // openapi-fetch sends a FormData body as multipart as it is; the schema types the field as a string.
    const result = await client.POST('/api/studio/imports', { body: body as unknown as { file: string } });
    if (!result.data) return { error: await pageProblem(request, result, 'Zip tidak dapat diimpor.') };
    return redirect(`/pelatih/kursus/${result.data.id}`);
  }
  const result = await client.POST('/api/studio/drafts', { body: { slug: text(form, 'slug').trim(), title: text(form, 'title').trim() } });
  if (!result.data) return { error: await pageProblem(request, result, 'Kursus baru tidak dapat dibuat.') };
  return redirect(`/pelatih/kursus/${result.data.id}`);
}

export default function TrainerHome() {
  const { name, region, drafts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="wide studio">
      <h1>Studio pelatih</h1>
      <p>
        Selamat datang, {name}. {region ? `Kursus yang Anda tulis di sini untuk wilayah ${region}.` : 'Kursus yang Anda tulis di sini berlaku nasional.'} Setiap
        draf ditinjau admin sebelum terbit.
      </p>
      <FormAlert errors={actionData?.error ?? null} />

      <h2>Draf saya</h2>
      {drafts.length === 0 ? (
        <p>Belum ada draf. Mulai kursus baru di bawah.</p>
      ) : (
        <ul className="studio-drafts">
          {drafts.map((draft) => (
            <li key={draft.id} className={draft.status === 'RETURNED' ? 'studio-draft studio-draft--attention' : 'studio-draft'}>
              <Link to={`/pelatih/kursus/${draft.id}`}>{draft.slug ?? 'Draf tanpa slug'}</Link>{' '}
              <span className={`badge badge--${draft.status.toLowerCase()}`}>{DRAFT_STATUS_LABEL[draft.status]}</span>
              {draft.problemCount > 0 ? <span className="hint"> · {draft.problemCount} kesalahan</span> : null}
              {draft.publishedVersion ? <span className="hint"> · versi terbit {draft.publishedVersion}</span> : null}
              <span className="hint"> · diubah {formatDateTime(draft.updatedAt, 'id')}</span>
              {draft.status === 'RETURNED' && draft.reviewComment ? <p className="studio-comment">Catatan peninjau: {draft.reviewComment}</p> : null}
            </li>
          ))}
        </ul>
      )}

      <h2>Kursus baru</h2>
      <Form method="post" className="stack studio-form">
        <p>
          <label htmlFor="new-title">Judul kursus</label>
          <input id="new-title" name="title" required minLength={3} maxLength={200} />
        </p>
        <p>
          <label htmlFor="new-slug">Slug (nama pendek, huruf kecil dan tanda hubung)</label>
          <input id="new-slug" name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={80} placeholder="siaga-banjir-sukabumi" />
        </p>
        <button type="submit" name="intent" value="create">
          Buat kursus
        </button>
      </Form>

      <h2>Impor paket zip</h2>
      <Form method="post" encType="multipart/form-data" className="stack studio-form">
        <p>
          <label htmlFor="import-file">Zip paket kursus (format content/)</label>
          <input id="import-file" name="file" type="file" accept=".zip,application/zip" required />
        </p>
        <button type="submit" name="intent" value="import">
          Impor ke draf baru
        </button>
      </Form>

      <h2>Pekerjaan lain</h2>
      <ul className="actions studio-more">
        <li>
          <Link to="/pelatih/tinjauan">Tinjauan tugas lapangan</Link>
        </li>
        <li>
          <Link to="/pelatih/kegiatan">Kegiatan bimtek</Link>
        </li>
        <li>
          <Link to="/pelatih/analisis">Analisis soal kursus terbit</Link>
        </li>
      </ul>
    </section>
  );
}
