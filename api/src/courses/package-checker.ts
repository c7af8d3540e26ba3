import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml';
import { scenarioGuarantee, type ModuleCounts } from '../learning/grading/draw';
import {
  ALL_PILLARS,
  COURSE_PILLARS,
  MEDIA_MAX_BYTES,
  MEDIA_TYPES,
  PACKAGE_FORMAT_VERSION,
  planHours,
  QUESTION_KINDS,
  QUESTION_TYPES,
  SLUG_MAX_LENGTH,
  SLUG_PATTERN,
  type CheckedCourse,
  type CheckedLesson,
  type CheckedMedia,
  type CheckedModule,
  type CheckedQuestion,
  type CheckedTask,
  type CoursePillar,
  type CourseSettings,
  type PackageFiles,
  type PackageProblem,
  type PosttestSettings,
  type PracticeSettings,
  type PlannedHours,
  type QuestionKind,
  type QuestionType,
  type QuizSettings,
  type TaskCriterion,
  type TaskLevel,
  type TaskLevelText,
  WORDS_PER_MINUTE,
} from './course-package';
import { inspectMarkdown, LINK_SCHEMES, splitFrontMatter, urlScheme } from './lesson-markdown';
import { svgProblems } from './svg-safety';

/**
 * The course-package checker: a pure function of a package's files (no disk, no database), so the CLI, the importer
 * and a browser upload all judge a package the same way. It reports every mistake it can find, each with the file
 * and line an author should open, in Bahasa Indonesia; a package with any mistake yields no course.
 */

export interface CheckInput {
  files: PackageFiles;
  /** The package's folder name, which the slug must equal (unknown for an upload). */
  folderName?: string;
}

export interface CheckResult {
  problems: PackageProblem[];
  /** Advice that does not refuse the package (a small bank): printed by `content:check`, never blocking an import. */
  warnings: PackageProblem[];
  course: CheckedCourse | null;
  /** The slug as written (even when the package has problems), and its line, for checks across packages. */
  slug: string | null;
  slugLine: number;
}

const COURSE_FILE = 'course.yaml';
const LESSON_FILE = /^lessons\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const BANK_FILE = /^questions\/[a-z0-9]+(?:[-_][a-z0-9]+)*\.ya?ml$/;
const TASK_FILE = /^tasks\/([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$/;
const MEDIA_FILE = /^media\/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*\.([A-Za-z]+)$/;
const QUESTION_ID = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
const TEXT_LIMIT = { title: 200, summary: 2000, prompt: 4000, option: 1000, explanation: 4000, instructions: 20000, template: 10000, rubric: 2000 };
const ID_MAX_LENGTH = 80;

const COURSE_KEYS = ['slug', 'title', 'summary', 'pillars', 'hours', 'modules', 'pretest', 'posttest', 'practice', 'tasks', 'certificate'];
const MODULE_KEYS = ['id', 'title', 'lessons'];
const PRETEST_KEYS = ['bank', 'draw', 'time_limit_minutes'];
const POSTTEST_KEYS = ['bank', 'draw', 'pass_mark', 'max_attempts', 'time_limit_minutes', 'partial_credit', 'scenario_share', 'reveal_answers_after_fail'];
const PRACTICE_KEYS = ['title', 'bank', 'draw', 'time_limit_minutes'];
const CERTIFICATE_KEYS = ['validity_months'];
const LESSON_KEYS = ['title', 'minutes', 'exercise_minutes'];
const QUESTION_KEYS = ['id', 'module', 'kind', 'type', 'prompt', 'options', 'answer', 'explanation'];
const TASK_KEYS = ['id', 'title', 'module', 'minutes', 'instructions', 'report', 'photos', 'checklist', 'levels', 'criteria', 'pass_level', 'review_days', 'resubmissions'];
const TASK_REPORT_KEYS = ['template', 'min_words'];
const TASK_PHOTO_KEYS = ['min', 'max'];
const TASK_LEVEL_KEYS = ['id', 'title', 'points'];
const TASK_CRITERION_KEYS = ['id', 'title', 'levels'];
const TASK_LEVEL_TEXT_KEYS = ['worker', 'reviewer'];
const MAX_PHOTOS = 5;
const MAX_CRITERIA = 10;
const MAX_LEVELS = 6;

export function checkCoursePackage(input: CheckInput): CheckResult {
  return new PackageCheck(input).run();
}

export interface NamedCheckInput extends CheckInput {
  /** How problems are prefixed (e.g. `content/courses/tagana-dasar/`). */
  label: string;
}

/** Checks several packages together: each alone, and that no two share a slug. */
export function checkCoursePackages(inputs: NamedCheckInput[]): Array<CheckResult & { label: string }> {
  const results = inputs.map((input) => ({ ...checkCoursePackage(input), label: input.label }));
  const firstBySlug = new Map<string, string>();
  for (const result of results) {
    if (!result.slug) continue;
    const first = firstBySlug.get(result.slug);
    if (first === undefined) {
      firstBySlug.set(result.slug, result.label);
    } else {
      result.problems.push({
        file: COURSE_FILE,
        line: result.slugLine,
        message: `slug "${result.slug}" sudah dipakai oleh paket ${first}: setiap kursus harus punya slug sendiri`,
      });
      result.course = null;
    }
  }
  return results;
}

/** Text files of a package, decoded and normalized (no BOM, `\n` line ends), as the hash and the parser see them. */
function normalizeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    return null;
  }
}

function isTextFile(path: string): boolean {
  return /\.(ya?ml|md|svg)$/i.test(path);
}

/** sha256 over the normalized package: the same content gives the same hash whatever the line ends or file order. */
export function packageContentHash(files: PackageFiles): string {
  const hash = createHash('sha256').update(`bimtek-course-package/${PACKAGE_FORMAT_VERSION}\n`);
  for (const path of [...files.keys()].sort()) {
    const bytes = files.get(path)!;
    const text = isTextFile(path) ? normalizeText(bytes) : null;
    const content = text === null ? Buffer.from(bytes) : Buffer.from(text, 'utf8');
    hash.update(`${path}\n${content.length}\n`).update(content).update('\n');
  }
  return hash.digest('hex');
}

/** A YAML document with line numbers; `offset` shifts lines for YAML embedded in a larger file (front matter). */
class YamlSource {
  readonly lines = new LineCounter();
  readonly root: YamlNode | null;

  constructor(
    readonly file: string,
    text: string,
    private readonly problems: PackageProblem[],
    private readonly offset = 0,
  ) {
    const document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const error of document.errors) {
      const line = this.lines.linePos(error.pos[0]).line + offset;
      this.report(line, `YAML tidak dapat dibaca: ${yamlErrorMessage(error.code, error.message)}`);
    }
    this.root = document.errors.length ? null : ((document.contents as YamlNode | null) ?? null);
  }

  line(node: YamlNode | null | undefined, fallback = 1): number {
    const start = node?.range?.[0];
    return start === undefined ? fallback : this.lines.linePos(start).line + this.offset;
  }

  report(line: number, message: string): void {
    this.problems.push({ file: this.file, line, message });
  }
}

function yamlErrorMessage(code: string, message: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'kolom yang sama ditulis dua kali';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return `periksa indentasi (spasi di awal baris) dan tanda titik dua; tulis teks yang memuat ": " di antara tanda kutip (${message.split('\n')[0]})`;
    case 'TAB_AS_INDENT':
      return 'gunakan spasi, bukan tab, untuk indentasi';
    default:
      return message.split('\n')[0];
  }
}

interface Field {
  key: Scalar;
  value: YamlNode | null;
}

type Fields = Map<string, Field>;

/** Edit distance, to suggest `pass_mark` for `pass_mrak`. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function closeMatch(name: string, known: readonly string[]): string | undefined {
  return known.find((candidate) => distance(name.toLowerCase(), candidate) <= 2);
}

function suggestion(name: string, known: readonly string[]): string {
  const close = closeMatch(name, known);
  return close ? ` (maksud Anda "${close}"?)` : ` (yang dikenal: ${known.join(', ')})`;
}

/** A bank should hold this many times the questions a test draws (issue #21, M5; decision 023). */
export const BANK_DRAW_FACTOR = 3;

