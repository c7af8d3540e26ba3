import { Form } from '@remix-run/react';

export const FLAG_LABEL: Record<string, string> = {
  too_easy: 'terlalu mudah (> 90 % benar)',
  too_hard: 'terlalu sulit (< 20 % benar)',
  negative_discrimination: 'daya beda negatif (peserta lemah lebih sering benar)',
  unused_option: 'ada pilihan yang tidak pernah dipilih',
};

interface Item {
  questionId: string;
  prompt: string | null;
  bank: string | null;
  kind: string;
  answers: number;
  difficulty: number;
  discrimination: number;
  optionCounts: number[];
  enough: boolean;
  flags: string[];
}

/** The course chooser and the per-question table; `editHref` links a flagged question to its editor when there is one. */
export function ItemAnalysisView({
  courses,
  slug,
  analysis,
  editHref,
}: {
  courses: Array<{ slug: string; title: string }>;
  slug: string | null;
  analysis: { version: number | null; minAnswers: number; attempts: number; items: Item[] } | null;
  editHref: (item: Item) => string | null;
}) {
  const percent = (value: number) => `${Math.round(value * 100)} %`;
  return (
    <>
      <Form method="get" className="inline-form">
        <label htmlFor="ia-course">Kursus</label>{' '}
        <select id="ia-course" name="kursus" defaultValue={slug ?? ''}>
          {courses.map((course) => (
            <option key={course.slug} value={course.slug}>
              {course.title}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Tampilkan</button>
      </Form>
      {!analysis ? (
        <p>Belum ada kursus terbit.</p>
      ) : (
        <>
          <p>
            {analysis.attempts} tes yang sudah dinilai{analysis.version ? `, soal versi ${analysis.version}` : ''}. Tanda diberikan setelah soal dijawab paling
            sedikit {analysis.minAnswers} kali.
          </p>
          {analysis.items.length === 0 ? (
            <p>Belum ada jawaban yang dinilai untuk kursus ini.</p>
          ) : (
            <div className="table-wrap">
              <table className="wide-table item-analysis">
                <caption>Analisis soal (yang bertanda lebih dulu)</caption>
                <thead>
                  <tr>
                    <th scope="col">Soal</th>
                    <th scope="col">Tes</th>
                    <th scope="col">Jawaban</th>
                    <th scope="col">Benar</th>
                    <th scope="col">Daya beda</th>
                    <th scope="col">Pilihan dipilih</th>
                    <th scope="col">Tanda</th>
                  </tr>
                </thead>
                <tbody>
                  {analysis.items.map((item) => {
                    const href = item.flags.length > 0 ? editHref(item) : null;
                    return (
                      <tr key={item.questionId}>
                        <th scope="row">
                          <code>{item.questionId}</code> {item.prompt}
                        </th>
                        <td>{item.kind === 'pretest' ? 'awal' : 'akhir'}</td>
                        <td>{item.answers}</td>
                        <td>{percent(item.difficulty)}</td>
                        <td>{item.discrimination.toFixed(2)}</td>
                        <td>{item.optionCounts.map((count, index) => `${index}: ${count}`).join(' · ')}</td>
                        <td>
                          {!item.enough ? <span className="hint">data belum cukup</span> : null}
                          {item.flags.map((flag) => (
                            <span key={flag} className="badge badge--returned">
                              {FLAG_LABEL[flag] ?? flag}
                            </span>
                          ))}
                          {href ? <a href={href}>Perbaiki soal</a> : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
