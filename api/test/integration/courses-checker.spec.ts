import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatProblem, type CheckedCourse, type PackageFiles } from '../../src/courses/course-package';
import { scenarioGuarantee, type ModuleCounts } from '../../src/learning/grading/draw';
import { checkCoursePackage, checkCoursePackages, packageContentHash } from '../../src/courses/package-checker';
import { readPackageFolder, readPackages } from '../../src/courses/package-files';
import { svgProblems } from '../../src/courses/svg-safety';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const contentDir = path.join(repoRoot, 'content');
const fixtures = path.join(__dirname, '..', 'fixtures', 'content');
/** Valid packages of format v2, so the v2 curriculum expectations run before the real courses are rewritten. */
const v2Fixtures = path.join(fixtures, 'v2');
const STANDARD_COURSES = [
  'inti-pilar-sosial',
  'karang-taruna-dasar',
  'pendamping-pkh-dasar',
  'psm-dasar',
  'slrt-puskesos-dasar',
  'tagana-dasar',
  'tksk-dasar',
];

const text = (value: string) => Buffer.from(value, 'utf8');

const TASK_LINES = [
  'id: kunjungan',
  'title: Kunjungan rumah',
  'minutes: 30',
  'instructions: |',
  '  Kunjungi satu keluarga dan catat kebutuhannya.',
  '',
  '  Jangan memotret wajah atau dokumen.',
  'report:',
  '  template: |',
  '    ## Kebutuhan',
  '  min_words: 50',
  'photos: { min: 0, max: 2 }',
  'checklist: [Tidak ada wajah atau dokumen di foto.]',
  'levels:',
  '  - { id: belum, title: Belum, points: 0 }',
  '  - { id: cukup, title: Cukup, points: 1 }',
  'criteria:',
  '  - id: catatan',
  '    title: Mencatat kebutuhan',
  '    levels:',
  '      belum: { worker: Belum dicatat., reviewer: Tidak ada catatan. }',
  '      cukup: { worker: Dicatat., reviewer: Ada catatan kebutuhan. }',
  'pass_level: cukup',
  'review_days: 7',
  'resubmissions: 2',
  '',
];

