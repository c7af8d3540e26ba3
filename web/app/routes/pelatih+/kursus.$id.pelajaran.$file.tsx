import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useFetcher, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MarkdownEditor } from '~/components/studio/markdown-editor';
import { STALE_MESSAGE, studioHandle } from '~/components/studio/studio';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import styles from '~/styles/app.css?url';
import { numberOf, requireTrainer, text } from './studio.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Editor pelajaran — Studio pelatih' }];

/** Autosave a few seconds after the last keystroke; the preview a little sooner. */
const SAVE_DELAY_MS = 2500;
const PREVIEW_DELAY_MS = 800;

export async function loader(args: LoaderFunctionArgs) {
  await requireTrainer(args);
  const id = args.params.id ?? '';
  const path = `lessons/${args.params.file ?? ''}`;
  const client = api(args.request);
  const [draft, file] = await Promise.all([
    client.GET('/api/studio/drafts/{id}', { params: { path: { id } } }),
    client.GET('/api/studio/drafts/{id}/files/{path}', { params: { path: { id, path } } }),
  ]);
  const detail = orThrow(draft);
  const lesson = orThrow(file);
  return {
    draft: { id: detail.id, slug: detail.slug, status: detail.status },
    path,
    content: lesson.content,
    version: lesson.version,
    problems: detail.problems.filter((problem) => problem.file === path),
  };
}