class PackageCheck {
  private readonly problems: PackageProblem[] = [];
  private readonly warnings: PackageProblem[] = [];
  private readonly texts = new Map<string, string>();
  private slug: string | null = null;
  private slugLine = 1;
  /** The valid module ids of course.yaml; null when its modules could not be read. */
  private moduleIds: Set<string> | null = null;
  private scenarioShareLine = 1;

  constructor(private readonly input: CheckInput) {}

  run(): CheckResult {
    const { files } = this.input;
    this.checkFileNames();

    const courseText = this.text(COURSE_FILE);
    const lessons = this.checkLessonFiles();
    const banks = this.checkBanks();
    const tasks = this.checkTaskFiles();
    const media = this.checkMedia();

    let course: CourseDraft | null = null;
    if (!files.has(COURSE_FILE)) {
      this.report(COURSE_FILE, 1, 'berkas course.yaml tidak ada: setiap paket kursus harus punya course.yaml');
    } else if (courseText !== null) {
      course = this.checkCourse(new YamlSource(COURSE_FILE, courseText, this.problems), lessons, banks, tasks);
    }
    this.checkLessonContent(lessons);
    this.checkUnlistedTasks(tasks);

    const problems = this.problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const warnings = this.warnings;
    if (problems.length > 0 || !course) return { problems, warnings, course: null, slug: this.slug, slugLine: this.slugLine };
    const questions = [...banks.values()].flatMap((bank) => bank.questions);
    return {
      problems,
      warnings,
      course: { ...course, questions, media: [...media.values()], contentHash: packageContentHash(files) },
      slug: this.slug,
      slugLine: this.slugLine,
    };
  }

  private report(file: string, line: number, message: string): void {
    this.problems.push({ file, line, message });
  }

  /** The normalized text of a file, or null (and a problem) when it is not UTF-8. */
  private text(path: string): string | null {
    const cached = this.texts.get(path);
    if (cached !== undefined) return cached;
    const bytes = this.input.files.get(path);
    if (!bytes) return null;
    const text = normalizeText(bytes);
    if (text === null) {
      this.report(path, 1, 'berkas ini bukan teks UTF-8: simpan ulang sebagai UTF-8');
      return null;
    }
    this.texts.set(path, text);
    return text;
  }

  private checkFileNames(): void {
    for (const path of this.input.files.keys()) {
      if (path === COURSE_FILE || LESSON_FILE.test(path) || BANK_FILE.test(path) || TASK_FILE.test(path) || MEDIA_FILE.test(path)) continue;
      const hint = path.startsWith('lessons/')
        ? 'nama berkas pelajaran hanya huruf kecil, angka dan tanda hubung, diakhiri .md (misalnya 01-siaga.md)'
        : path.startsWith('questions/')
          ? 'nama bank soal hanya huruf kecil, angka dan tanda hubung, diakhiri .yaml (misalnya bank.yaml)'
          : path.startsWith('tasks/')
            ? 'nama berkas tugas lapangan = id tugas: huruf kecil, angka dan tanda hubung, diakhiri .yaml (misalnya rujukan-kasus.yaml)'
            : path.startsWith('media/')
              ? 'nama berkas media hanya huruf, angka, titik, garis bawah dan tanda hubung, tanpa spasi atau subfolder (misalnya alur-rujukan.svg)'
              : 'berkas ini bukan bagian dari paket: hanya course.yaml, lessons/*.md, questions/*.yaml, tasks/*.yaml dan media/* yang dikenal';
      this.report(path, 1, hint);
    }
  }

  // ----- lessons -----

  private checkLessonFiles(): Map<string, LessonDraft> {
    const lessons = new Map<string, LessonDraft>();
    for (const path of this.input.files.keys()) {
      const match = LESSON_FILE.exec(path);
      if (!match) continue;
      const text = this.text(path);
      if (text === null) continue;
      const draft: LessonDraft = {
        path,
        fileName: path.slice('lessons/'.length),
        slug: match[1],
        title: null,
        minutes: null,
        exerciseMinutes: 0,
        words: 0,
        markdown: '',
        bodyLine: 1,
        listed: false,
      };
      lessons.set(draft.fileName, draft);
      const split = splitFrontMatter(text);
      if (!split) {
        this.report(path, 1, 'pelajaran harus diawali front matter: baris "---", lalu "title: …" dan "minutes: …", lalu baris "---"');
        continue;
      }
      draft.markdown = split.body;
      draft.bodyLine = split.bodyLine;
      const source = new YamlSource(path, split.frontMatter, this.problems, split.frontMatterLine - 1);
      if (split.frontMatter.trim() === '') {
        source.report(1, 'front matter kosong: isi "title: …" dan "minutes: …"');
        continue;
      }
      if (!source.root) continue;
      const fields = this.fields(source, source.root, LESSON_KEYS, 'front matter pelajaran', 1);
      if (!fields) continue;
      draft.title = this.text_(source, fields, 'title', 1, TEXT_LIMIT.title);
      const minutes = this.integer(source, fields, 'minutes', 1, { min: 1, max: 600, what: 'lama baca dalam menit' });
      const exercise = fields.has('exercise_minutes')
        ? this.integer(source, fields, 'exercise_minutes', 1, { min: 1, max: 600, what: 'waktu latihan dalam menit' })
        : 0;
      if (split.body.trim() === '') {
        source.report(split.bodyLine, 'isi pelajaran kosong: tulis materinya di bawah front matter');
        continue;
      }
      draft.words = countWords(split.body);
      const titles = markdownHeadings(split.body);
      if (exercise !== null && exercise > 0 && !titles.some((heading) => /^latihan/i.test(heading.text))) {
        source.report(
          source.line(fields.get('exercise_minutes')!.value),
          `exercise_minutes diisi, tetapi pelajaran ini tidak punya bagian latihan: tambahkan judul bagian yang diawali "Latihan" (misalnya "## Latihan: menilai satu kasus")`,
        );
      }
      if (!titles.some((heading) => heading.level === 2 && /^sumber\b/i.test(heading.text))) {
        this.report(
          path,
          text.replace(/\n+$/, '').split('\n').length,
          'pelajaran ini belum punya bagian "## Sumber": akhiri pelajaran dengan judul "## Sumber" lalu daftar aturan yang menjadi dasarnya (nomor, judul, tautan)',
        );
      }
      if (minutes !== null && exercise !== null) {
        const reading = Math.ceil(draft.words / WORDS_PER_MINUTE);
        if (minutes > reading + exercise) {
          const exercisePart = exercise > 0 ? ` + ${exercise} menit latihan (exercise_minutes) = ${reading + exercise} menit` : '';
          source.report(
            source.line(fields.get('minutes')!.value),
            `minutes: ${minutes} lebih lama dari isi pelajaran: ${draft.words} kata dibaca dalam ${reading} menit (${draft.words} / ${WORDS_PER_MINUTE}, dibulatkan ke atas)${exercisePart}; turunkan minutes, tambah isi, atau isi exercise_minutes untuk latihan di dalam pelajaran`,
          );
        } else {
          draft.minutes = minutes;
          draft.exerciseMinutes = exercise;
        }
      }
    }
    return lessons;
  }

  private checkLessonContent(lessons: Map<string, LessonDraft>): void {
    for (const lesson of lessons.values()) {
      if (!lesson.listed && this.input.files.has(COURSE_FILE)) {
        this.report(lesson.path, 1, `pelajaran ini tidak tercantum di "modules" pada course.yaml: tambahkan ${lesson.fileName} ke salah satu modul, atau hapus berkasnya`);
      }
      this.checkMarkdown(lesson.path, lesson.bodyLine, lesson.markdown, 'pelajaran');
    }
  }