/** A small valid v2 package to break one thing at a time. */
function minimalPackage(): Map<string, Uint8Array> {
  return new Map<string, Uint8Array>([
    [
      'course.yaml',
      text(
        [
          'slug: contoh',
          'title: Contoh',
          'summary: Kursus contoh.',
          'pillars: [PSM]',
          'hours: 1',
          'modules:',
          '  - id: satu',
          '    title: Satu',
          '    lessons: [01-satu.md]',
          'pretest: { bank: questions/pretest.yaml, draw: 1 }',
          'posttest: { bank: questions/posttest.yaml, draw: 2, pass_mark: 70, scenario_share: 50 }',
          'tasks: [tasks/kunjungan.yaml]',
          '',
        ].join('\n'),
      ),
    ],
    ['lessons/01-satu.md', text('---\ntitle: Satu\nminutes: 1\n---\n## Isi\n\nTeks pelajaran.\n\n![Bagan](../media/bagan.svg)\n\n## Sumber\n\n- UU 11/2009\n')],
    [
      'questions/pretest.yaml',
      text(['questions:', '  - id: q0', '    module: satu', '    kind: knowledge', '    type: single', '    prompt: Pilih.', '    options: [A, B]', '    answer: 1', '    explanation: B.', ''].join('\n')),
    ],
    [
      'questions/posttest.yaml',
      text(
        [
          'questions:',
          '  - id: q1',
          '    module: satu',
          '    kind: scenario',
          '    type: single',
          '    prompt: Pilih satu.',
          '    options: [A, B]',
          '    answer: 0',
          '    explanation: A benar.',
          '  - id: q2',
          '    module: satu',
          '    kind: knowledge',
          '    type: true_false',
          '    prompt: Benar?',
          '    answer: true',
          '    explanation: Ya.',
          '',
        ].join('\n'),
      ),
    ],
    ['tasks/kunjungan.yaml', text(TASK_LINES.join('\n'))],
    ['media/bagan.svg', text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="url(#g)"/></svg>\n')],
  ]);
}

/** The package with one file's text changed. */
function edited(files: Map<string, Uint8Array>, name: string, edit: (text: string) => string): Map<string, Uint8Array> {
  const copy = new Map(files);
  copy.set(name, text(edit(files.has(name) ? Buffer.from(files.get(name)!).toString('utf8') : '')));
  return copy;
}

/** What format v2 asks of every course of the curriculum (issue #17), for the real courses and the v2 fixture alike. */
function expectV2Course(course: CheckedCourse): void {
  const { pretest, posttest } = course.settings;
  expect(course.tasks.length).toBeGreaterThanOrEqual(1);
  expect(pretest.bank).not.toBe(posttest.bank);
  expect(course.hours).toBeLessThanOrEqual(course.planned.computed);
  const moduleIds = course.modules.map((module) => module.id);
  expect(course.questions.every((question) => moduleIds.includes(question.module))).toBe(true);
  // ≥ 60 % scenario questions in every post-test draw, balanced by module.
  expect(posttest.scenarioShare).toBeGreaterThanOrEqual(60);
  const counts = new Map<string, ModuleCounts>();
  for (const question of course.questions.filter((q) => q.bank === posttest.bank)) {
    const module = counts.get(question.module) ?? { scenario: 0, knowledge: 0 };
    module[question.kind] += 1;
    counts.set(question.module, module);
  }
  const guarantee = scenarioGuarantee([...counts.values()], posttest.draw, posttest.scenarioShare);
  expect(guarantee.feasible).toBe(true);
  expect(guarantee.minimumScenario / posttest.draw).toBeGreaterThanOrEqual(0.6);
  for (const task of course.tasks) {
    expect(task.rubric.levels.length).toBeGreaterThanOrEqual(2);
    expect(task.rubric.criteria.every((criterion) => Object.keys(criterion.levels).length === task.rubric.levels.length)).toBe(true);
  }
}

function problemsOf(files: PackageFiles): string[] {
  return checkCoursePackage({ files }).problems.map((problem) => formatProblem(problem));
}

describe('course package checker', () => {
  describe('the standard curriculum in content/courses', () => {
    const results = checkCoursePackages(readPackages(contentDir, repoRoot));

    it('holds the seven standard courses, every one without a problem', () => {
      expect(results.map((result) => result.course?.slug ?? result.label).sort()).toEqual(STANDARD_COURSES);
      expect(results.flatMap((result) => result.problems.map((problem) => formatProblem(problem, result.label)))).toEqual([]);
    });

    it.each(STANDARD_COURSES)('%s meets the counts of the issue: ≥3 modules, ≥8 lessons, ≥20 questions of all three types, pass mark 70', (slug) => {
      const course = results.find((result) => result.course?.slug === slug)!.course!;
      const lessons = course.modules.flatMap((module) => module.lessons);
      expect(course.modules.length).toBeGreaterThanOrEqual(3);
      expect(lessons.length).toBeGreaterThanOrEqual(8);
      expect(lessons.every((lesson) => lesson.minutes > 0)).toBe(true);
      expect(course.questions.length).toBeGreaterThanOrEqual(20);
      expect(new Set(course.questions.map((question) => question.type))).toEqual(new Set(['single', 'multiple', 'true_false']));
      expect(course.questions.every((question) => question.explanation.length > 20)).toBe(true);
      expect(course.settings.pretest.draw).toBeGreaterThan(0);
      expect(course.settings.posttest.passMark).toBe(70);
    });

    it.each(STANDARD_COURSES)('%s is a v2 course: a field task, separate pools, ≥ 60 %% scenario questions in every post-test draw', (slug) => {
      expectV2Course(results.find((result) => result.course?.slug === slug)!.course!);
    });

    it('gives the core course to every pillar and the others to their own', () => {
      const pillars = Object.fromEntries(results.map((result) => [result.course!.slug, result.course!.pillars]));
      expect(pillars['inti-pilar-sosial']).toEqual(['SEMUA']);
      expect(pillars['tksk-dasar']).toEqual(['TKSK']);
      expect(pillars['slrt-puskesos-dasar']).toEqual(['SLRT']);
    });
  });

  describe('the v2 expectations on a valid v2 fixture (api/test/fixtures/content/v2)', () => {
    const results = checkCoursePackages(readPackages(v2Fixtures, repoRoot));

    it('passes the checker and the v2 curriculum expectations', () => {
      expect(results.flatMap((result) => result.problems.map((problem) => formatProblem(problem, result.label)))).toEqual([]);
      expect(results).toHaveLength(1);
      expectV2Course(results[0].course!);
    });

    it('gives the checked course its module ids, question modules and kinds, its task and its computed JP', () => {
      const course = results[0].course!;
      expect(course.modules.map((module) => module.id)).toEqual(['mengenal-psm', 'pendataan', 'rujukan']);
      expect(course.questions.find((question) => question.key === 'post-rujukan-4')).toMatchObject({ module: 'rujukan', kind: 'knowledge', bank: 'questions/posttest.yaml' });
      expect(course.modules[0].lessons[0]).toMatchObject({ minutes: 3, exerciseMinutes: 2 });
      expect(course.tasks.map((task) => task.id)).toEqual(['rujukan-kasus']);
      expect(course.tasks[0]).toMatchObject({ module: 'rujukan', minutes: 90, photos: { min: 0, max: 3 }, reviewDays: 7, resubmissions: 2, report: { minWords: 150 } });
      expect(course.tasks[0].rubric.passLevel).toBe('cukup');
      // 6 lesson minutes + 1.5 × (3 + 6) test minutes + 90 task minutes = 109.5 → 2 JP; the author declared 1.
      expect(course.planned).toEqual({ lessonMinutes: 6, testMinutes: 13.5, taskMinutes: 90, plannedMinutes: 109.5, computed: 2 });
      expect(course.hours).toBe(1);
    });

  });

  describe('a package seeded with mistakes (api/test/fixtures/content)', () => {
    const [result] = checkCoursePackages(readPackages(fixtures, repoRoot));
    const lines = result.problems.map((problem) => formatProblem(problem, result.label));
    const at = (file: string, line: number, fragment: string) => `${result.label}${file}:${line}: ${fragment}`;

    it.each([
      ['catatan.txt', 1, 'berkas ini bukan bagian dari paket'],
      ['course.yaml', 1, 'slug "Kursus_Rusak" harus kebab-case'],
      ['course.yaml', 1, 'kolom wajib "summary" belum diisi'],
      ['course.yaml', 3, 'kolom "sumary" tidak dikenal di course.yaml (maksud Anda "summary"?)'],
      ['course.yaml', 4, 'pilar "PEKSOS" tidak dikenal'],
      ['course.yaml', 5, '"hours" (JP) harus angka lebih dari 0'],
      ['course.yaml', 9, 'berkas pelajaran lessons/03-tidak-ada.md tidak ada'],
      ['course.yaml', 10, 'id modul "Modul Kedua" harus kebab-case'],
      ['course.yaml', 12, 'pelajaran 01-pembuka.md sudah dicantumkan di baris 9'],
      ['course.yaml', 13, 'draw 50 lebih besar dari jumlah soal di questions/bank.yaml (4)'],
      ['course.yaml', 14, 'bank soal questions/lain.yaml tidak ada'],
      ['course.yaml', 14, '"pass_mark" (nilai lulus) harus angka 0 sampai 100, bukan 120'],
      ['course.yaml', 14, '"scenario_share" (persen soal skenario di setiap undian) harus bilangan bulat 0 sampai 100, bukan 150'],
      ['course.yaml', 15, 'berkas tugas lapangan tasks/tidak-ada.yaml tidak ada dalam paket'],
      ['lessons/01-pembuka.md', 3, '"minutes" (lama baca dalam menit) harus bilangan bulat 1 sampai 600, bukan 0'],
      ['lessons/01-pembuka.md', 4, 'exercise_minutes diisi, tetapi pelajaran ini tidak punya bagian latihan'],
      ['lessons/02-tanpa-judul.md', 1, 'kolom wajib "title" belum diisi'],
      ['lessons/02-tanpa-judul.md', 4, 'pelajaran ini belum punya bagian "## Sumber"'],
      ['lessons/04-tidak-tercantum.md', 1, 'pelajaran ini tidak tercantum di "modules"'],
      ['lessons/04-tidak-tercantum.md', 3, 'minutes: 5 lebih lama dari isi pelajaran: 22 kata dibaca dalam 1 menit'],
      ['lessons/05-gambar-dan-tautan.md', 5, 'gambar tidak ditemukan: media/tidak-ada.png'],
      ['lessons/05-gambar-dan-tautan.md', 7, 'gambar "https://contoh.go.id/foto.jpg" harus disimpan di folder media/'],
      ['lessons/05-gambar-dan-tautan.md', 9, 'HTML tidak diizinkan'],
      ['lessons/05-gambar-dan-tautan.md', 11, 'tautan "javascript:" tidak diizinkan'],
      ['media/besar.png', 1, 'berkas terlalu besar (211 KB)'],
      ['media/jahat.svg', 1, 'SVG tidak boleh berisi penangan kejadian (onload=…)'],
      ['media/jahat.svg', 2, 'SVG tidak boleh berisi <script>'],
      ['media/jahat.svg', 3, 'SVG hanya boleh merujuk ke bagian di dalam berkas'],
      ['media/palsu.jpg', 1, 'isi berkas bukan gambar JPG'],
      ['questions/bank.yaml', 8, 'jawaban 4 di luar pilihan yang ada: gunakan nomor dari 0 sampai 3'],
      ['questions/bank.yaml', 11, 'id soal "rusak-01" sudah dipakai di questions/bank.yaml:2'],
      ['questions/bank.yaml', 12, 'modul "modul-ketiga" tidak ada di course.yaml (gunakan id salah satu modul: modul-pertama)'],
      ['questions/bank.yaml', 17, 'jawaban soal multiple harus berupa daftar nomor pilihan'],
      ['questions/bank.yaml', 22, 'kind "cerita" tidak dikenal: gunakan scenario atau knowledge'],
      ['questions/bank.yaml', 25, 'jawaban soal true_false harus true atau false, bukan "benar"'],
      ['questions/bank.yaml', 28, 'kolom wajib "module" belum diisi'],
      ['questions/bank.yaml', 30, 'jenis soal "essay" tidak dikenal'],
      ['tasks/tingkat-acak.yaml', 1, 'id tugas "tingkat-lain" harus sama dengan nama berkasnya'],
      ['tasks/tingkat-acak.yaml', 8, 'tingkat harus berurutan dari terendah ke tertinggi: points tingkat "cukup" (1) harus lebih besar dari points tingkat "baik" (2)'],
      ['tasks/tugas-rusak.yaml', 4, '"minutes" (waktu pengerjaan yang direncanakan dalam menit) harus bilangan bulat 1 sampai 6000, bukan 0'],
      ['tasks/tugas-rusak.yaml', 8, 'HTML tidak diizinkan dalam tugas lapangan (<b>)'],
      ['tasks/tugas-rusak.yaml', 9, 'photos: min (4) tidak boleh lebih besar dari max (2)'],
      ['tasks/tugas-rusak.yaml', 19, 'kriteria "identifikasi" belum punya tingkat "sangat-baik"'],
      ['tasks/tugas-rusak.yaml', 22, 'pass_level "lulus" bukan id tingkat di "levels"'],
      ['tasks/tugas-rusak.yaml', 23, '"review_days" (hari sampai penilaian dianggap terlambat) harus bilangan bulat 1 sampai 60, bukan 90'],
      ['tasks/tugas-rusak.yaml', 24, '"resubmissions" (berapa kali laporan boleh dikirim ulang) harus bilangan bulat 0 sampai 5, bukan 9'],
    ])('reports %s:%i: %s', (file, line, fragment) => {
      expect(lines).toContainEqual(expect.stringContaining(at(file, line, fragment)));
    });

    it('lists every mistake (not only the first) and yields no course', () => {
      expect(lines.length).toBeGreaterThanOrEqual(47);
      expect(new Set(lines.map((line) => line.split(': ')[0])).size).toBeGreaterThanOrEqual(40);
      expect(result.course).toBeNull();
    });
  });

  describe('answer keys and bank size (decision 023)', () => {
    /** The minimal package's post-test bank with `extra` more true/false questions. */
    const withPosttestQuestions = (extra: number) =>
      edited(minimalPackage(), 'questions/posttest.yaml', (yaml) =>
        [yaml.trimEnd(), ...Array.from({ length: extra }, (_, i) => [`  - id: extra-${i}`, '    module: satu', '    kind: knowledge', '    type: true_false', `    prompt: Pernyataan ${i}?`, '    answer: true', '    explanation: Ya.'].join('\n')), ''].join('\n'),
      );

    it('warns when the post-test bank holds fewer than three times its draw, and still accepts the package', () => {
      const small = checkCoursePackage({ files: withPosttestQuestions(3) });
      expect(small.problems).toEqual([]);
      expect(small.course).not.toBeNull();
      expect(small.warnings.map((warning) => formatProblem(warning))).toEqual([
        'course.yaml:11: bank soal post-test questions/posttest.yaml berisi 5 soal, kurang dari 3 × draw (6): soal yang sama akan sering muncul lagi di percobaan berikutnya dan jawabannya mudah beredar. Tambah soal sampai paling sedikit 6.',
      ]);
      expect(checkCoursePackage({ files: withPosttestQuestions(4) }).warnings).toEqual([]);
    });

    it('reads reveal_answers_after_fail (default false) and refuses anything but true or false', () => {
      expect(checkCoursePackage({ files: minimalPackage() }).course!.settings.posttest.revealAnswersAfterFail).toBe(false);
      const open = edited(minimalPackage(), 'course.yaml', (yaml) => yaml.replace('scenario_share: 50 }', 'scenario_share: 50, reveal_answers_after_fail: true }'));
      expect(checkCoursePackage({ files: open }).course!.settings.posttest.revealAnswersAfterFail).toBe(true);
      const wrong = edited(minimalPackage(), 'course.yaml', (yaml) => yaml.replace('scenario_share: 50 }', 'scenario_share: 50, reveal_answers_after_fail: ya }'));
      expect(problemsOf(wrong)).toEqual(['course.yaml:11: "reveal_answers_after_fail" harus true atau false']);
    });
  });

  describe('npm run content:check', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'api/src/courses/content-cli.ts', 'check', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, INIT_CWD: repoRoot },
      });

    it('passes on content/ with exit code 0', () => {
      const result = run();
      expect(result.stdout).toContain('7 paket kursus diperiksa: semuanya benar.');
      expect(result.status).toBe(0);
    }, 60_000);

    it('warns, without failing, about a post-test bank under three times its draw (issue #21, M5)', () => {
      // The v2 fixture keeps a small bank on purpose; the shipped courses hold at least 3 × their draw.
      const result = run('api/test/fixtures/content/v2');
      expect(result.stdout).toContain(
        'api/test/fixtures/content/v2/courses/kursus-contoh/course.yaml:18: peringatan: bank soal post-test questions/posttest.yaml berisi 12 soal, kurang dari 3 × draw (18)',
      );
      expect(result.stdout).toContain('1 paket kursus diperiksa: semuanya benar.');
      expect(result.status).toBe(0);
    }, 60_000);

    it('fails on the broken fixture with exit code 1, one `file:line: message` a mistake', () => {
      const result = run('api/test/fixtures/content');
      expect(result.status).toBe(1);
      const output = result.stdout.split('\n').filter((line) => /^api\/test\/fixtures\/content\/courses\/kursus-rusak\/[\w./-]+:\d+: /.test(line));
      expect(output.length).toBeGreaterThanOrEqual(47);
      expect(result.stdout).toContain('api/test/fixtures/content/courses/kursus-rusak/questions/bank.yaml:30: jenis soal "essay" tidak dikenal');
    }, 60_000);

    it('passes on the v2 fixture with exit code 0', () => {
      const result = run('api/test/fixtures/content/v2');
      expect(result.stdout).toContain('1 paket kursus diperiksa: semuanya benar.');
      expect(result.status).toBe(0);
    }, 60_000);
  });

  describe('npm run content:summary', () => {
    const summary = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/src/content-summary.ts', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, INIT_CWD: repoRoot },
      });

    it('tabulates a course: lessons, words, planned minutes, JP, questions per pool and module, the scenario share of every draw', () => {
      const result = summary('api/test/fixtures/content/v2');
      expect(result.stdout).toContain('kursus-contoh: Kursus Contoh Format v2');
      expect(result.stdout).toContain('pelajaran: 4 dalam 3 modul, 221 kata');
      expect(result.stdout).toContain('menit direncanakan: 109,5 = 6 pelajaran + 13,5 tes + 90 tugas lapangan');
      expect(result.stdout).toContain('JP: tertulis 1, dihitung 2');
      expect(result.stdout).toMatch(/rujukan\s+1 \/ 1\s+3 \/ 1/);
      expect(result.stdout).toContain('paling sedikit 4 dari 6 (66,7 %) di setiap undian yang mungkin; 1.000 undian acak: paling sedikit 4');
      expect(result.stdout).toContain('Soal kembar antarkursus (teks sama, atau ≥ 80 % kata sama): 0');
      expect(result.status).toBe(0);
    }, 60_000);

    it('fails on questions repeated across courses and on a post-test draw with under 60 % scenario questions', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bimtek-summary-'));
      try {
        cpSync(path.join(v2Fixtures, 'courses', 'kursus-contoh'), path.join(dir, 'kursus-contoh'), { recursive: true });
        const copy = path.join(dir, 'kursus-kembar');
        cpSync(path.join(v2Fixtures, 'courses', 'kursus-contoh'), copy, { recursive: true });
        const rewrite = (file: string, edit: (text: string) => string) => writeFileSync(path.join(copy, file), edit(readFileSync(path.join(copy, file), 'utf8')));
        rewrite('course.yaml', (t) => t.replace('slug: kursus-contoh', 'slug: kursus-kembar').replace('scenario_share: 60', 'scenario_share: 0'));
        // Distinct ids, the same prompts; one prompt only near-equal (one word of many changed).
        rewrite('questions/pretest.yaml', (t) => t.replace(/id: pre-/g, 'id: kembar-pre-').replace('PSM mencatat dan melaporkan kasus', 'PSM mencatat dan melaporkan masalah'));
        rewrite('questions/posttest.yaml', (t) => t.replace(/id: post-/g, 'id: kembar-post-').replace(/kind: scenario/g, 'kind: knowledge'));
        const result = summary(dir);
        expect(result.stdout).toMatch(/Soal kembar antarkursus \(teks sama, atau ≥ 80 % kata sama\): [1-9]\d*\n/);
        expect(result.stdout).toContain('kursus-contoh pre-rujukan-1 ≈ kursus-kembar kembar-pre-rujukan-1 (100 %): "Pertanyaan awal pertama tentang rujukan?"');
        expect(result.stdout).toContain('kursus-contoh pre-mengenal-psm-2 ≈ kursus-kembar kembar-pre-mengenal-psm-2 (80 %)');
        expect(result.stdout).toMatch(/- \d+ pasang soal kembar antarkursus/);
        expect(result.stdout).toContain('kursus-kembar: soal skenario di undian posttest bisa hanya 0 % (perlu ≥ 60 %)');
        expect(result.status).toBe(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });

  describe('single checks', () => {
    it('accepts the minimal package', () => {
      expect(problemsOf(minimalPackage())).toEqual([]);
    });

    it('requires the slug to equal the folder name and to be unique across packages', () => {
      const files = minimalPackage();
      expect(checkCoursePackage({ files, folderName: 'lain' }).problems.map((problem) => problem.message)).toEqual([
        'slug "contoh" harus sama dengan nama folder paket "lain"',
      ]);
      const twice = checkCoursePackages([
        { label: 'a/', files },
        { label: 'b/', files },
      ]);
      expect(twice[0].problems).toEqual([]);
      expect(twice[1].problems.map((problem) => formatProblem(problem))).toEqual(['course.yaml:1: slug "contoh" sudah dipakai oleh paket a/: setiap kursus harus punya slug sendiri']);
    });

    it('refuses SEMUA beside another pillar, duplicates and lower-case pillars', () => {
      const files = minimalPackage();
      files.set('course.yaml', Buffer.from(Buffer.from(files.get('course.yaml')!).toString().replace('pillars: [PSM]', 'pillars: [SEMUA, PSM]')));
      expect(problemsOf(files)).toEqual(['course.yaml:4: SEMUA berarti semua pilar: tulis [SEMUA] saja, tanpa pilar lain']);
      files.set('course.yaml', Buffer.from(Buffer.from(files.get('course.yaml')!).toString().replace('pillars: [SEMUA, PSM]', 'pillars: [psm, TKSK, TKSK]')));
      expect(problemsOf(files)).toEqual([
        expect.stringContaining('course.yaml:4: pilar "psm" tidak dikenal (tulis PSM)'),
        'course.yaml:4: pilar TKSK ditulis dua kali',
      ]);
    });

    it('reports YAML syntax errors with their line', () => {
      const files = minimalPackage();
      files.set('questions/posttest.yaml', Buffer.from('questions:\n  - id: q1\n    prompt: "tidak ditutup\n    type: single\n'));
      const problems = problemsOf(files);
      expect(problems.some((problem) => /^questions\/posttest\.yaml:\d+: YAML tidak dapat dibaca/.test(problem))).toBe(true);
    });

    it('refuses answers of the wrong shape for their type, and options on a true/false question', () => {
      const files = minimalPackage();
      files.set(
        'questions/posttest.yaml',
        Buffer.from(
          [
            'questions:',
            '  - id: q1',
            '    module: satu',
            '    kind: scenario',
            '    type: single',
            '    prompt: Pilih satu.',
            '    options: [A, B]',
            '    answer: [0]',
            '    explanation: A.',
            '  - id: q2',
            '    module: satu',
            '    kind: scenario',
            '    type: true_false',
            '    prompt: Benar?',
            '    options: [Benar, Salah]',
            '    answer: 1',
            '    explanation: Ya.',
            '  - id: q3',
            '    module: satu',
            '    kind: knowledge',
            '    type: multiple',
            '    prompt: Pilih.',
            '    options: [A, B, A]',
            '    answer: [0, 0, 5]',
            '',
          ].join('\n'),
        ),
      );
      expect(problemsOf(files)).toEqual([
        'questions/posttest.yaml:8: soal single hanya punya satu jawaban: tulis satu nomor, misalnya answer: 2 (atau ubah type menjadi multiple)',
        'questions/posttest.yaml:15: soal true_false tidak memakai "options": hapus kolom ini (pilihannya selalu Benar/Salah)',
        'questions/posttest.yaml:16: jawaban soal true_false harus true atau false, bukan "1"',
        'questions/posttest.yaml:18: kolom wajib "explanation" belum diisi',
        'questions/posttest.yaml:23: pilihan "A" ditulis dua kali',
        'questions/posttest.yaml:24: jawaban 0 ditulis dua kali',
      ]);
    });

    it('refuses raw HTML, event handlers, iframes and javascript: links in lessons, each on its line', () => {
      const files = minimalPackage();
      files.set(
        'lessons/01-satu.md',
        Buffer.from(
          [
            '---',
            'title: Satu',
            'minutes: 1',
            '---',
            'Teks biasa.',
            '',
            '<iframe src="https://contoh.go.id"></iframe>',
            '',
            'Gambar <img src=x onerror="alert(1)"> di tengah kalimat,',
            'lalu [tautan](JavaScript:alert(1)) dan [data](data:text/html,hai).',
            '',
            '![](../media/bagan.svg) dan [ke pelajaran lain](02-dua.md)',
            '',
            '## Sumber',
            '',
          ].join('\n'),
        ),
      );
      expect(problemsOf(files)).toEqual([
        expect.stringMatching(/^lessons\/01-satu\.md:7: HTML tidak diizinkan dalam pelajaran \(<iframe/),
        expect.stringMatching(/^lessons\/01-satu\.md:9: HTML tidak diizinkan dalam pelajaran \(<img src=x onerror/),
        'lessons/01-satu.md:10: tautan "javascript:" tidak diizinkan: hanya https://, http://, mailto: dan tel:',
        'lessons/01-satu.md:10: tautan "data:" tidak diizinkan: hanya https://, http://, mailto: dan tel:',
        'lessons/01-satu.md:12: gambar perlu teks alternatif untuk pembaca layar: ![penjelasan singkat gambar](../media/nama.svg)',
        'lessons/01-satu.md:12: tautan "02-dua.md" tidak didukung: gunakan alamat lengkap yang diawali https://',
      ]);
    });

    it('requires front matter in every lesson', () => {
      const files = minimalPackage();
      files.set('lessons/01-satu.md', Buffer.from('# Satu\n\nTanpa front matter.\n'));
      expect(problemsOf(files)).toEqual([expect.stringContaining('lessons/01-satu.md:1: pelajaran harus diawali front matter')]);
    });

    it('hashes content, not line ends or file order', () => {
      const files = minimalPackage();
      const crlf = new Map([...files].reverse().map(([name, bytes]) => [name, Buffer.from(Buffer.from(bytes).toString().replace(/\n/g, '\r\n'))] as const));
      expect(packageContentHash(crlf)).toBe(packageContentHash(files));
      const changed = new Map(files);
      changed.set('lessons/01-satu.md', Buffer.from(Buffer.from(files.get('lessons/01-satu.md')!).toString().replace('Teks', 'Isi')));
      expect(packageContentHash(changed)).not.toBe(packageContentHash(files));
    });

    it('reads a package folder without hidden files', () => {
      const files = readPackageFolder(path.join(contentDir, 'courses', 'tagana-dasar'));
      expect(files.has('course.yaml')).toBe(true);
      expect([...files.keys()].some((name) => name.split('/').some((part) => part.startsWith('.')))).toBe(false);
    });
  });

  describe('format v2 rules', () => {
    const course = (edit: (text: string) => string) => edited(minimalPackage(), 'course.yaml', edit);

    it('requires a kebab-case module id, unique in the course', () => {
      expect(problemsOf(course((t) => t.replace('  - id: satu\n', '  - id: Satu Dua\n')))).toEqual(
        expect.arrayContaining(['course.yaml:7: id modul "Satu Dua" harus kebab-case: huruf kecil dan angka yang dipisah tanda hubung, misalnya mengenal-tksk']),
      );
      expect(problemsOf(course((t) => t.replace('  - id: satu\n    title: Satu', '  - title: Satu')))).toEqual(expect.arrayContaining(['course.yaml:7: kolom wajib "id" belum diisi']));
      const twice = edited(
        course((t) => t.replace('pretest:', '  - id: satu\n    title: Dua\n    lessons: [02-dua.md]\npretest:')),
        'lessons/02-dua.md',
        () => '---\ntitle: Dua\nminutes: 1\n---\nTeks.\n\n## Sumber\n\n- UU\n',
      );
      expect(problemsOf(twice)).toEqual(['course.yaml:10: id modul "satu" sudah dipakai di baris 7: setiap modul perlu id yang berbeda']);
    });

    it('requires every question to name a module of course.yaml and its kind', () => {
      const files = edited(minimalPackage(), 'questions/posttest.yaml', (t) => t.replace('    module: satu\n    kind: scenario', '    module: sattu\n    kind: cerita').replace('    kind: knowledge\n', ''));
      expect(problemsOf(files)).toEqual([
        'questions/posttest.yaml:3: modul "sattu" tidak ada di course.yaml (maksud Anda "satu"?)',
        'questions/posttest.yaml:4: kind "cerita" tidak dikenal: gunakan scenario atau knowledge',
        'questions/posttest.yaml:10: kolom wajib "kind" belum diisi: scenario (bertanya apa yang dilakukan dalam suatu keadaan) atau knowledge (pengetahuan/pemahaman)',
      ]);
    });

    it('refuses a pre-test and a post-test that share a bank', () => {
      const files = course((t) => t.replace('questions/posttest.yaml, draw: 2', 'questions/pretest.yaml, draw: 1'));
      expect(problemsOf(files)).toEqual([
        'course.yaml:11: pretest dan posttest memakai bank soal yang sama (questions/pretest.yaml): buat bank terpisah, misalnya questions/pretest.yaml dan questions/posttest.yaml, supaya soal tes awal tidak muncul lagi di tes akhir',
      ]);
    });

    it('refuses a scenario share that some draw cannot hold, module quotas included', () => {
      // Two modules, draw 2: every draw takes one question from each. Two scenario questions exist, both in "satu".
      const twoModules = edited(
        edited(
          course((t) => t.replace('pretest:', '  - id: dua\n    title: Dua\n    lessons: [02-dua.md]\npretest:')),
          'lessons/02-dua.md',
          () => '---\ntitle: Dua\nminutes: 1\n---\nTeks.\n\n## Sumber\n\n- UU\n',
        ),
        'questions/posttest.yaml',
        (t) => `${t.replace('    kind: knowledge', '    kind: scenario')}  - id: q3\n    module: dua\n    kind: knowledge\n    type: true_false\n    prompt: Dua?\n    answer: false\n    explanation: Tidak.\n`,
      );
      expect(problemsOf(twoModules)).toEqual([]);
      const all = edited(twoModules, 'course.yaml', (t) => t.replace('scenario_share: 50', 'scenario_share: 100'));
      expect(problemsOf(all)).toEqual([
        'course.yaml:14: scenario_share 100 tidak bisa dijamin: setiap undian 2 soal perlu paling sedikit 2 soal skenario, tetapi undian terburuk dari questions/posttest.yaml hanya bisa memuat 1 (jatah per modul satu: 1 soal, 2 skenario; dua: 1 soal, 0 skenario); tambah soal kind: scenario di modul yang kurang, atau turunkan scenario_share',
      ]);
    });

    it('requires a "Latihan" section for exercise minutes, and minutes within reading plus exercise time', () => {
      const lesson = (front: string, body: string) => edited(minimalPackage(), 'lessons/01-satu.md', () => `---\ntitle: Satu\n${front}---\n${body}\n\n## Sumber\n\n- UU\n`);
      expect(problemsOf(lesson('minutes: 4\nexercise_minutes: 3\n', 'Teks.\n\n## Latihan: satu kasus\n\nKerjakan.'))).toEqual([]);
      expect(problemsOf(lesson('minutes: 4\nexercise_minutes: 3\n', 'Teks.\n\n## Tugas\n\nKerjakan.'))).toEqual([
        'lessons/01-satu.md:4: exercise_minutes diisi, tetapi pelajaran ini tidak punya bagian latihan: tambahkan judul bagian yang diawali "Latihan" (misalnya "## Latihan: menilai satu kasus")',
      ]);
      expect(problemsOf(lesson('minutes: 5\nexercise_minutes: 3\n', 'Teks.\n\n## Latihan\n\nKerjakan.'))).toEqual([
        'lessons/01-satu.md:3: minutes: 5 lebih lama dari isi pelajaran: 5 kata dibaca dalam 1 menit (5 / 120, dibulatkan ke atas) + 3 menit latihan (exercise_minutes) = 4 menit; turunkan minutes, tambah isi, atau isi exercise_minutes untuk latihan di dalam pelajaran',
      ]);
      // 241 words (with "Sumber" and "UU") read in ceil(241 / 120) = 3 minutes; 240 in 2.
      expect(problemsOf(lesson('minutes: 3\n', `${'kata '.repeat(239)}`))).toEqual([]);
      expect(problemsOf(lesson('minutes: 3\n', `${'kata '.repeat(238)}`))).toEqual([expect.stringContaining('lessons/01-satu.md:3: minutes: 3 lebih lama dari isi pelajaran: 240 kata dibaca dalam 2 menit')]);
    });

    it('requires a "## Sumber" section in every lesson', () => {
      const files = edited(minimalPackage(), 'lessons/01-satu.md', (t) => t.replace('## Sumber', '## Bacaan').replace('## Isi', '# Sumber'));
      expect(problemsOf(files)).toEqual([
        'lessons/01-satu.md:13: pelajaran ini belum punya bagian "## Sumber": akhiri pelajaran dengan judul "## Sumber" lalu daftar aturan yang menjadi dasarnya (nomor, judul, tautan)',
      ]);
    });

    it('refuses a package that claims more JP than it plans', () => {
      expect(problemsOf(course((t) => t.replace('hours: 1', 'hours: 3')))).toEqual([
        'course.yaml:5: hours: 3 melebihi JP yang direncanakan (1 JP = 35,5 menit / 45, dibulatkan ke bawah; 35,5 menit = 1 menit pelajaran + 4,5 menit tes (1,5 × (1 + 2) soal) + 30 menit tugas lapangan): turunkan hours menjadi paling banyak 1, atau tambah isi kursus',
      ]);
      const longer = edited(minimalPackage(), 'tasks/kunjungan.yaml', (t) => t.replace('minutes: 30', 'minutes: 130'));
      const checked = checkCoursePackage({ files: edited(longer, 'course.yaml', (t) => t.replace('hours: 1', 'hours: 3')) }).course!;
      // 1 + 4.5 + 130 = 135.5 minutes → 3 JP.
      expect(checked.planned).toEqual({ lessonMinutes: 1, testMinutes: 4.5, taskMinutes: 130, plannedMinutes: 135.5, computed: 3 });
    });

    it('requires every task file to be listed once and every listed task to exist', () => {
      expect(problemsOf(course((t) => t.replace('tasks: [tasks/kunjungan.yaml]', 'tasks: [kunjungan.yaml]')))).toEqual([
        'course.yaml:12: berkas tugas lapangan kunjungan.yaml tidak ada dalam paket (tulis tasks/kunjungan.yaml)',
        'tasks/kunjungan.yaml:1: tugas ini tidak tercantum di "tasks" pada course.yaml: tambahkan tasks/kunjungan.yaml ke daftar tasks, atau hapus berkasnya',
      ]);
      expect(problemsOf(course((t) => t.replace('tasks: [tasks/kunjungan.yaml]', 'tasks: [tasks/kunjungan.yaml, tasks/kunjungan.yaml]')))).toEqual([
        'course.yaml:12: tugas tasks/kunjungan.yaml sudah dicantumkan: setiap tugas hanya sekali',
      ]);
    });

    it.each([
      ['the id differs from the file name', (t: string) => t.replace('id: kunjungan', 'id: kunjungan-rumah'), 'tasks/kunjungan.yaml:1: id tugas "kunjungan-rumah" harus sama dengan nama berkasnya: ganti id menjadi kunjungan, atau ganti nama berkas menjadi tasks/kunjungan-rumah.yaml'],
      ['the module is unknown', (t: string) => t.replace('minutes: 30', 'module: dua\nminutes: 30'), 'tasks/kunjungan.yaml:3: modul "dua" tidak ada di course.yaml (gunakan id salah satu modul: satu)'],
      ['the minutes are 0', (t: string) => t.replace('minutes: 30', 'minutes: 0'), 'tasks/kunjungan.yaml:3: "minutes" (waktu pengerjaan yang direncanakan dalam menit) harus bilangan bulat 1 sampai 6000, bukan 0'],
      ['the instructions hold HTML', (t: string) => t.replace('Jangan memotret', '<script>x</script> Jangan memotret'), 'tasks/kunjungan.yaml:7: HTML tidak diizinkan dalam tugas lapangan (<script>x</script>'],
      ['the template links to javascript:', (t: string) => t.replace('    ## Kebutuhan', '    ## Kebutuhan\n\n    [klik](javascript:alert(1))'), 'tasks/kunjungan.yaml:12: tautan "javascript:" tidak diizinkan: hanya https://, http://, mailto: dan tel:'],
      ['more than 5 photos', (t: string) => t.replace('max: 2', 'max: 6'), 'tasks/kunjungan.yaml:12: "max" (jumlah foto paling banyak) harus bilangan bulat 0 sampai 5, bukan 6'],
      ['min photos above max', (t: string) => t.replace('min: 0, max: 2', 'min: 2, max: 1'), 'tasks/kunjungan.yaml:12: photos: min (2) tidak boleh lebih besar dari max (1)'],
      ['the levels are not ordered', (t: string) => t.replace('points: 1', 'points: 0'), 'tasks/kunjungan.yaml:16: tingkat harus berurutan dari terendah ke tertinggi: points tingkat "cukup" (0) harus lebih besar dari points tingkat "belum" (0)'],
      ['a criterion lacks a level', (t: string) => t.replace(/ {6}cukup: \{[^\n]*\n/, ''), 'tasks/kunjungan.yaml:21: kriteria "catatan" belum punya tingkat "cukup": setiap kriteria perlu teks untuk setiap tingkat (belum, cukup)'],
      ['a level lacks the reviewer text', (t: string) => t.replace(', reviewer: Ada catatan kebutuhan.', ''), 'tasks/kunjungan.yaml:22: kolom wajib "reviewer" belum diisi'],
      ['a criterion names an unknown level', (t: string) => t.replace('      cukup: {', '      cukupp: {'), 'tasks/kunjungan.yaml:22: kolom "cukupp" tidak dikenal di levels kriteria "catatan" (maksud Anda "cukup"?)'],
      ['the pass level is not a level id', (t: string) => t.replace('pass_level: cukup', 'pass_level: lulus'), 'tasks/kunjungan.yaml:23: pass_level "lulus" bukan id tingkat di "levels": gunakan salah satu dari belum, cukup'],
      ['the pass level is the lowest', (t: string) => t.replace('pass_level: cukup', 'pass_level: belum'), 'tasks/kunjungan.yaml:23: pass_level "belum" adalah tingkat terendah, sehingga semua laporan lulus: pilih tingkat di atasnya'],
      ['the review days exceed 60', (t: string) => t.replace('review_days: 7', 'review_days: 61'), 'tasks/kunjungan.yaml:24: "review_days" (hari sampai penilaian dianggap terlambat) harus bilangan bulat 1 sampai 60, bukan 61'],
      ['the resubmissions exceed 5', (t: string) => t.replace('resubmissions: 2', 'resubmissions: 6'), 'tasks/kunjungan.yaml:25: "resubmissions" (berapa kali laporan boleh dikirim ulang) harus bilangan bulat 0 sampai 5, bukan 6'],
    ])('refuses a field task where %s', (_, edit, problem) => {
      const problems = problemsOf(edited(minimalPackage(), 'tasks/kunjungan.yaml', edit));
      expect(problems).toContainEqual(expect.stringContaining(problem));
    });

    it('accepts the minimal task and reads it whole', () => {
      const checked = checkCoursePackage({ files: minimalPackage() }).course!;
      expect(checked.tasks).toEqual([
        {
          id: 'kunjungan',
          title: 'Kunjungan rumah',
          module: null,
          minutes: 30,
          instructions: 'Kunjungi satu keluarga dan catat kebutuhannya.\n\nJangan memotret wajah atau dokumen.',
          report: { template: '## Kebutuhan', minWords: 50 },
          photos: { min: 0, max: 2 },
          checklist: ['Tidak ada wajah atau dokumen di foto.'],
          rubric: {
            levels: [
              { id: 'belum', title: 'Belum', points: 0 },
              { id: 'cukup', title: 'Cukup', points: 1 },
            ],
            criteria: [
              {
                id: 'catatan',
                title: 'Mencatat kebutuhan',
                levels: { belum: { worker: 'Belum dicatat.', reviewer: 'Tidak ada catatan.' }, cukup: { worker: 'Dicatat.', reviewer: 'Ada catatan kebutuhan.' } },
              },
            ],
            passLevel: 'cukup',
          },
          reviewDays: 7,
          resubmissions: 2,
        },
      ]);
      expect(checked.modules[0]).toMatchObject({ id: 'satu', lessons: [{ minutes: 1, exerciseMinutes: 0 }] });
      expect(checked.questions.map((question) => [question.key, question.module, question.kind])).toEqual([
        ['q1', 'satu', 'scenario'],
        ['q2', 'satu', 'knowledge'],
        ['q0', 'satu', 'knowledge'],
      ]);
      expect(checked.settings.posttest.scenarioShare).toBe(50);
    });
  });

  describe('SVG safety', () => {
    it.each([
      ['<svg><script>alert(1)</script></svg>', 'SVG tidak boleh berisi <script>'],
      ['<svg><rect ONCLICK="x"/></svg>', 'penangan kejadian (ONCLICK=…)'],
      ['<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', 'hanya boleh merujuk ke bagian di dalam berkas'],
      ['<svg><image href="https://contoh.go.id/x.png"/></svg>', 'hanya boleh merujuk ke bagian di dalam berkas'],
      ['<svg><foreignObject><p>html</p></foreignObject></svg>', '<foreignObject>'],
      ['<svg><style>@import url(https://contoh.go.id/a.css);</style></svg>', 'gaya dari luar'],
      ['<svg><rect style="fill:url(https://contoh.go.id/x)"/></svg>', 'gaya dari luar'],
      ['<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "y">]>\n<svg/>', 'DOCTYPE atau ENTITY'],
      ['<svg><set attributeName="onmouseover" to="alert(1)"/></svg>', 'menganimasikan onmouseover'],
      ['<html><body>bukan svg</body></html>', 'harus diawali elemen <svg>'],
      // F-L8: names are compared after the namespace prefix; HTML inside an SVG is refused whatever its prefix.
      ['<svg xmlns="http://www.w3.org/2000/svg"><x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script></svg>', 'SVG tidak boleh berisi <script>'],
      ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>', 'SVG tidak boleh berisi <script>'],
      ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:meta http-equiv="refresh" content="0"/></svg>', 'elemen HTML (<h:meta>)'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><g xmlns="http://www.w3.org/1999/xhtml"><b>x</b></g></svg>', 'elemen HTML (<g>)'],
      ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/2000/svg"><x:set attributeName="onmouseover" to="alert(1)"/></svg>', 'menganimasikan onmouseover'],
      ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:q="http://www.w3.org/1999/xlink"><a q:href="javascript:alert(1)"><text>x</text></a></svg>', 'hanya boleh merujuk'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><rect x:onclick="alert(1)" xmlns:x="urn:x"/></svg>', 'penangan kejadian'],
      ['<svg><y:rect/></svg>', 'awalan namespace yang tidak dideklarasikan'],
    ])('refuses %s', (svg, message) => {
      expect(svgProblems(svg).map((problem) => problem.message)).toContainEqual(expect.stringContaining(message));
    });

    it('accepts internal references, titles and gradients', () => {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>t</title><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/></svg>';
      expect(svgProblems(svg)).toEqual([]);
      const prefixed = '<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><s:use xlink:href="#g"/><s:metadata/></s:svg>';
      expect(svgProblems(prefixed)).toEqual([]);
    });
  });
});
