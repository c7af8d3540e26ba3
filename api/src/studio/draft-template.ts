/**
 * The package a new course starts from in the studio: one module with one lesson, two empty banks and the standard
 * quiz rules. It is a draft, so the checker's findings (empty banks) are listed until the trainer adds questions.
 */

export const FIRST_MODULE_ID = 'modul-1';

export function lessonTemplate(title: string): string {
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    'minutes: 1',
    '---',
    '## Pengantar',
    '',
    'Tulis isi pelajaran di sini dengan Markdown.',
    '',
    '## Sumber',
    '',
    '- Tulis dasar aturannya: nomor, judul, tautan.',
    '',
  ].join('\n');
}

export function newCourseFiles(slug: string, title: string): Map<string, Uint8Array> {
  const encode = (text: string) => new TextEncoder().encode(text);
  const course = [
    `slug: ${slug}`,
    `title: ${JSON.stringify(title)}`,
    'summary: Ringkasan kursus dalam 1–3 kalimat.',
    'pillars: [SEMUA]',
    'hours: 1',
    'modules:',
    `  - id: ${FIRST_MODULE_ID}`,
    '    title: Modul 1',
    '    lessons: [01-pengantar.md]',
    'pretest: { bank: questions/pretest.yaml, draw: 1 }',
    'posttest: { bank: questions/posttest.yaml, draw: 3, pass_mark: 70, max_attempts: 3 }',
    '',
  ].join('\n');
  const emptyBank = '# Tambah soal lewat formulir studio.\nquestions: []\n';
  return new Map([
    ['course.yaml', encode(course)],
    ['lessons/01-pengantar.md', encode(lessonTemplate('Pengantar'))],
    ['questions/pretest.yaml', encode(emptyBank)],
    ['questions/posttest.yaml', encode(emptyBank)],
  ]);
}

/** A lesson file name from its title: `02-judul-pelajaran.md`, numbered after the lessons already there. */
export function lessonFileName(title: string, existing: readonly string[]): string {
  const base =
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '') || 'pelajaran';
  for (let number = existing.length + 1; ; number++) {
    const name = `${String(number).padStart(2, '0')}-${base}.md`;
    if (!existing.includes(name)) return name;
  }
}