/** Saves (with the version token), previews with the learners' pipeline, and uploads images; fetchers call it. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireTrainer({ request, context });
  const id = params.id ?? '';
  const path = `lessons/${params.file ?? ''}`;
  const form = await request.formData();
  const client = api(request);
  const intent = form.get('intent');
  if (intent === 'preview') {
    const result = await client.POST('/api/studio/drafts/{id}/preview', { params: { path: { id } }, body: { markdown: text(form, 'content') } });
    if (!result.data) return { intent, error: await pageProblem(request, result, 'Pratinjau tidak dapat dibuat.') } as const;
    return { intent, preview: result.data } as const;
  }
  if (intent === 'image') {
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return { intent, error: 'Pilih gambar dulu.' } as const;
    const body = new FormData();
    body.set('file', file, file.name);
    const result = await client.POST('/api/studio/drafts/{id}/images', {
      params: { path: { id }, query: { baseVersion: numberOf(form, 'baseVersion') } },
      // openapi-fetch sends a FormData body as multipart as it is; the schema types the field as a string.
      body: body as unknown as { file: string },
    });
    if (!result.data) return { intent, error: await pageProblem(request, result, 'Gambar tidak dapat diunggah.'), status: result.response.status } as const;
    return { intent, image: { markdown: result.data.markdown, version: result.data.version } } as const;
  }
  const result = await client.PUT('/api/studio/drafts/{id}/files/{path}', {
    params: { path: { id, path } },
    body: { content: text(form, 'content'), baseVersion: numberOf(form, 'baseVersion'), encoding: 'utf8' },
  });
  if (result.data) return { intent: 'save', saved: { version: result.data.version, problems: result.data.problems.filter((problem) => problem.file === path) } } as const;
  if (result.response.status === 409) return { intent: 'save', conflict: true } as const;
  return { intent: 'save', error: await pageProblem(request, result, 'Pelajaran tidak tersimpan.') } as const;
}

/** Fetcher posts (save, preview, image) keep the editor as it is: nothing to reload. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => (formData?.get('intent') ? false : defaultShouldRevalidate);

type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

function storageKey(draftId: string, path: string) {
  return `studio:${draftId}:${path}`;
}

export default function LessonEditor() {
  const loaded = useLoaderData<typeof loader>();
  const { draft, path } = loaded;
  const saver = useFetcher<typeof action>();
  const previewer = useFetcher<typeof action>();
  const uploader = useFetcher<typeof action>();
  const [content, setContent] = useState(loaded.content);
  /** The text of the last save sent (null: none yet). */
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [restorable, setRestorable] = useState<string | null>(null);
  const editor = useRef<{ insert: (text: string) => void; replaceAll: (text: string) => void } | null>(null);
  const insertedImage = useRef<unknown>(null);
  const locked = draft.status === 'SUBMITTED';

  // Everything below is derived from what the fetchers answered: versions only grow, so the newest known one is the token.
  const saved = saver.data && 'saved' in saver.data ? saver.data.saved : null;
  const image = uploader.data && 'image' in uploader.data ? uploader.data.image : null;
  const version = Math.max(loaded.version, saved?.version ?? 0, image?.version ?? 0);
  const problems = saved?.problems ?? loaded.problems;
  const lastSent = submitted ?? loaded.content;
  const state: SaveState =
    saver.state !== 'idle'
      ? 'saving'
      : saver.data && 'conflict' in saver.data
        ? 'conflict'
        : saver.data && 'error' in saver.data && content === lastSent
          ? 'error'
          : content === lastSent
            ? 'saved'
            : 'dirty';
  const latest = useRef({ content, version, state });
  useEffect(() => {
    latest.current = { content, version, state };
  });

  const save = useCallback(
    (text: string, base: number) => {
      setSubmitted(text);
      saver.submit({ intent: 'save', content: text, baseVersion: String(base) }, { method: 'post' });
    },
    [saver],
  );

  const onChange = useCallback(
    (text: string) => {
      setContent(text);
      window.localStorage.setItem(storageKey(draft.id, path), text);
    },
    [draft.id, path],
  );

  // Debounced autosave with the version token.
  useEffect(() => {
    if (state !== 'dirty' || locked) return;
    const timer = window.setTimeout(() => save(content, version), SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [content, version, state, save, locked]);

  // Debounced preview through the API (markdown-it + sanitize-html, as learners get it).
  useEffect(() => {
    const timer = window.setTimeout(() => previewer.submit({ intent: 'preview', content }, { method: 'post' }), PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the fetcher object changes every render
  }, [content]);

  // A save that reached the server: the copy kept in this browser is no longer needed.
  useEffect(() => {
    if (state === 'saved' && saved) window.localStorage.removeItem(storageKey(draft.id, path));
  }, [state, saved, draft.id, path]);

  // An uploaded image: its Markdown goes in at the cursor, once.
  useEffect(() => {
    if (!image || insertedImage.current === uploader.data) return;
    insertedImage.current = uploader.data;
    editor.current?.insert(`\n${image.markdown}\n`);
  }, [image, uploader.data]);

  // Leaving the page with unsaved text: one last save (keepalive), and the text stays in localStorage anyway.
  useEffect(() => {
    const flush = () => {
      const { content: text, version: base, state: now } = latest.current;
      if (now !== 'dirty' || locked) return;
      const body = new FormData();
      body.set('intent', 'save');
      body.set('content', text);
      body.set('baseVersion', String(base));
      void fetch(window.location.pathname, { method: 'POST', body, keepalive: true });
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [locked]);

  /** When the editor is ready: the text kept in this browser that the server does not have (a 409, a closed tab). */
  const onReady = useCallback(
    (insert: (text: string) => void, replaceAll: (text: string) => void) => {
      editor.current = { insert, replaceAll };
      const kept = window.localStorage.getItem(storageKey(draft.id, path));
      if (kept !== null && kept !== loaded.content) setRestorable(kept);
    },
    [draft.id, path, loaded.content],
  );

  const preview = previewer.data && 'preview' in previewer.data ? previewer.data.preview : null;
  const uploadError = uploader.data && 'error' in uploader.data ? uploader.data.error : null;
  const saveError = saver.data && 'error' in saver.data ? saver.data.error : null;
  const srcDoc = preview
    ? `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="${styles}"></head><body><main class="page"><article class="lesson"><div class="prose">${preview.html}</div></article></main></body></html>`
    : '';

  return (
    <section className="wide studio lesson-editor">
      <p>
        <Link to={`/pelatih/kursus/${draft.id}`}>← Kembali ke draf {draft.slug ?? ''}</Link>
      </p>
      <h1>
        Pelajaran <code>{path}</code>
      </h1>
      <p className="save-state" role="status" aria-live="polite" data-state={state}>
        {state === 'saved' ? `Tersimpan (simpanan ke-${version}).` : state === 'saving' ? 'Menyimpan…' : state === 'dirty' ? 'Ada perubahan, akan disimpan otomatis…' : null}
        {state === 'error' ? saveError : null}
      </p>
      {state === 'conflict' ? (
        <div className="alert alert--bad" role="alert">
          {STALE_MESSAGE}{' '}
          <button type="button" onClick={() => window.location.reload()}>
            Muat ulang
          </button>
        </div>
      ) : null}
      {restorable !== null ? (
        <div className="alert" role="status">
          Ada teks pelajaran ini yang tersimpan di peramban ini tetapi belum di server.{' '}
          <button
            type="button"
            onClick={() => {
              editor.current?.replaceAll(restorable);
              setRestorable(null);
            }}
          >
            Pulihkan teks saya
          </button>{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              window.localStorage.removeItem(storageKey(draft.id, path));
              setRestorable(null);
            }}
          >
            Buang
          </button>
        </div>
      ) : null}
      {locked ? <p className="alert">Draf sedang ditinjau: pelajaran tidak bisa diubah sampai dikembalikan atau terbit.</p> : null}
      {problems.length > 0 ? (
        <ul className="studio-problems" aria-label="Kesalahan di pelajaran ini">
          {problems.map((problem, index) => (
            <li key={index}>
              Baris {problem.line}: {problem.message}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="editor-grid">
        <div className="editor-pane">
          <Form method="post">
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="baseVersion" value={version} />
            <MarkdownEditor
              initial={loaded.content}
              textareaName="content"
              onChange={onChange}
              onReady={onReady}
            />
            <p>
              <button type="submit" disabled={locked} onClick={(event) => (event.preventDefault(), save(content, version))}>
                Simpan sekarang
              </button>
            </p>
          </Form>
          <uploader.Form method="post" encType="multipart/form-data" className="inline-form image-upload">
            <input type="hidden" name="intent" value="image" />
            <input type="hidden" name="baseVersion" value={version} />
            <label htmlFor="image-file">Sisipkan gambar (JPEG, PNG, WebP; dikecilkan otomatis)</label>{' '}
            <input id="image-file" name="file" type="file" accept="image/jpeg,image/png,image/webp" disabled={locked} />{' '}
            <button type="submit" disabled={locked || uploader.state !== 'idle'}>
              Unggah gambar
            </button>
            {uploadError ? (
              <span className="alert--bad" role="alert">
                {' '}
                {uploadError}
              </span>
            ) : null}
          </uploader.Form>
        </div>
        <div className="preview-pane">
          <h2>Pratinjau peserta (360 px)</h2>
          <p className="hint" data-testid="preview-facts">
            {preview
              ? `Ukuran unduhan ${(preview.bytes / 1024).toFixed(1)} KB · ${preview.words} kata · perkiraan baca ${preview.readingMinutes} menit`
              : 'Memuat pratinjau…'}
          </p>
          <iframe title="Pratinjau pelajaran seperti di ponsel peserta" className="phone-preview" width={360} height={640} sandbox="allow-same-origin" srcDoc={srcDoc} />
        </div>
      </div>
    </section>
  );
}