  /** The Markdown rules of lessons (no HTML, safe links, images from media/ with alternative text), for any Markdown. */
  private checkMarkdown(file: string, firstLine: number, markdown: string, what: string): void {
    for (const finding of inspectMarkdown(markdown)) {
      const line = firstLine + finding.line;
      if (finding.kind === 'html') {
        this.report(file, line, `HTML tidak diizinkan dalam ${what} (${shorten(finding.value)}): gunakan Markdown saja`);
      } else if (finding.kind === 'link') {
        const scheme = urlScheme(finding.value);
        if (scheme === null && finding.value.startsWith('#')) continue;
        if (scheme === null) {
          this.report(file, line, `tautan "${shorten(finding.value)}" tidak didukung: gunakan alamat lengkap yang diawali https://`);
        } else if (!LINK_SCHEMES.includes(scheme)) {
          this.report(file, line, `tautan "${scheme}:" tidak diizinkan: hanya https://, http://, mailto: dan tel:`);
        }
      } else {
        this.checkImage(file, line, finding.value, finding.alt ?? '');
      }
    }
  }

  private checkImage(file: string, line: number, src: string, alt: string): void {
    if (alt === '') {
      this.report(file, line, 'gambar perlu teks alternatif untuk pembaca layar: ![penjelasan singkat gambar](../media/nama.svg)');
    }
    if (urlScheme(src) !== null || src.startsWith('//')) {
      this.report(file, line, `gambar "${shorten(src)}" harus disimpan di folder media/ paket ini, bukan diambil dari luar`);
      return;
    }
    const target = resolveMediaPath(src);
    if (target === null) {
      this.report(file, line, `gambar "${shorten(src)}" harus berada di folder media/: tulis ../media/nama-berkas`);
    } else if (!this.input.files.has(target)) {
      this.report(file, line, `gambar tidak ditemukan: ${target} tidak ada dalam paket`);
    }
  }

  // ----- media -----

  private checkMedia(): Map<string, CheckedMedia> {
    const media = new Map<string, CheckedMedia>();
    for (const [path, bytes] of this.input.files) {
      const match = MEDIA_FILE.exec(path);
      if (!match) continue;
      const extension = match[1].toLowerCase();
      const contentType = MEDIA_TYPES[extension];
      if (!contentType) {
        this.report(path, 1, `jenis berkas .${match[1]} tidak didukung: gunakan .webp, .jpg, .png atau .svg`);
        continue;
      }
      let ok = true;
      if (bytes.length > MEDIA_MAX_BYTES) {
        this.report(path, 1, `berkas terlalu besar (${Math.ceil(bytes.length / 1024)} KB): paling besar 200 KB; perkecil atau kompres gambarnya`);
        ok = false;
      }
      if (extension === 'svg') {
        const text = this.text(path);
        if (text === null) continue;
        for (const problem of svgProblems(text)) {
          this.report(path, problem.line, problem.message);
          ok = false;
        }
      } else if (!hasSignature(bytes, extension)) {
        this.report(path, 1, `isi berkas bukan gambar ${extension.toUpperCase()}: simpan ulang gambarnya dengan format yang sesuai nama berkasnya`);
        ok = false;
      }
      if (ok) {
        const content = extension === 'svg' ? Buffer.from(this.text(path)!, 'utf8') : Buffer.from(bytes);
        media.set(path, { fileName: path.slice('media/'.length), contentType, bytes: content, hash: createHash('sha256').update(content).digest('hex') });
      }
    }
    return media;
  }

  // ----- question banks -----

  private checkBanks(): Map<string, Bank> {
    const banks = new Map<string, Bank>();
    const seen = new Map<string, string>();
    for (const path of [...this.input.files.keys()].sort()) {
      if (!BANK_FILE.test(path)) continue;
      const bank: Bank = { path, size: 0, questions: [], moduleRefs: [], readable: false };
      banks.set(path, bank);
      const text = this.text(path);
      if (text === null) continue;
      const source = new YamlSource(path, text, this.problems);
      if (!source.root) continue;
      const fields = this.fields(source, source.root, ['questions'], 'bank soal', 1);
      if (!fields) continue;
      const list = fields.get('questions');
      if (!list) {
        source.report(1, 'bank soal harus diawali "questions:" lalu daftar soal');
        continue;
      }
      if (!isSeq(list.value) || list.value.items.length === 0) {
        source.report(source.line(list.key), '"questions" harus berupa daftar soal yang tidak kosong (setiap soal diawali "- id: …")');
        continue;
      }
      bank.readable = true;
      bank.size = list.value.items.length;
      for (const item of list.value.items as YamlNode[]) {
        const question = this.checkQuestion(source, item, seen, bank);
        if (question) bank.questions.push(question);
      }
    }
    return banks;
  }

  private checkQuestion(source: YamlSource, node: YamlNode, seen: Map<string, string>, bank: Bank): CheckedQuestion | null {
    const line = source.line(node);
    const fields = this.fields(source, node, QUESTION_KEYS, 'soal', line);
    if (!fields) return null;
    let valid = true;
    const fail = (at: number, message: string) => {
      source.report(at, message);
      valid = false;
    };

    const key = this.text_(source, fields, 'id', line, 100);
    if (key !== null) {
      const keyLine = source.line(fields.get('id')!.value, line);
      if (!QUESTION_ID.test(key)) fail(keyLine, `id soal "${key}" hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung (misalnya siaga-01)`);
      const first = seen.get(key);
      if (first) fail(keyLine, `id soal "${key}" sudah dipakai di ${first}: setiap soal perlu id yang berbeda`);
      else seen.set(key, `${source.file}:${keyLine}`);
    } else valid = false;

    const module = this.text_(source, fields, 'module', line, ID_MAX_LENGTH);
    if (module === null) valid = false;
    else bank.moduleRefs.push({ module, line: source.line(fields.get('module')!.value, line) });

    const kindField = fields.get('kind');
    let kind: QuestionKind | null = null;
    if (!kindField) fail(line, 'kolom wajib "kind" belum diisi: scenario (bertanya apa yang dilakukan dalam suatu keadaan) atau knowledge (pengetahuan/pemahaman)');
    else {
      const value = scalarValue(kindField.value);
      if (typeof value === 'string' && (QUESTION_KINDS as readonly string[]).includes(value)) kind = value as QuestionKind;
      else fail(source.line(kindField.value, line), `kind "${String(value ?? '')}" tidak dikenal: gunakan scenario atau knowledge`);
    }

    const typeField = fields.get('type');
    let type: QuestionType | null = null;
    if (!typeField) fail(line, 'kolom wajib "type" belum diisi: single, multiple atau true_false');
    else {
      const value = scalarValue(typeField.value);
      if (typeof value === 'string' && (QUESTION_TYPES as readonly string[]).includes(value)) type = value as QuestionType;
      else fail(source.line(typeField.value, line), `jenis soal "${String(value)}" tidak dikenal: gunakan single, multiple atau true_false`);
    }

    const prompt = this.text_(source, fields, 'prompt', line, TEXT_LIMIT.prompt);
    const explanation = this.text_(source, fields, 'explanation', line, TEXT_LIMIT.explanation);
    if (prompt === null || explanation === null) valid = false;

    const optionsField = fields.get('options');
    let options: string[] | null = null;
    if (type === 'true_false') {
      if (optionsField) fail(source.line(optionsField.key), 'soal true_false tidak memakai "options": hapus kolom ini (pilihannya selalu Benar/Salah)');
    } else if (type !== null) {
      options = this.checkOptions(source, optionsField, line, fail);
    }

    const answerField = fields.get('answer');
    let answer: number | number[] | boolean | null = null;
    if (!answerField) fail(line, 'kolom wajib "answer" belum diisi');
    else if (type !== null) {
      answer = this.checkAnswer(source, answerField, type, options, fail);
    }

    if (!valid || key === null || module === null || kind === null || type === null || prompt === null || explanation === null || answer === null) return null;
    return { key, bank: source.file, module, kind, type, prompt, options, answer, explanation };
  }

