import { useEffect, useRef } from 'react';

/**
 * CodeMirror 6 over the lesson's Markdown: the text is the file, byte for byte (no rich editor in between). Loaded in
 * the browser only; until it is, the plain textarea (which also works without JavaScript) is the editor.
 */
export function MarkdownEditor({
  initial,
  onChange,
  onReady,
  textareaName,
}: {
  initial: string;
  onChange: (text: string) => void;
  /** Hands over a way to insert text at the cursor (an uploaded image's Markdown). */
  onReady: (insert: (text: string) => void, replaceAll: (text: string) => void) => void;
  textareaName: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  });

  useEffect(() => {
    let destroyed = false;
    let destroy = () => {};
    void Promise.all([import('codemirror'), import('@codemirror/lang-markdown')]).then(([{ EditorView, basicSetup }, { markdown }]) => {
      if (destroyed || !host.current) return;
      const view = new EditorView({
        doc: fallback.current?.value ?? initial,
        parent: host.current,
        extensions: [
          basicSetup,
          markdown(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'Isi pelajaran (Markdown)' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      });
      if (fallback.current) fallback.current.hidden = true;
      host.current.dataset.ready = 'true';
      onReady(
        (text) => {
          const { from, to } = view.state.selection.main;
          view.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length } });
          view.focus();
        },
        (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
      );
      destroy = () => view.destroy();
    });
    return () => {
      destroyed = true;
      destroy();
    };
    // Mounted once: later text comes from the editor itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="markdown-editor">
      <div ref={host} className="markdown-editor__cm" />
      <textarea
        ref={fallback}
        name={textareaName}
        defaultValue={initial}
        rows={24}
        aria-label="Isi pelajaran (Markdown)"
        onChange={(event) => changed.current(event.target.value)}
      />
    </div>
  );
}
