import path from 'node:path';
import { Parser } from 'htmlparser2';
import { DataSource } from 'typeorm';
import type { CheckedCourse } from '../../src/courses/course-package';
import { importCheckedCourse, importContentDirectory, importPackageFiles, PackageRejectedError } from '../../src/courses/course-importer';
import { renderLessonHtml } from '../../src/courses/lesson-markdown';
import { checkCoursePackage } from '../../src/courses/package-checker';
import { readPackageFolder } from '../../src/courses/package-files';
import { CoursePackageV21795486400000 } from '../../src/database/migrations/1795486400000-CoursePackageV2';
import { typeormOptions } from '../../src/database/typeorm-options';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, createTestDatabase, type TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, lessonIdsOf, startAttempt, submit } from './learning.helpers';

const STANDARD_COURSES = ['inti-pilar-sosial', 'karang-taruna-dasar', 'pendamping-pkh-dasar', 'psm-dasar', 'slrt-puskesos-dasar', 'tagana-dasar', 'tksk-dasar'];
/** Valid v2 packages of the tests' own (the standard courses come from content/ and change with the curriculum). */
const coursesDir = path.resolve(__dirname, '..', 'fixtures', 'content', 'v2', 'courses');
const FIXTURE = 'kursus-contoh';
const TABLES = ['courses', 'course_versions', 'course_modules', 'lessons', 'questions', 'field_tasks', 'media_files', 'course_version_media'];

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
    const report = await importContentDirectory(dataSource, coursesDir);
    expect(report.problems).toEqual([]);
  });
  afterAll(() => t.close());

  it('finds the seven standard courses already imported into the test database, one version each', async () => {
    const rows = await dataSource.query(
      'SELECT c.slug, v.number FROM courses c JOIN course_versions v ON v.id = c.current_version_id WHERE c.slug = ANY($1) ORDER BY c.slug',
      [STANDARD_COURSES],
    );
    expect(rows.map((row: { slug: string }) => row.slug)).toEqual(STANDARD_COURSES);
    expect(rows.every((row: { number: number }) => row.number === 1)).toBe(true);
  });

  it('stores module ids, each question\'s module and kind, the field task and the computed JP as the version\'s hours', async () => {
    const [version] = await dataSource.query(
      `SELECT v.id, v.hours, v.total_minutes, v.settings FROM courses c JOIN course_versions v ON v.id = c.current_version_id WHERE c.slug = $1`,
      [FIXTURE],
    );
    // The author declared 1 JP; the content plans 6 + 1.5 × (3 + 6) + 90 = 109.5 minutes = 2 JP, which the certificate prints.
    expect(version).toMatchObject({ hours: '2.00', total_minutes: 6 });
    expect(version.settings.posttest).toMatchObject({ bank: 'questions/posttest.yaml', draw: 6, scenarioShare: 60 });
    expect(await dataSource.query('SELECT key, title FROM course_modules WHERE version_id = $1 ORDER BY position', [version.id])).toEqual([
      { key: 'mengenal-psm', title: 'Mengenal PSM' },
      { key: 'pendataan', title: 'Pendataan Warga' },
      { key: 'rujukan', title: 'Merujuk Kasus' },
    ]);
    const kinds = await dataSource.query(
      `SELECT bank, module_key, kind, count(*)::int AS n FROM questions WHERE version_id = $1 GROUP BY bank, module_key, kind ORDER BY bank, module_key, kind`,
      [version.id],
    );
    expect(kinds).toContainEqual({ bank: 'questions/posttest.yaml', module_key: 'rujukan', kind: 'scenario', n: 3 });
    expect(kinds).toContainEqual({ bank: 'questions/posttest.yaml', module_key: 'rujukan', kind: 'knowledge', n: 1 });
    expect(kinds).toContainEqual({ bank: 'questions/pretest.yaml', module_key: 'pendataan', kind: 'knowledge', n: 1 });

    const [task] = await dataSource.query('SELECT * FROM field_tasks WHERE version_id = $1', [version.id]);
    expect(task).toMatchObject({
      key: 'rujukan-kasus',
      position: 1,
      module_key: 'rujukan',
      minutes: 90,
      report_min_words: 150,
      photos_min: 0,
      photos_max: 3,
      review_days: 7,
      resubmissions: 2,
      checklist: ['Tidak ada wajah penerima manfaat, NIK, atau nomor KK yang terlihat di foto.'],
    });
    expect(task.report_template).toContain('## Tindak lanjut');
    expect(task.instructions_html).toContain('<strong>satu</strong>');
    expect(task.instructions_html).toContain('<a href="https://kemensos.go.id/" rel="noopener noreferrer">SLRT</a>');
    expect(task.rubric.passLevel).toBe('cukup');
    expect(task.rubric.levels.map((level: { id: string }) => level.id)).toEqual(['belum', 'cukup', 'baik', 'sangat-baik']);
    // jsonb keeps no key order: the order of the levels is the levels list's.
    expect(Object.keys(task.rubric.criteria[1].levels).sort()).toEqual(['baik', 'belum', 'cukup', 'sangat-baik']);
  });

  it('draws the tests of the imported course balanced by module, every post-test with its scenario share', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.PSM });
    const { id } = await enroll(t, worker, FIXTURE);
    const moduleAndKind = async (attemptId: string) =>
      (await dataSource.query(
        `SELECT q.module_key AS module, q.kind FROM quiz_attempts a, jsonb_array_elements(a.items) AS item JOIN questions q ON q.id = (item->>'questionId')::uuid WHERE a.id = $1`,
        [attemptId],
      )) as Array<{ module: string; kind: string }>;
    const perModule = (rows: Array<{ module: string }>) => ['mengenal-psm', 'pendataan', 'rujukan'].map((module) => rows.filter((row) => row.module === module).length);

    const pre = await startAttempt(t, worker, id, 'pretest');
    expect(perModule(await moduleAndKind(pre.id))).toEqual([1, 1, 1]);
    await submit(t, worker, pre.id, await answersWith(dataSource, pre.id, 1)).expect(200);
    await finishLessons(t, worker, id, await lessonIdsOf(t, FIXTURE));
    // Three post-tests (max_attempts: 3), each failed so the next one opens: 6 questions, 2 per module, ≥ 4 scenarios (60 %).
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const post = await startAttempt(t, worker, id, 'posttest');
      const rows = await moduleAndKind(post.id);
      expect(perModule(rows)).toEqual([2, 2, 2]);
      expect(rows.filter((row) => row.kind === 'scenario').length).toBeGreaterThanOrEqual(4);
      await submit(t, worker, post.id, await answersWith(dataSource, post.id, 0)).expect(200);
    }
  });

  it('changes nothing when the same content is imported again', async () => {
    const before = await counts(dataSource);
    const snapshot = await dataSource.query('SELECT id, version_id, html FROM lessons ORDER BY id');
    const report = await importContentDirectory(dataSource, coursesDir);
    expect(report.problems).toEqual([]);
    expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['unchanged']);
    expect(await counts(dataSource)).toEqual(before);
    expect(await dataSource.query('SELECT id, version_id, html FROM lessons ORDER BY id')).toEqual(snapshot);
  });

  it('makes a new version when one lesson changes, leaving the old version intact', async () => {
    const files = readPackageFolder(path.join(coursesDir, FIXTURE));
    const oldOutline = (await t.http.get(`/api/courses/${FIXTURE}`).expect(200)).body;
    const oldLessonId = oldOutline.modules[0].lessons[0].id as string;
    const oldLesson = (await t.http.get(`/api/courses/${FIXTURE}/lessons/${oldLessonId}`).expect(200)).body;
    const oldRows = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM lessons WHERE version_id = $1) AS lessons, (SELECT count(*)::int FROM questions WHERE version_id = $1) AS questions,
              (SELECT count(*)::int FROM course_modules WHERE version_id = $1) AS modules, (SELECT content_hash FROM course_versions WHERE id = $1) AS hash`,
      [oldOutline.versionId],
    );

    const changed = withLesson(files, `lessons/${oldOutline.modules[0].lessons[0].slug}.md`, (text) => `${text}\n\nParagraf tambahan: versi kedua.\n`);
    const outcome = await importPackageFiles(dataSource, changed, FIXTURE);
    expect(outcome).toMatchObject({ slug: FIXTURE, status: 'updated', version: 2 });
    expect(outcome.versionId).not.toBe(oldOutline.versionId);

    // The catalogue and the outline now show version 2, with the new text.
    const newOutline = (await t.http.get(`/api/courses/${FIXTURE}`).expect(200)).body;
    expect(newOutline).toMatchObject({ version: 2, versionId: outcome.versionId });
    const newLessonId = newOutline.modules[0].lessons[0].id as string;
    expect(newLessonId).not.toBe(oldLessonId);
    expect((await t.http.get(`/api/courses/${FIXTURE}/lessons/${newLessonId}`).expect(200)).body.html).toContain('Paragraf tambahan: versi kedua.');

    // Version 1 is untouched: same rows, same lesson text, still readable by its ids and by number.
    expect(
      await dataSource.query(
        `SELECT (SELECT count(*)::int FROM lessons WHERE version_id = $1) AS lessons, (SELECT count(*)::int FROM questions WHERE version_id = $1) AS questions,
                (SELECT count(*)::int FROM course_modules WHERE version_id = $1) AS modules, (SELECT content_hash FROM course_versions WHERE id = $1) AS hash`,
        [oldOutline.versionId],
      ),
    ).toEqual(oldRows);
    const again = (await t.http.get(`/api/courses/${FIXTURE}/lessons/${oldLessonId}`).expect(200)).body;
    expect(again).toEqual(oldLesson);
    expect(again.html).not.toContain('versi kedua');
    expect((await t.http.get(`/api/courses/${FIXTURE}?version=1`).expect(200)).body.versionId).toBe(oldOutline.versionId);

    // Importing the changed package again is a no-op; the unchanged courses stay on version 1.
    expect((await importPackageFiles(dataSource, changed, FIXTURE)).status).toBe('unchanged');
    const versions = await dataSource.query(`SELECT c.slug, count(v.id)::int AS n FROM courses c JOIN course_versions v ON v.course_id = c.id GROUP BY c.slug ORDER BY c.slug`);
    expect(versions.find((row: { slug: string }) => row.slug === FIXTURE).n).toBe(2);
    expect(versions.filter((row: { slug: string }) => row.slug !== FIXTURE).every((row: { n: number }) => row.n === 1)).toBe(true);
  });

  it('refuses a broken package whole, writing nothing, with every problem listed', async () => {
    const files = readPackageFolder(path.join(coursesDir, FIXTURE));
    const broken = withLesson(files, 'questions/posttest.yaml', (text) =>
      text.replace(/answer: (\d+)/, 'answer: 99').replace('type: true_false', 'type: benar_salah').replace('kind: knowledge', 'kind: hafalan'),
    );
    const before = await counts(dataSource);
    const error = await importPackageFiles(dataSource, broken, FIXTURE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PackageRejectedError);
    expect((error as PackageRejectedError).problems).toEqual([
      expect.stringMatching(/^questions\/posttest\.yaml:\d+: jawaban 99 di luar pilihan yang ada/),
      expect.stringMatching(/^questions\/posttest\.yaml:\d+: jenis soal "benar_salah" tidak dikenal/),
      expect.stringMatching(/^questions\/posttest\.yaml:\d+: kind "hafalan" tidak dikenal/),
    ]);
    expect(await counts(dataSource)).toEqual(before);
  });

  it('imports the same new course from two importers at once as one course and one version', async () => {
    const files = readPackageFolder(path.join(coursesDir, FIXTURE));
    const renamed = new Map(files);
    renamed.set('course.yaml', Buffer.from(Buffer.from(files.get('course.yaml')!).toString('utf8').replace(`slug: ${FIXTURE}`, 'slug: kursus-contoh-lanjutan')));
    const outcomes = await Promise.all([importPackageFiles(dataSource, renamed), importPackageFiles(dataSource, renamed)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['created', 'unchanged']);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = 'kursus-contoh-lanjutan'`)).toEqual([{ n: 1 }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM field_tasks f JOIN course_versions v ON v.id = f.version_id JOIN courses c ON c.id = v.course_id WHERE c.slug = 'kursus-contoh-lanjutan'`)).toEqual([{ n: 1 }]);
    // Both courses use the same image: it is stored once.
    const [{ stored }] = await dataSource.query(`SELECT count(*)::int AS stored FROM media_files`);
    const [{ distinct }] = await dataSource.query(`SELECT count(DISTINCT media_hash)::int AS distinct FROM course_version_media`);
    expect(stored).toBe(distinct);
  });

  it('the format v2 migration goes down and up again, leaving the schema the entities describe', async () => {
    const database = await createTestDatabase();
    const own = new DataSource({ ...typeormOptions(database.url, 2), logging: false });
    await own.initialize();
    try {
      const migration = new CoursePackageV21795486400000();
      const runner = own.createQueryRunner();
      await migration.down(runner);
      expect(await runner.query(`SELECT to_regclass('field_tasks') AS t`)).toEqual([{ t: null }]);
      await migration.up(runner);
      await runner.release();
      // Only the tables of this migration: other tables' drift is not this test's business.
      const pending = (await own.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query);
      expect(pending.filter((query) => /field_tasks|"questions"|"course_modules"|question_kind/.test(query))).toEqual([]);
    } finally {
      await own.destroy();
      await database.drop();
    }
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
      const base = checkCoursePackage({ files: readPackageFolder(path.join(coursesDir, FIXTURE)), folderName: FIXTURE }).course!;
      const hostile: CheckedCourse = {
        ...base,
        slug: 'kursus-uji-xss',
        contentHash: 'f'.repeat(64),
        modules: base.modules.map((module, index) =>
          index === 0 ? { ...module, lessons: [{ ...module.lessons[0], markdown: `${HOSTILE_MARKDOWN}\n\n![alur](../media/alur.svg)` }, ...module.lessons.slice(1)] } : module,
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