  private checkOptions(source: YamlSource, field: Field | undefined, line: number, fail: (line: number, message: string) => void): string[] | null {
    if (!field) {
      fail(line, 'kolom wajib "options" belum diisi: daftar pilihan jawaban');
      return null;
    }
    if (!isSeq(field.value) || field.value.items.length < 2) {
      fail(source.line(field.value ?? field.key, line), '"options" harus berupa daftar berisi paling sedikit 2 pilihan');
      return null;
    }
    const options: string[] = [];
    let ok = true;
    for (const item of field.value.items as YamlNode[]) {
      const value = scalarValue(item);
      const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
      if (!isScalar(item) || text === '') {
        fail(source.line(item, line), 'setiap pilihan jawaban harus berupa teks yang tidak kosong');
        ok = false;
      } else if (text.length > TEXT_LIMIT.option) {
        fail(source.line(item, line), `pilihan jawaban terlalu panjang (paling banyak ${TEXT_LIMIT.option} karakter)`);
        ok = false;
      } else if (options.includes(text)) {
        fail(source.line(item, line), `pilihan "${shorten(text)}" ditulis dua kali`);
        ok = false;
      }
      options.push(text);
    }
    return ok ? options : null;
  }

  private checkAnswer(
    source: YamlSource,
    field: Field,
    type: QuestionType,
    options: string[] | null,
    fail: (line: number, message: string) => void,
  ): number | number[] | boolean | null {
    const at = source.line(field.value ?? field.key);
    const count = options?.length ?? null;
    const range = count === null ? '' : ` dari 0 sampai ${count - 1} (pilihan pertama = 0)`;
    if (type === 'true_false') {
      const value = scalarValue(field.value);
      if (typeof value === 'boolean') return value;
      fail(at, `jawaban soal true_false harus true atau false, bukan "${String(value ?? '')}"`);
      return null;
    }
    if (type === 'single') {
      const value = scalarValue(field.value);
      if (isSeq(field.value)) {
        fail(at, 'soal single hanya punya satu jawaban: tulis satu nomor, misalnya answer: 2 (atau ubah type menjadi multiple)');
        return null;
      }
      if (!Number.isInteger(value)) {
        fail(at, `jawaban soal single harus satu nomor pilihan${range}, bukan "${String(value ?? '')}"`);
        return null;
      }
      if (count !== null && ((value as number) < 0 || (value as number) >= count)) {
        fail(at, `jawaban ${String(value)} di luar pilihan yang ada: gunakan nomor${range}`);
        return null;
      }
      return count === null ? null : (value as number);
    }
    if (!isSeq(field.value) || field.value.items.length === 0) {
      fail(at, `jawaban soal multiple harus berupa daftar nomor pilihan${range}, misalnya answer: [0, 2]`);
      return null;
    }
    const answers: number[] = [];
    let ok = true;
    for (const item of field.value.items as YamlNode[]) {
      const value = scalarValue(item);
      const itemLine = source.line(item, at);
      if (!Number.isInteger(value)) {
        fail(itemLine, `jawaban "${String(value ?? '')}" harus berupa nomor pilihan${range}`);
        ok = false;
      } else if (count !== null && ((value as number) < 0 || (value as number) >= count)) {
        fail(itemLine, `jawaban ${String(value)} di luar pilihan yang ada: gunakan nomor${range}`);
        ok = false;
      } else if (answers.includes(value as number)) {
        fail(itemLine, `jawaban ${String(value)} ditulis dua kali`);
        ok = false;
      } else answers.push(value as number);
    }
    return ok && count !== null ? answers.sort((a, b) => a - b) : null;
  }

  // ----- course.yaml -----

  private checkCourse(
    source: YamlSource,
    lessons: Map<string, LessonDraft>,
    banks: Map<string, Bank>,
    tasks: Map<string, TaskDraft>,
  ): CourseDraft | null {
    if (!source.root) return null;
    const fields = this.fields(source, source.root, COURSE_KEYS, 'course.yaml', 1);
    if (!fields) return null;

    const slug = this.text_(source, fields, 'slug', 1, SLUG_MAX_LENGTH);
    if (slug !== null) {
      this.slug = slug;
      this.slugLine = source.line(fields.get('slug')!.value);
      if (!SLUG_PATTERN.test(slug)) {
        source.report(this.slugLine, `slug "${slug}" harus kebab-case: huruf kecil dan angka yang dipisah tanda hubung, misalnya tagana-dasar`);
      } else if (this.input.folderName !== undefined && slug !== this.input.folderName) {
        source.report(this.slugLine, `slug "${slug}" harus sama dengan nama folder paket "${this.input.folderName}"`);
      }
    }
    const title = this.text_(source, fields, 'title', 1, TEXT_LIMIT.title);
    const summary = this.text_(source, fields, 'summary', 1, TEXT_LIMIT.summary);
    const pillars = this.checkPillars(source, fields.get('pillars'));
    const hours = this.number(source, fields, 'hours', 1, { min: 0, exclusiveMin: true, max: 1000, what: 'JP' });
    const modules = this.checkModules(source, fields.get('modules'), lessons);
    const referencesOk = this.checkModuleReferences(banks, tasks);
    const settings = this.checkSettings(source, fields, banks);
    if (settings && referencesOk) this.checkScenarioShare(source, settings.posttest, banks.get(settings.posttest.bank)!);
    if (settings) this.warnSmallBanks(source, fields, settings);
    const taskList = this.checkTaskList(source, fields.get('tasks'), tasks);

    if (slug === null || title === null || summary === null || pillars === null || hours === null || modules === null || settings === null || taskList === null) {
      return null;
    }
    const lessonMinutes = modules.flatMap((module) => module.lessons).reduce((sum, lesson) => sum + lesson.minutes, 0);
    const taskMinutes = taskList.reduce((sum, task) => sum + task.minutes, 0);
    const planned = planHours(lessonMinutes, settings.pretest.draw, settings.posttest.draw, taskMinutes);
    if (hours > planned.computed) {
      source.report(source.line(fields.get('hours')!.value), hoursProblem(hours, planned, settings.pretest.draw, settings.posttest.draw));
      return null;
    }
    return { slug, title, summary, pillars, hours, planned, modules, settings, tasks: taskList };
  }

  /** Every question's and task's `module` names a module of course.yaml (checked once the module ids are known). */
  private checkModuleReferences(banks: Map<string, Bank>, tasks: Map<string, TaskDraft>): boolean {
    const known = this.moduleIds;
    if (!known) return false;
    const list = [...known].join(', ');
    let ok = true;
    const check = (file: string, reference: ModuleReference) => {
      if (known.has(reference.module)) return;
      const close = closeMatch(reference.module, [...known]);
      const hint = close ? `maksud Anda "${close}"?` : `gunakan id salah satu modul: ${list}`;
      this.report(file, reference.line, `modul "${reference.module}" tidak ada di course.yaml (${hint})`);
      ok = false;
    };
    for (const bank of banks.values()) for (const reference of bank.moduleRefs) check(bank.path, reference);
    for (const task of tasks.values()) if (task.moduleRef) check(task.path, task.moduleRef);
    return ok;
  }

  /**
   * A warning, not a refusal: a post-test bank under three times its draw repeats most questions from one attempt to
   * the next, so a worker who failed (or a colleague) meets the same questions again and their answers spread. The
   * pre-test is taken once and decides nothing, so its bank is not judged.
   */
  private warnSmallBanks(source: YamlSource, fields: Fields, settings: CourseSettings): void {
    const { posttest } = settings;
    const wanted = BANK_DRAW_FACTOR * posttest.draw;
    if (posttest.bankSize >= wanted) return;
    const field = fields.get('posttest')!;
    this.warnings.push({
      file: source.file,
      line: source.line(field.value ?? field.key),
      message: `bank soal post-test ${posttest.bank} berisi ${posttest.bankSize} soal, kurang dari ${BANK_DRAW_FACTOR} × draw (${wanted}): soal yang sama akan sering muncul lagi di percobaan berikutnya dan jawabannya mudah beredar. Tambah soal sampai paling sedikit ${wanted}.`,
    });
  }

