import path from 'node:path';
import { Parser } from 'htmlparser2';
import { DataSource } from 'typeorm';
import type { CheckedCourse } from '../../src/courses/course-package';
import { importCheckedCourse, importContentDirectory, importPackageFiles, PackageRejectedError } from '../../src/courses/course-importer';
import { renderLessonHtml } from '../../src/courses/lesson-markdown';
import { checkCoursePackage } from '../../src/courses/package-checker';
import { readPackageFolder } from '../../src/courses/package-files';
import { createTestApp, type TestApp } from '../test-app';

const coursesDir = path.resolve(__dirname, '..', '..', '..', 'content', 'courses');
const TABLES = ['courses', 'course_versions', 'course_modules', 'lessons', 'questions', 'media_files', 'course_version_media'];

/** Markdown an attacker (or a careless copy-paste) might put in a lesson. */
const HOSTILE_MARKDOWN = [
  '## Judul',
  '',
  '<script>alert("xss")</script>',
  '',
  'Teks <img src="x" onerror="alert(1)"> dan <b onclick="alert(2)">tebal</b>.',
  '',
  '<iframe src="https://contoh.go.id/jahat"></iframe>',
  '',
  '<a href="javascript:alert(3)">tautan mentah</a>',
  '',
  '[tautan](javascript:alert(4)) [tautan2](JAVASCRIPT:alert(5)) [tautan3](javascript&#58;alert(6)) [data](data:text/html;base64,PHNjcmlwdD4=)',
  '',
  '<svg onload="alert(7)"><circle r="1"/></svg>',
  '',
  '<style>body{display:none}</style><object data="x"></object><embed src="x">',
  '',
  '![gambar](javascript:alert(8)) ![luar](https://contoh.go.id/x.png)',
  '',
  '[aman](https://kemensos.go.id) dan **tebal** serta _miring_.',
  '',
  '| a | b |',
  '|---|:-:|',
  '| 1 | 2 |',
].join('\n');

interface Element {
  name: string;
  attributes: Record<string, string>;
}

/** Every element of an HTML fragment, as a browser would build it. */
function elements(html: string): Element[] {
  const found: Element[] = [];
  const parser = new Parser({ onopentag: (name, attributes) => found.push({ name, attributes }) });
  parser.write(html);
  parser.end();
  return found;
}

function expectHarmless(html: string): void {
  const all = elements(html);
  // <b> and <a href="javascript:…"> would only appear if raw HTML from the Markdown had survived.
  expect(all.map((element) => element.name).filter((name) => ['script', 'iframe', 'object', 'embed', 'svg', 'style', 'b', 'div'].includes(name))).toEqual([]);
  for (const element of all) {
    expect(Object.keys(element.attributes).filter((name) => name.startsWith('on'))).toEqual([]);
    for (const value of Object.values(element.attributes)) expect(value.replace(/\s/g, '').toLowerCase()).not.toMatch(/^(javascript|data|vbscript):/);
  }
  expect(all.filter((element) => element.name === 'img').every((img) => img.attributes.src?.startsWith('/api/courses/'))).toBe(true);
}

async function counts(dataSource: DataSource): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) result[table] = (await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  return result;
}

function withLesson(files: Map<string, Uint8Array>, name: string, edit: (text: string) => string): Map<string, Uint8Array> {
  const copy = new Map(files);
  copy.set(name, Buffer.from(edit(Buffer.from(files.get(name)!).toString('utf8')), 'utf8'));
  return copy;
}

