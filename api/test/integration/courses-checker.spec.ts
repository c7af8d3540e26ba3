import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { formatProblem, type PackageFiles } from '../../src/courses/course-package';
import { checkCoursePackage, checkCoursePackages, packageContentHash } from '../../src/courses/package-checker';
import { readPackageFolder, readPackages } from '../../src/courses/package-files';
import { svgProblems } from '../../src/courses/svg-safety';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const contentDir = path.join(repoRoot, 'content');
const fixtures = path.join(__dirname, '..', 'fixtures', 'content');
const STANDARD_COURSES = [
  'inti-pilar-sosial',
  'karang-taruna-dasar',
  'pendamping-pkh-dasar',
  'psm-dasar',
  'slrt-puskesos-dasar',
  'tagana-dasar',
  'tksk-dasar',
];

/** A small valid package to break one thing at a time. */
function minimalPackage(): Map<string, Uint8Array> {
  const text = (value: string) => Buffer.from(value, 'utf8');
  return new Map<string, Uint8Array>([
    [
      'course.yaml',
      text(
        [
          'slug: contoh',
          'title: Contoh',
          'summary: Kursus contoh.',
          'pillars: [PSM]',
          'hours: 2',
          'modules:',
          '  - title: Satu',
          '    lessons: [01-satu.md]',
          'pretest: { bank: questions/bank.yaml, draw: 1 }',
          'posttest: { bank: questions/bank.yaml, draw: 2, pass_mark: 70 }',
          '',
        ].join('\n'),
      ),
    ],
    ['lessons/01-satu.md', text('---\ntitle: Satu\nminutes: 5\n---\n## Isi\n\nTeks pelajaran.\n\n![Bagan](../media/bagan.svg)\n')],
    [
      'questions/bank.yaml',
      text(
        [
          'questions:',
          '  - id: q1',
          '    type: single',
          '    prompt: Pilih satu.',
          '    options: [A, B]',
          '    answer: 0',
          '    explanation: A benar.',
          '  - id: q2',
          '    type: true_false',
          '    prompt: Benar?',
          '    answer: true',
          '    explanation: Ya.',
          '',
        ].join('\n'),
      ),
    ],
    ['media/bagan.svg', text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="url(#g)"/></svg>\n')],
  ]);
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

    it('gives the core course to every pillar and the others to their own', () => {
      const pillars = Object.fromEntries(results.map((result) => [result.course!.slug, result.course!.pillars]));
      expect(pillars['inti-pilar-sosial']).toEqual(['SEMUA']);
      expect(pillars['tksk-dasar']).toEqual(['TKSK']);
      expect(pillars['slrt-puskesos-dasar']).toEqual(['SLRT']);
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
      ['course.yaml', 8, 'berkas pelajaran lessons/03-tidak-ada.md tidak ada'],
      ['course.yaml', 10, 'pelajaran 01-pembuka.md sudah dicantumkan di baris 8'],
      ['course.yaml', 11, 'draw 50 lebih besar dari jumlah soal di questions/bank.yaml (4)'],
      ['course.yaml', 12, 'bank soal questions/lain.yaml tidak ada'],
      ['course.yaml', 12, '"pass_mark" (nilai lulus) harus angka 0 sampai 100, bukan 120'],
      ['lessons/01-pembuka.md', 3, '"minutes" (lama baca dalam menit) harus bilangan bulat 1 sampai 600, bukan 0'],
      ['lessons/02-tanpa-judul.md', 1, 'kolom wajib "title" belum diisi'],
      ['lessons/04-tidak-tercantum.md', 1, 'pelajaran ini tidak tercantum di "modules"'],
      ['lessons/05-gambar-dan-tautan.md', 5, 'gambar tidak ditemukan: media/tidak-ada.png'],
      ['lessons/05-gambar-dan-tautan.md', 7, 'gambar "https://contoh.go.id/foto.jpg" harus disimpan di folder media/'],
      ['lessons/05-gambar-dan-tautan.md', 9, 'HTML tidak diizinkan'],
      ['lessons/05-gambar-dan-tautan.md', 11, 'tautan "javascript:" tidak diizinkan'],
      ['media/besar.png', 1, 'berkas terlalu besar (211 KB)'],
      ['media/jahat.svg', 1, 'SVG tidak boleh berisi penangan kejadian (onload=…)'],
      ['media/jahat.svg', 2, 'SVG tidak boleh berisi <script>'],
      ['media/jahat.svg', 3, 'SVG hanya boleh merujuk ke bagian di dalam berkas'],
      ['media/palsu.jpg', 1, 'isi berkas bukan gambar JPG'],
      ['questions/bank.yaml', 6, 'jawaban 4 di luar pilihan yang ada: gunakan nomor dari 0 sampai 3'],
      ['questions/bank.yaml', 9, 'id soal "rusak-01" sudah dipakai di questions/bank.yaml:2'],
      ['questions/bank.yaml', 13, 'jawaban soal multiple harus berupa daftar nomor pilihan'],
      ['questions/bank.yaml', 19, 'jawaban soal true_false harus true atau false, bukan "benar"'],
      ['questions/bank.yaml', 23, 'jenis soal "essay" tidak dikenal'],
    ])('reports %s:%i: %s', (file, line, fragment) => {
      expect(lines).toContainEqual(expect.stringContaining(at(file, line, fragment)));
    });

    it('lists every mistake (not only the first) and yields no course', () => {
      expect(lines.length).toBeGreaterThanOrEqual(28);
      expect(new Set(lines.map((line) => line.split(': ')[0])).size).toBeGreaterThanOrEqual(20);
      expect(result.course).toBeNull();
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

    it('fails on the broken fixture with exit code 1, one `file:line: message` a mistake', () => {
      const result = run('api/test/fixtures/content');
      expect(result.status).toBe(1);
      const output = result.stdout.split('\n').filter((line) => /^api\/test\/fixtures\/content\/courses\/kursus-rusak\/[\w./-]+:\d+: /.test(line));
      expect(output.length).toBeGreaterThanOrEqual(28);
      expect(result.stdout).toContain('api/test/fixtures/content/courses/kursus-rusak/questions/bank.yaml:23: jenis soal "essay" tidak dikenal');
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
      files.set('questions/bank.yaml', Buffer.from('questions:\n  - id: q1\n    prompt: "tidak ditutup\n    type: single\n'));
      const problems = problemsOf(files);
      expect(problems.some((problem) => /^questions\/bank\.yaml:\d+: YAML tidak dapat dibaca/.test(problem))).toBe(true);
    });

    it('refuses answers of the wrong shape for their type, and options on a true/false question', () => {
      const files = minimalPackage();
      files.set(
        'questions/bank.yaml',
        Buffer.from(
          [
            'questions:',
            '  - id: q1',
            '    type: single',
            '    prompt: Pilih satu.',
            '    options: [A, B]',
            '    answer: [0]',
            '    explanation: A.',
            '  - id: q2',
            '    type: true_false',
            '    prompt: Benar?',
            '    options: [Benar, Salah]',
            '    answer: 1',
            '    explanation: Ya.',
            '  - id: q3',
            '    type: multiple',
            '    prompt: Pilih.',
            '    options: [A, B, A]',
            '    answer: [0, 0, 5]',
            '',
          ].join('\n'),
        ),
      );
      expect(problemsOf(files)).toEqual([
        'questions/bank.yaml:6: soal single hanya punya satu jawaban: tulis satu nomor, misalnya answer: 2 (atau ubah type menjadi multiple)',
        'questions/bank.yaml:11: soal true_false tidak memakai "options": hapus kolom ini (pilihannya selalu Benar/Salah)',
        'questions/bank.yaml:12: jawaban soal true_false harus true atau false, bukan "1"',
        'questions/bank.yaml:14: kolom wajib "explanation" belum diisi',
        'questions/bank.yaml:17: pilihan "A" ditulis dua kali',
        'questions/bank.yaml:18: jawaban 0 ditulis dua kali',
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
            'minutes: 5',
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
    ])('refuses %s', (svg, message) => {
      expect(svgProblems(svg).map((problem) => problem.message)).toContainEqual(expect.stringContaining(message));
    });

    it('accepts internal references, titles and gradients', () => {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>t</title><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/></svg>';
      expect(svgProblems(svg)).toEqual([]);
    });
  });
});