  /** The post-test's scenario share must hold in every draw the balanced draw can make from this bank. */
  private checkScenarioShare(source: YamlSource, posttest: PosttestSettings, bank: Bank): void {
    if (posttest.scenarioShare === 0 || bank.questions.length !== bank.size) return;
    const modules = new Map<string, ModuleCounts>();
    for (const question of bank.questions) {
      const counts = modules.get(question.module) ?? { scenario: 0, knowledge: 0 };
      counts[question.kind] += 1;
      modules.set(question.module, counts);
    }
    const names = [...modules.keys()];
    const guarantee = scenarioGuarantee([...modules.values()], posttest.draw, posttest.scenarioShare);
    if (guarantee.feasible) return;
    const worst = names.map((name, m) => `${name}: ${guarantee.worstQuota[m]} soal, ${modules.get(name)!.scenario} skenario`).join('; ');
    source.report(
      this.scenarioShareLine,
      `scenario_share ${posttest.scenarioShare} tidak bisa dijamin: setiap undian ${posttest.draw} soal perlu paling sedikit ${guarantee.required} soal skenario, ` +
        `tetapi undian terburuk dari ${bank.path} hanya bisa memuat ${guarantee.worstCapacity} (jatah per modul ${worst}); tambah soal kind: scenario di modul yang kurang, atau turunkan scenario_share`,
    );
  }

  private checkPillars(source: YamlSource, field: Field | undefined): CoursePillar[] | null {
    if (!field) {
      source.report(1, `kolom wajib "pillars" belum diisi: daftar pilar, misalnya [TKSK] atau [${ALL_PILLARS}]`);
      return null;
    }
    const at = source.line(field.value ?? field.key);
    if (!isSeq(field.value) || field.value.items.length === 0) {
      source.report(at, `"pillars" harus berupa daftar yang tidak kosong, misalnya [TKSK, PSM] atau [${ALL_PILLARS}]`);
      return null;
    }
    const pillars: CoursePillar[] = [];
    let ok = true;
    for (const item of field.value.items as YamlNode[]) {
      const value = scalarValue(item);
      const line = source.line(item, at);
      if (typeof value !== 'string' || !(COURSE_PILLARS as readonly string[]).includes(value)) {
        const upper = typeof value === 'string' ? value.toUpperCase().replace(/[\s-]+/g, '_') : '';
        const hint = (COURSE_PILLARS as readonly string[]).includes(upper) ? ` (tulis ${upper})` : '';
        source.report(line, `pilar "${String(value ?? '')}" tidak dikenal${hint}: gunakan ${COURSE_PILLARS.join(', ')}`);
        ok = false;
      } else if (pillars.includes(value as CoursePillar)) {
        source.report(line, `pilar ${value} ditulis dua kali`);
        ok = false;
      } else pillars.push(value as CoursePillar);
    }
    if (ok && pillars.includes(ALL_PILLARS) && pillars.length > 1) {
      source.report(at, `${ALL_PILLARS} berarti semua pilar: tulis [${ALL_PILLARS}] saja, tanpa pilar lain`);
      ok = false;
    }
    return ok ? pillars : null;
  }

  private checkModules(source: YamlSource, field: Field | undefined, lessons: Map<string, LessonDraft>): CheckedModule[] | null {
    if (!field) {
      source.report(1, 'kolom wajib "modules" belum diisi: daftar modul, masing-masing dengan title dan lessons');
      return null;
    }
    if (!isSeq(field.value) || field.value.items.length === 0) {
      source.report(source.line(field.value ?? field.key), '"modules" harus berupa daftar modul yang tidak kosong');
      return null;
    }
    const modules: CheckedModule[] = [];
    const listedAt = new Map<string, number>();
    const ids = new Map<string, number>();
    this.moduleIds = new Set();
    let ok = true;
    for (const node of field.value.items as YamlNode[]) {
      const line = source.line(node);
      const fields = this.fields(source, node, MODULE_KEYS, 'modul', line);
      if (!fields) {
        ok = false;
        continue;
      }
      const id = this.checkId(source, fields, line, 'modul', 'mengenal-tksk');
      if (id !== null) {
        if (ids.has(id)) {
          source.report(source.line(fields.get('id')!.value, line), `id modul "${id}" sudah dipakai di baris ${ids.get(id)}: setiap modul perlu id yang berbeda`);
          ok = false;
        } else ids.set(id, source.line(fields.get('id')!.value, line));
      } else ok = false;
      const title = this.text_(source, fields, 'title', line, TEXT_LIMIT.title);
      const list = fields.get('lessons');
      const moduleLessons: CheckedLesson[] = [];
      if (!list) {
        source.report(line, 'modul ini belum punya "lessons": daftar berkas pelajarannya, misalnya [01-siaga.md]');
        ok = false;
      } else if (!isSeq(list.value) || list.value.items.length === 0) {
        source.report(source.line(list.value ?? list.key, line), '"lessons" harus berupa daftar berkas pelajaran yang tidak kosong, misalnya [01-siaga.md]');
        ok = false;
      } else {
        for (const item of list.value.items as YamlNode[]) {
          const name = scalarValue(item);
          const itemLine = source.line(item, line);
          if (typeof name !== 'string' || name.trim() === '') {
            source.report(itemLine, 'setiap pelajaran ditulis sebagai nama berkas, misalnya 01-siaga.md');
            ok = false;
            continue;
          }
          const fileName = name.trim();
          const lesson = lessons.get(fileName);
          if (listedAt.has(fileName)) {
            source.report(itemLine, `pelajaran ${fileName} sudah dicantumkan di baris ${listedAt.get(fileName)}: setiap pelajaran hanya sekali`);
            ok = false;
          } else if (!lesson) {
            const hint = fileName.startsWith('lessons/') ? ` (tulis nama berkasnya saja: ${fileName.slice('lessons/'.length)})` : '';
            source.report(itemLine, `berkas pelajaran lessons/${fileName} tidak ada${hint}`);
            ok = false;
          } else {
            lesson.listed = true;
            if (lesson.title !== null && lesson.minutes !== null) {
              const { slug, title: lessonTitle, minutes, exerciseMinutes, words, markdown } = lesson;
              moduleLessons.push({ fileName, slug, title: lessonTitle, minutes, exerciseMinutes, words, markdown });
            } else ok = false;
          }
          listedAt.set(fileName, itemLine);
        }
      }
      if (title === null || id === null) ok = false;
      else modules.push({ id, title, lessons: moduleLessons });
    }
    this.moduleIds = new Set(ids.keys());
    return ok ? modules : null;
  }

  private checkSettings(source: YamlSource, fields: Fields, banks: Map<string, Bank>): CourseSettings | null {
    const pretest = this.checkQuiz(source, fields.get('pretest'), 'pretest', PRETEST_KEYS, banks);
    const posttestField = fields.get('posttest');
    const posttestBase = this.checkQuiz(source, posttestField, 'posttest', POSTTEST_KEYS, banks);
    let posttest: PosttestSettings | null = null;
    const quiz = posttestField ? this.fields(source, posttestField.value, POSTTEST_KEYS, 'posttest', source.line(posttestField.key), false) : null;
    if (posttestField && quiz) {
      const line = source.line(posttestField.value);
      const passMark = this.number(source, quiz, 'pass_mark', line, { min: 0, max: 100, what: 'nilai lulus' });
      const maxAttempts = quiz.has('max_attempts') ? this.integer(source, quiz, 'max_attempts', line, { min: 1, max: 100, what: 'batas jumlah percobaan' }) : null;
      const partial = quiz.get('partial_credit');
      const partialCredit = partial ? scalarValue(partial.value) : false;
      if (typeof partialCredit !== 'boolean') source.report(source.line(partial!.value), '"partial_credit" harus true atau false');
      const reveal = quiz.get('reveal_answers_after_fail');
      const revealAnswersAfterFail = reveal ? scalarValue(reveal.value) : false;
      if (typeof revealAnswersAfterFail !== 'boolean') source.report(source.line(reveal!.value), '"reveal_answers_after_fail" harus true atau false');
      const scenarioShare = quiz.has('scenario_share')
        ? this.integer(source, quiz, 'scenario_share', line, { min: 0, max: 100, what: 'persen soal skenario di setiap undian' })
        : 0;
      this.scenarioShareLine = quiz.has('scenario_share') ? source.line(quiz.get('scenario_share')!.value, line) : line;
      const separate = this.checkSeparatePools(source, fields, quiz, line);
      if (posttestBase && passMark !== null && (!quiz.has('max_attempts') || maxAttempts !== null) && typeof partialCredit === 'boolean' && typeof revealAnswersAfterFail === 'boolean' && scenarioShare !== null && separate) {
        posttest = { ...posttestBase, passMark, maxAttempts, partialCredit, scenarioShare, revealAnswersAfterFail };
      }
    }

    const practice: PracticeSettings[] = [];
    let practiceOk = true;
    const practiceField = fields.get('practice');
    if (practiceField) {
      if (!isSeq(practiceField.value)) {
        source.report(source.line(practiceField.value ?? practiceField.key), '"practice" harus berupa daftar latihan, masing-masing dengan title, bank dan draw');
        practiceOk = false;
      } else {
        for (const node of practiceField.value.items as YamlNode[]) {
          const line = source.line(node);
          const quiz = this.checkQuiz(source, { key: practiceField.key, value: node }, 'latihan', PRACTICE_KEYS, banks);
          const itemFields = this.fields(source, node, PRACTICE_KEYS, 'latihan', line, false);
          const title = itemFields ? this.text_(source, itemFields, 'title', line, TEXT_LIMIT.title) : null;
          if (quiz && title !== null) practice.push({ ...quiz, title });
          else practiceOk = false;
        }
      }
    }

    let certificate: CourseSettings['certificate'] | null = { validityMonths: null };
    const certificateField = fields.get('certificate');
    if (certificateField) {
      const line = source.line(certificateField.value ?? certificateField.key);
      const certificateFields = this.fields(source, certificateField.value, CERTIFICATE_KEYS, 'certificate', line);
      if (!certificateFields) certificate = null;
      else if (certificateFields.has('validity_months')) {
        const months = this.integer(source, certificateFields, 'validity_months', line, { min: 1, max: 600, what: 'masa berlaku sertifikat dalam bulan' });
        certificate = months === null ? null : { validityMonths: months };
      }
    }

    if (!pretest || !posttest || !practiceOk || !certificate) return null;
    return { pretest, posttest, practice, certificate };
  }