describe('course import', () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    dataSource = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('finds the seven courses already imported into the test database, one version each', async () => {
    const rows = await dataSource.query('SELECT c.slug, v.number FROM courses c JOIN course_versions v ON v.id = c.current_version_id ORDER BY c.slug');
    expect(rows).toHaveLength(7);
    expect(rows.every((row: { number: number }) => row.number === 1)).toBe(true);
  });

  it('changes nothing when the same content is imported again', async () => {
    const before = await counts(dataSource);
    const snapshot = await dataSource.query('SELECT id, version_id, html FROM lessons ORDER BY id');
    const report = await importContentDirectory(dataSource, coursesDir);
    expect(report.problems).toEqual([]);
    expect(report.outcomes.map((outcome) => outcome.status)).toEqual(Array(7).fill('unchanged'));
    expect(await counts(dataSource)).toEqual(before);
    expect(await dataSource.query('SELECT id, version_id, html FROM lessons ORDER BY id')).toEqual(snapshot);
  });

  it('makes a new version when one lesson changes, leaving the old version intact', async () => {
    const files = readPackageFolder(path.join(coursesDir, 'psm-dasar'));
    const oldOutline = (await t.http.get('/api/courses/psm-dasar').expect(200)).body;
    const oldLessonId = oldOutline.modules[0].lessons[0].id as string;
    const oldLesson = (await t.http.get(`/api/courses/psm-dasar/lessons/${oldLessonId}`).expect(200)).body;
    const oldRows = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM lessons WHERE version_id = $1) AS lessons, (SELECT count(*)::int FROM questions WHERE version_id = $1) AS questions,
              (SELECT count(*)::int FROM course_modules WHERE version_id = $1) AS modules, (SELECT content_hash FROM course_versions WHERE id = $1) AS hash`,
      [oldOutline.versionId],
    );

    const changed = withLesson(files, `lessons/${oldOutline.modules[0].lessons[0].slug}.md`, (text) => `${text}\n\nParagraf tambahan: versi kedua.\n`);
    const outcome = await importPackageFiles(dataSource, changed, 'psm-dasar');
    expect(outcome).toMatchObject({ slug: 'psm-dasar', status: 'updated', version: 2 });
    expect(outcome.versionId).not.toBe(oldOutline.versionId);

    // The catalogue and the outline now show version 2, with the new text.
    const newOutline = (await t.http.get('/api/courses/psm-dasar').expect(200)).body;
    expect(newOutline).toMatchObject({ version: 2, versionId: outcome.versionId });
    const newLessonId = newOutline.modules[0].lessons[0].id as string;
    expect(newLessonId).not.toBe(oldLessonId);
    expect((await t.http.get(`/api/courses/psm-dasar/lessons/${newLessonId}`).expect(200)).body.html).toContain('Paragraf tambahan: versi kedua.');

    // Version 1 is untouched: same rows, same lesson text, still readable by its ids and by number.
    expect(
      await dataSource.query(
        `SELECT (SELECT count(*)::int FROM lessons WHERE version_id = $1) AS lessons, (SELECT count(*)::int FROM questions WHERE version_id = $1) AS questions,
                (SELECT count(*)::int FROM course_modules WHERE version_id = $1) AS modules, (SELECT content_hash FROM course_versions WHERE id = $1) AS hash`,
        [oldOutline.versionId],
      ),
    ).toEqual(oldRows);
    const again = (await t.http.get(`/api/courses/psm-dasar/lessons/${oldLessonId}`).expect(200)).body;
    expect(again).toEqual(oldLesson);
    expect(again.html).not.toContain('versi kedua');
    expect((await t.http.get('/api/courses/psm-dasar?version=1').expect(200)).body.versionId).toBe(oldOutline.versionId);

    // Importing the changed package again is a no-op; the unchanged courses stay on version 1.
    expect((await importPackageFiles(dataSource, changed, 'psm-dasar')).status).toBe('unchanged');
    const versions = await dataSource.query(`SELECT c.slug, count(v.id)::int AS n FROM courses c JOIN course_versions v ON v.course_id = c.id GROUP BY c.slug ORDER BY c.slug`);
    expect(versions.find((row: { slug: string }) => row.slug === 'psm-dasar').n).toBe(2);
    expect(versions.filter((row: { n: number }) => row.n === 1)).toHaveLength(6);
  });

  it('refuses a broken package whole, writing nothing, with every problem listed', async () => {
    const files = readPackageFolder(path.join(coursesDir, 'tksk-dasar'));
    const broken = withLesson(files, 'questions/bank.yaml', (text) => text.replace(/answer: (\d+)/, 'answer: 99').replace('type: true_false', 'type: benar_salah'));
    const before = await counts(dataSource);
    const error = await importPackageFiles(dataSource, broken, 'tksk-dasar').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PackageRejectedError);
    expect((error as PackageRejectedError).problems).toEqual([
      expect.stringMatching(/^questions\/bank\.yaml:\d+: jawaban 99 di luar pilihan yang ada/),
      expect.stringMatching(/^questions\/bank\.yaml:\d+: jenis soal "benar_salah" tidak dikenal/),
    ]);
    expect(await counts(dataSource)).toEqual(before);
  });

  it('imports the same new course from two importers at once as one course and one version', async () => {
    const files = readPackageFolder(path.join(coursesDir, 'tagana-dasar'));
    const renamed = new Map(files);
    renamed.set('course.yaml', Buffer.from(Buffer.from(files.get('course.yaml')!).toString('utf8').replace('slug: tagana-dasar', 'slug: tagana-lanjutan')));
    const outcomes = await Promise.all([importPackageFiles(dataSource, renamed), importPackageFiles(dataSource, renamed)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['created', 'unchanged']);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = 'tagana-lanjutan'`)).toEqual([{ n: 1 }]);
    // tagana-dasar and tagana-lanjutan use the same image: it is stored once.
    const [{ stored }] = await dataSource.query(`SELECT count(*)::int AS stored FROM media_files`);
    const [{ distinct }] = await dataSource.query(`SELECT count(DISTINCT media_hash)::int AS distinct FROM course_version_media`);
    expect(stored).toBe(distinct);
  });

  describe('Markdown sanitizing', () => {
    it('lets no script, event handler, iframe, javascript: link or raw HTML through the renderer', () => {
      const html = renderLessonHtml(HOSTILE_MARKDOWN, () => null);
      expectHarmless(html);
      expect(elements(html).map((element) => element.name)).toEqual(expect.arrayContaining(['h2', 'p', 'a', 'strong', 'em', 'table', 'th', 'td']));
      expect(elements(html).filter((element) => element.name === 'a')).toEqual([
        { name: 'a', attributes: { href: 'https://kemensos.go.id', rel: 'noopener noreferrer' } },
      ]);
    });

    it('stores only harmless HTML even for a course that skipped the checker, and serves it so', async () => {
      const base = checkCoursePackage({ files: readPackageFolder(path.join(coursesDir, 'slrt-puskesos-dasar')), folderName: 'slrt-puskesos-dasar' }).course!;
      const hostile: CheckedCourse = {
        ...base,
        slug: 'kursus-uji-xss',
        contentHash: 'f'.repeat(64),
        modules: base.modules.map((module, index) =>
          index === 0 ? { ...module, lessons: [{ ...module.lessons[0], markdown: `${HOSTILE_MARKDOWN}\n\n![alur](../media/alur-layanan.svg)` }, ...module.lessons.slice(1)] } : module,
        ),
      };
      const outcome = await importCheckedCourse(dataSource, hostile);
      const outline = (await t.http.get('/api/courses/kursus-uji-xss').expect(200)).body;
      expect(outline.versionId).toBe(outcome.versionId);
      const lesson = (await t.http.get(`/api/courses/kursus-uji-xss/lessons/${outline.modules[0].lessons[0].id}`).expect(200)).body;
      expectHarmless(lesson.html);
      expect(lesson.html).toMatch(/<img src="\/api\/courses\/kursus-uji-xss\/media\/[0-9a-f]{64}\.svg" alt="alur"/);
      const [{ html }] = await dataSource.query('SELECT html FROM lessons WHERE id = $1', [lesson.id]);
      expectHarmless(html);
    });
  });
});