  /** The pre-test and the post-test draw from different bank files, so no pre-test question reappears in the post-test. */
  private checkSeparatePools(source: YamlSource, fields: Fields, posttest: Fields, line: number): boolean {
    const pretest = fields.get('pretest');
    const pretestFields = pretest && isMap(pretest.value) ? this.fields(source, pretest.value, PRETEST_KEYS, 'pretest', line, false) : null;
    const pretestBank = scalarValue(pretestFields?.get('bank')?.value);
    const posttestBank = posttest.get('bank');
    if (typeof pretestBank !== 'string' || pretestBank !== scalarValue(posttestBank?.value)) return true;
    source.report(
      source.line(posttestBank!.value, line),
      `pretest dan posttest memakai bank soal yang sama (${pretestBank}): buat bank terpisah, misalnya questions/pretest.yaml dan questions/posttest.yaml, supaya soal tes awal tidak muncul lagi di tes akhir`,
    );
    return false;
  }

  private checkQuiz(source: YamlSource, field: Field | undefined, name: string, keys: string[], banks: Map<string, Bank>): QuizSettings | null {
    if (!field) {
      source.report(1, `kolom wajib "${name}" belum diisi, misalnya ${name}: { bank: questions/bank.yaml, draw: 10 }`);
      return null;
    }
    const line = source.line(field.value ?? field.key);
    const fields = this.fields(source, field.value, keys, name, line);
    if (!fields) return null;
    const bankPath = this.text_(source, fields, 'bank', line, 200);
    const draw = this.integer(source, fields, 'draw', line, { min: 1, max: 500, what: 'jumlah soal yang diambil' });
    const timeLimit = fields.has('time_limit_minutes')
      ? this.integer(source, fields, 'time_limit_minutes', line, { min: 1, max: 600, what: 'batas waktu dalam menit' })
      : null;
    if (bankPath === null || draw === null || (fields.has('time_limit_minutes') && timeLimit === null)) return null;
    const bankLine = source.line(fields.get('bank')!.value, line);
    const bank = banks.get(bankPath);
    if (!bank) {
      const hint = !bankPath.startsWith('questions/') ? ` (tulis questions/${bankPath})` : '';
      source.report(bankLine, `bank soal ${bankPath} tidak ada dalam paket${hint}`);
      return null;
    }
    if (!bank.readable) return null;
    if (draw > bank.size) {
      source.report(source.line(fields.get('draw')!.value, line), `draw ${draw} lebih besar dari jumlah soal di ${bankPath} (${bank.size})`);
      return null;
    }
    return { bank: bankPath, draw, bankSize: bank.size, timeLimitMinutes: timeLimit };
  }

  // ----- field tasks -----

  private checkTaskFiles(): Map<string, TaskDraft> {
    const tasks = new Map<string, TaskDraft>();
    for (const path of [...this.input.files.keys()].sort()) {
      const match = TASK_FILE.exec(path);
      if (!match) continue;
      const draft: TaskDraft = { path, task: null, moduleRef: null, listed: false };
      tasks.set(path, draft);
      const text = this.text(path);
      if (text === null) continue;
      const source = new YamlSource(path, text, this.problems);
      if (!source.root) continue;
      const fields = this.fields(source, source.root, TASK_KEYS, 'tugas lapangan', 1);
      if (fields) draft.task = this.checkTask(source, fields, match[1], draft);
    }
    return tasks;
  }

  private checkTask(source: YamlSource, fields: Fields, fileId: string, draft: TaskDraft): CheckedTask | null {
    const id = this.checkId(source, fields, 1, 'tugas', 'rujukan-kasus');
    if (id !== null && id !== fileId) {
      source.report(source.line(fields.get('id')!.value), `id tugas "${id}" harus sama dengan nama berkasnya: ganti id menjadi ${fileId}, atau ganti nama berkas menjadi tasks/${id}.yaml`);
    }
    const title = this.text_(source, fields, 'title', 1, TEXT_LIMIT.title);
    let module: string | null = null;
    if (fields.has('module')) {
      module = this.text_(source, fields, 'module', 1, ID_MAX_LENGTH);
      if (module !== null) draft.moduleRef = { module, line: source.line(fields.get('module')!.value) };
    }
    const minutes = this.integer(source, fields, 'minutes', 1, { min: 1, max: 6000, what: 'waktu pengerjaan yang direncanakan dalam menit' });
    const instructions = this.markdownField(source, fields, 'instructions', 1, TEXT_LIMIT.instructions);
    const report = this.checkTaskReport(source, fields.get('report'));
    const photos = this.checkTaskPhotos(source, fields.get('photos'));
    const checklist = this.checkChecklist(source, fields.get('checklist'));
    const levels = this.checkTaskLevels(source, fields.get('levels'));
    const criteria = this.checkCriteria(source, fields.get('criteria'), levels);
    const passLevel = this.checkPassLevel(source, fields, levels);
    const reviewDays = this.integer(source, fields, 'review_days', 1, { min: 1, max: 60, what: 'hari sampai penilaian dianggap terlambat' });
    const resubmissions = this.integer(source, fields, 'resubmissions', 1, { min: 0, max: 5, what: 'berapa kali laporan boleh dikirim ulang' });
    if (
      id !== fileId || title === null || (fields.has('module') && module === null) || minutes === null || instructions === null || report === null ||
      photos === null || checklist === null || levels === null || criteria === null || passLevel === null || reviewDays === null || resubmissions === null
    ) {
      return null;
    }
    return { id, title, module, minutes, instructions, report, photos, checklist, rubric: { levels, criteria, passLevel }, reviewDays, resubmissions };
  }

  /** A required kebab-case id (module, task, level, criterion). */
  private checkId(source: YamlSource, fields: Fields, line: number, what: string, example: string): string | null {
    const id = this.text_(source, fields, 'id', line, ID_MAX_LENGTH);
    if (id === null) return null;
    if (!SLUG_PATTERN.test(id)) {
      source.report(source.line(fields.get('id')!.value, line), `id ${what} "${id}" harus kebab-case: huruf kecil dan angka yang dipisah tanda hubung, misalnya ${example}`);
      return null;
    }
    return id;
  }

  /** A Markdown text field, checked by the rules of lessons; problems point at the line inside the YAML file. */
  private markdownField(source: YamlSource, fields: Fields, name: string, line: number, max: number): string | null {
    const text = this.text_(source, fields, name, line, max);
    if (text === null) return null;
    const node = fields.get(name)!.value;
    const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    this.checkMarkdown(source.file, source.line(node, line) + (block ? 1 : 0), text, 'tugas lapangan');
    return text;
  }

  private checkTaskReport(source: YamlSource, field: Field | undefined): CheckedTask['report'] | null {
    if (!field) return { template: null, minWords: null };
    const line = source.line(field.value ?? field.key);
    const fields = this.fields(source, field.value, TASK_REPORT_KEYS, 'report', line);
    if (!fields) return null;
    const template = fields.has('template') ? this.markdownField(source, fields, 'template', line, TEXT_LIMIT.template) : null;
    const minWords = fields.has('min_words') ? this.integer(source, fields, 'min_words', line, { min: 1, max: 5000, what: 'jumlah kata laporan paling sedikit' }) : null;
    if ((fields.has('template') && template === null) || (fields.has('min_words') && minWords === null)) return null;
    return { template, minWords };
  }

  private checkTaskPhotos(source: YamlSource, field: Field | undefined): CheckedTask['photos'] | null {
    if (!field) return { min: 0, max: 0 };
    const line = source.line(field.value ?? field.key);
    const fields = this.fields(source, field.value, TASK_PHOTO_KEYS, 'photos', line);
    if (!fields) return null;
    const min = this.integer(source, fields, 'min', line, { min: 0, max: MAX_PHOTOS, what: 'jumlah foto paling sedikit' });
    const max = this.integer(source, fields, 'max', line, { min: 0, max: MAX_PHOTOS, what: 'jumlah foto paling banyak' });
    if (min === null || max === null) return null;
    if (min > max) {
      source.report(line, `photos: min (${min}) tidak boleh lebih besar dari max (${max})`);
      return null;
    }
    return { min, max };
  }

  private checkChecklist(source: YamlSource, field: Field | undefined): string[] | null {
    if (!field) return [];
    const line = source.line(field.value ?? field.key);
    if (!isSeq(field.value)) {
      source.report(line, '"checklist" harus berupa daftar kalimat yang dicentang peserta sebelum mengirim laporan');
      return null;
    }
    const items: string[] = [];
    let ok = true;
    for (const item of field.value.items as YamlNode[]) {
      const value = scalarValue(item);
      const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
      if (text === '' || text.length > TEXT_LIMIT.rubric) {
        source.report(source.line(item, line), `setiap butir checklist harus berupa teks yang tidak kosong (paling banyak ${TEXT_LIMIT.rubric} karakter)`);
        ok = false;
      } else items.push(text);
    }
    return ok ? items : null;
  }

  /** Levels lowest first: ids unique, points rising. */
  private checkTaskLevels(source: YamlSource, field: Field | undefined): TaskLevel[] | null {
    const example = 'misalnya - { id: belum, title: Belum kompeten, points: 0 }';
    if (!field) {
      source.report(1, `kolom wajib "levels" belum diisi: daftar tingkat penilaian dari terendah ke tertinggi, ${example}`);
      return null;
    }
    const at = source.line(field.value ?? field.key);
    if (!isSeq(field.value) || field.value.items.length < 2 || field.value.items.length > MAX_LEVELS) {
      source.report(at, `"levels" harus berupa daftar 2 sampai ${MAX_LEVELS} tingkat penilaian, dari terendah ke tertinggi (${example})`);
      return null;
    }
    const levels: TaskLevel[] = [];
    let ok = true;
    for (const node of field.value.items as YamlNode[]) {
      const line = source.line(node, at);
      const fields = this.fields(source, node, TASK_LEVEL_KEYS, 'tingkat', line);
      if (!fields) {
        ok = false;
        continue;
      }
      const id = this.checkId(source, fields, line, 'tingkat', 'sangat-baik');
      const title = this.text_(source, fields, 'title', line, TEXT_LIMIT.title);
      const points = this.number(source, fields, 'points', line, { min: 0, max: 1000, what: 'poin tingkat ini' });
      if (id === null || title === null || points === null) {
        ok = false;
        continue;
      }
      const previous = levels[levels.length - 1];
      if (levels.some((level) => level.id === id)) {
        source.report(line, `id tingkat "${id}" ditulis dua kali`);
        ok = false;
      } else if (previous && points <= previous.points) {
        source.report(line, `tingkat harus berurutan dari terendah ke tertinggi: points tingkat "${id}" (${points}) harus lebih besar dari points tingkat "${previous.id}" (${previous.points})`);
        ok = false;
      }
      levels.push({ id, title, points });
    }
    return ok ? levels : null;
  }

  /** 1..10 criteria, each with a worker's and a reviewer's text for every level. */
  private checkCriteria(source: YamlSource, field: Field | undefined, levels: TaskLevel[] | null): TaskCriterion[] | null {
    if (!field) {
      source.report(1, 'kolom wajib "criteria" belum diisi: daftar kriteria unjuk kerja, masing-masing dengan id, title dan levels');
      return null;
    }
    const at = source.line(field.value ?? field.key);
    if (!isSeq(field.value) || field.value.items.length === 0 || field.value.items.length > MAX_CRITERIA) {
      source.report(at, `"criteria" harus berupa daftar 1 sampai ${MAX_CRITERIA} kriteria, masing-masing dengan id, title dan levels`);
      return null;
    }
    const criteria: TaskCriterion[] = [];
    const seen = new Set<string>();
    let ok = true;
    for (const node of field.value.items as YamlNode[]) {
      const line = source.line(node, at);
      const fields = this.fields(source, node, TASK_CRITERION_KEYS, 'kriteria', line);
      if (!fields) {
        ok = false;
        continue;
      }
      const id = this.checkId(source, fields, line, 'kriteria', 'identifikasi');
      if (id !== null && seen.has(id)) {
        source.report(source.line(fields.get('id')!.value, line), `id kriteria "${id}" ditulis dua kali`);
        ok = false;
      }
      if (id !== null) seen.add(id);
      const title = this.text_(source, fields, 'title', line, TEXT_LIMIT.title);
      const texts = levels ? this.checkCriterionLevels(source, fields.get('levels'), line, id ?? '', levels) : null;
      if (id === null || title === null || texts === null) ok = false;
      else criteria.push({ id, title, levels: texts });
    }
    return ok ? criteria : null;
  }

  private checkCriterionLevels(source: YamlSource, field: Field | undefined, line: number, criterion: string, levels: TaskLevel[]): Record<string, TaskLevelText> | null {
    const ids = levels.map((level) => level.id);
    if (!field) {
      source.report(line, `kriteria "${criterion}" belum punya "levels": tulis teks untuk setiap tingkat (${ids.join(', ')}), masing-masing dengan worker dan reviewer`);
      return null;
    }
    const at = source.line(field.value ?? field.key, line);
    const fields = this.fields(source, field.value, ids, `levels kriteria "${criterion}"`, at);
    if (!fields) return null;
    const texts: Record<string, TaskLevelText> = {};
    let ok = fields.size === (isMap(field.value) ? field.value.items.length : 0);
    for (const id of ids) {
      const entry = fields.get(id);
      if (!entry) {
        source.report(at, `kriteria "${criterion}" belum punya tingkat "${id}": setiap kriteria perlu teks untuk setiap tingkat (${ids.join(', ')})`);
        ok = false;
        continue;
      }
      const entryLine = source.line(entry.value ?? entry.key, at);
      const pair = this.fields(source, entry.value, TASK_LEVEL_TEXT_KEYS, `tingkat "${id}" kriteria "${criterion}"`, entryLine);
      const worker = pair ? this.text_(source, pair, 'worker', entryLine, TEXT_LIMIT.rubric) : null;
      const reviewer = pair ? this.text_(source, pair, 'reviewer', entryLine, TEXT_LIMIT.rubric) : null;
      if (worker === null || reviewer === null) ok = false;
      else texts[id] = { worker, reviewer };
    }
    return ok ? texts : null;
  }

  private checkPassLevel(source: YamlSource, fields: Fields, levels: TaskLevel[] | null): string | null {
    const passLevel = this.text_(source, fields, 'pass_level', 1, ID_MAX_LENGTH);
    if (passLevel === null || levels === null) return null;
    const line = source.line(fields.get('pass_level')!.value);
    const index = levels.findIndex((level) => level.id === passLevel);
    if (index < 0) {
      source.report(line, `pass_level "${passLevel}" bukan id tingkat di "levels": gunakan salah satu dari ${levels.map((level) => level.id).join(', ')}`);
      return null;
    }
    if (index === 0) {
      source.report(line, `pass_level "${passLevel}" adalah tingkat terendah, sehingga semua laporan lulus: pilih tingkat di atasnya`);
      return null;
    }
    return passLevel;
  }

  /** The `tasks:` list of course.yaml: task files that exist, each once. */
  private checkTaskList(source: YamlSource, field: Field | undefined, tasks: Map<string, TaskDraft>): CheckedTask[] | null {
    if (!field) return [];
    const at = source.line(field.value ?? field.key);
    if (!isSeq(field.value)) {
      source.report(at, '"tasks" harus berupa daftar berkas tugas lapangan, misalnya [tasks/rujukan-kasus.yaml]');
      return null;
    }
    const list: CheckedTask[] = [];
    let ok = true;
    for (const item of field.value.items as YamlNode[]) {
      const name = scalarValue(item);
      const line = source.line(item, at);
      const draft = typeof name === 'string' ? tasks.get(name.trim()) : undefined;
      if (typeof name !== 'string' || !draft) {
        const hint = typeof name === 'string' && !name.startsWith('tasks/') ? ` (tulis tasks/${name})` : '';
        source.report(line, `berkas tugas lapangan ${String(name ?? '')} tidak ada dalam paket${hint}`);
        ok = false;
      } else if (draft.listed) {
        source.report(line, `tugas ${name} sudah dicantumkan: setiap tugas hanya sekali`);
        ok = false;
      } else {
        draft.listed = true;
        if (draft.task) list.push(draft.task);
        else ok = false;
      }
    }
    return ok ? list : null;
  }

  private checkUnlistedTasks(tasks: Map<string, TaskDraft>): void {
    if (!this.input.files.has(COURSE_FILE)) return;
    for (const task of tasks.values()) {
      if (!task.listed) this.report(task.path, 1, `tugas ini tidak tercantum di "tasks" pada course.yaml: tambahkan ${task.path} ke daftar tasks, atau hapus berkasnya`);
    }
  }

  // ----- field helpers -----

  /** The fields of a mapping, reporting unknown ones; null (and a problem) when the node is not a mapping. */
  private fields(source: YamlSource, node: YamlNode | null | undefined, known: readonly string[], what: string, line: number, report = true): Fields | null {
    if (!isMap(node)) {
      if (report) source.report(source.line(node, line), `${what} harus berupa pasangan "nama: isi" (${known.join(', ')})`);
      return null;
    }
    const fields: Fields = new Map();
    for (const pair of (node as YAMLMap<Scalar, YamlNode | null>).items) {
      const key = pair.key;
      const name = isScalar(key) ? String(key.value) : '';
      if (!known.includes(name)) {
        if (report) source.report(source.line(key as YamlNode, line), `kolom "${name}" tidak dikenal di ${what}${suggestion(name, known)}`);
        continue;
      }
      fields.set(name, { key, value: pair.value ?? null });
    }
    return fields;
  }

  /** A required, non-empty text field. */
  private text_(source: YamlSource, fields: Fields, name: string, line: number, max: number): string | null {
    const field = fields.get(name);
    if (!field) {
      source.report(line, `kolom wajib "${name}" belum diisi`);
      return null;
    }
    const value = scalarValue(field.value);
    const at = source.line(field.value ?? field.key, line);
    if (!isScalar(field.value) || (typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
      source.report(at, `"${name}" harus berupa teks yang tidak kosong`);
      return null;
    }
    const text = String(value).trim();
    if (text.length > max) {
      source.report(at, `"${name}" terlalu panjang (${text.length} karakter, paling banyak ${max})`);
      return null;
    }
    return text;
  }

  private number(
    source: YamlSource,
    fields: Fields,
    name: string,
    line: number,
    rule: { min: number; max: number; exclusiveMin?: boolean; what: string; integer?: boolean },
  ): number | null {
    const field = fields.get(name);
    if (!field) {
      source.report(line, `kolom wajib "${name}" belum diisi (${rule.what})`);
      return null;
    }
    const value = scalarValue(field.value);
    const at = source.line(field.value ?? field.key, line);
    const kind = rule.integer ? 'bilangan bulat' : 'angka';
    const bounds = rule.exclusiveMin ? `lebih dari ${rule.min}` : `${rule.min} sampai ${rule.max}`;
    if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
      source.report(at, `"${name}" (${rule.what}) harus ${kind} ${bounds}, bukan "${String(value ?? '')}"`);
      return null;
    }
    if (value > rule.max || (rule.exclusiveMin ? value <= rule.min : value < rule.min)) {
      source.report(at, `"${name}" (${rule.what}) harus ${kind} ${bounds}${rule.exclusiveMin ? ` dan paling besar ${rule.max}` : ''}, bukan ${value}`);
      return null;
    }
    return value;
  }

  private integer(source: YamlSource, fields: Fields, name: string, line: number, rule: { min: number; max: number; what: string }): number | null {
    return this.number(source, fields, name, line, { ...rule, integer: true });
  }
}

type CourseDraft = Omit<CheckedCourse, 'questions' | 'media' | 'contentHash'>;

interface ModuleReference {
  module: string;
  line: number;
}

interface TaskDraft {
  path: string;
  task: CheckedTask | null;
  moduleRef: ModuleReference | null;
  listed: boolean;
}

interface LessonDraft {
  path: string;
  fileName: string;
  slug: string;
  title: string | null;
  /** Set once the minutes are valid and fit the content. */
  minutes: number | null;
  exerciseMinutes: number;
  words: number;
  markdown: string;
  bodyLine: number;
  listed: boolean;
}

interface Bank {
  path: string;
  /** Questions written in the bank, valid or not: what `draw` is compared with. */
  size: number;
  questions: CheckedQuestion[];
  /** Every question's `module`, with its line, checked once course.yaml's modules are known. */
  moduleRefs: ModuleReference[];
  readable: boolean;
}

/** Words of a Markdown body: whitespace-separated tokens with a letter or digit, link and image targets left out. */
export function countWords(markdown: string): number {
  const text = markdown.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]*>/g, ' ');
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

/** The ATX headings (`## Sumber`) of a Markdown body, outside fenced code. */
function markdownHeadings(markdown: string): Array<{ level: number; text: string }> {
  const headings: Array<{ level: number; text: string }> = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1][0];
      else if (fenceMatch[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) headings.push({ level: heading[1].length, text: heading[2].trim() });
  }
  return headings;
}

function decimal(value: number): string {
  return String(Math.round(value * 100) / 100).replace('.', ',');
}

function hoursProblem(hours: number, planned: PlannedHours, pretestDraw: number, posttestDraw: number): string {
  const parts = [
    `${decimal(planned.lessonMinutes)} menit pelajaran`,
    `${decimal(planned.testMinutes)} menit tes (1,5 × (${pretestDraw} + ${posttestDraw}) soal)`,
    `${decimal(planned.taskMinutes)} menit tugas lapangan`,
  ];
  return (
    `hours: ${decimal(hours)} melebihi JP yang direncanakan (${planned.computed} JP = ${decimal(planned.plannedMinutes)} menit / 45, dibulatkan ke bawah; ` +
    `${decimal(planned.plannedMinutes)} menit = ${parts.join(' + ')}): turunkan hours menjadi paling banyak ${planned.computed}, atau tambah isi kursus`
  );
}

function scalarValue(node: YamlNode | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** `../media/alur.svg` (relative to `lessons/`) → `media/alur.svg`; null when it points anywhere else. */
export function resolveMediaPath(src: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURI(src.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  const resolved = posix.normalize(posix.join('lessons', decoded));
  return /^media\/[^/]+$/.test(resolved) ? resolved : null;
}

const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  png: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) => Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP',
};

function hasSignature(bytes: Uint8Array, extension: string): boolean {
  return SIGNATURES[extension]?.(bytes) ?? false;
}

function shorten(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
