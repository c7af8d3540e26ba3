import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml';
import {
  ALL_PILLARS,
  COURSE_PILLARS,
  MEDIA_MAX_BYTES,
  MEDIA_TYPES,
  PACKAGE_FORMAT_VERSION,
  QUESTION_TYPES,
  SLUG_MAX_LENGTH,
  SLUG_PATTERN,
  type CheckedCourse,
  type CheckedLesson,
  type CheckedMedia,
  type CheckedModule,
  type CheckedQuestion,
  type CoursePillar,
  type CourseSettings,
  type PackageFiles,
  type PackageProblem,
  type PosttestSettings,
  type PracticeSettings,
  type QuestionType,
  type QuizSettings,
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
  course: CheckedCourse | null;
  /** The slug as written (even when the package has problems), and its line, for checks across packages. */
  slug: string | null;
  slugLine: number;
}

const COURSE_FILE = 'course.yaml';
const LESSON_FILE = /^lessons\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const BANK_FILE = /^questions\/[a-z0-9]+(?:[-_][a-z0-9]+)*\.ya?ml$/;
const MEDIA_FILE = /^media\/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*\.([A-Za-z]+)$/;
const QUESTION_ID = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
const TEXT_LIMIT = { title: 200, summary: 2000, prompt: 4000, option: 1000, explanation: 4000 };

const COURSE_KEYS = ['slug', 'title', 'summary', 'pillars', 'hours', 'modules', 'pretest', 'posttest', 'practice', 'certificate'];
const MODULE_KEYS = ['title', 'lessons'];
const PRETEST_KEYS = ['bank', 'draw', 'time_limit_minutes'];
const POSTTEST_KEYS = ['bank', 'draw', 'pass_mark', 'max_attempts', 'time_limit_minutes', 'partial_credit'];
const PRACTICE_KEYS = ['title', 'bank', 'draw', 'time_limit_minutes'];
const CERTIFICATE_KEYS = ['validity_months'];
const LESSON_KEYS = ['title', 'minutes'];
const QUESTION_KEYS = ['id', 'type', 'prompt', 'options', 'answer', 'explanation'];

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

function suggestion(name: string, known: readonly string[]): string {
  const close = known.find((candidate) => distance(name.toLowerCase(), candidate) <= 2);
  return close ? ` (maksud Anda "${close}"?)` : ` (yang dikenal: ${known.join(', ')})`;
}

class PackageCheck {
  private readonly problems: PackageProblem[] = [];
  private readonly texts = new Map<string, string>();
  private slug: string | null = null;
  private slugLine = 1;

  constructor(private readonly input: CheckInput) {}

  run(): CheckResult {
    const { files } = this.input;
    this.checkFileNames();

    const courseText = this.text(COURSE_FILE);
    const lessons = this.checkLessonFiles();
    const banks = this.checkBanks();
    const media = this.checkMedia();

    let course: Omit<CheckedCourse, 'questions' | 'media' | 'contentHash'> | null = null;
    if (!files.has(COURSE_FILE)) {
      this.report(COURSE_FILE, 1, 'berkas course.yaml tidak ada: setiap paket kursus harus punya course.yaml');
    } else if (courseText !== null) {
      course = this.checkCourse(new YamlSource(COURSE_FILE, courseText, this.problems), lessons, banks);
    }
    this.checkLessonContent(lessons);

    const problems = this.problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    if (problems.length > 0 || !course) return { problems, course: null, slug: this.slug, slugLine: this.slugLine };
    const questions = [...banks.values()].flatMap((bank) => bank.questions);
    return {
      problems,
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
      if (path === COURSE_FILE || LESSON_FILE.test(path) || BANK_FILE.test(path) || MEDIA_FILE.test(path)) continue;
      const hint = path.startsWith('lessons/')
        ? 'nama berkas pelajaran hanya huruf kecil, angka dan tanda hubung, diakhiri .md (misalnya 01-siaga.md)'
        : path.startsWith('questions/')
          ? 'nama bank soal hanya huruf kecil, angka dan tanda hubung, diakhiri .yaml (misalnya bank.yaml)'
          : path.startsWith('media/')
            ? 'nama berkas media hanya huruf, angka, titik, garis bawah dan tanda hubung, tanpa spasi atau subfolder (misalnya alur-rujukan.svg)'
            : 'berkas ini bukan bagian dari paket: hanya course.yaml, lessons/*.md, questions/*.yaml dan media/* yang dikenal';
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
      const draft: LessonDraft = { path, fileName: path.slice('lessons/'.length), slug: match[1], title: null, minutes: null, markdown: '', bodyLine: 1, listed: false };
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
      draft.minutes = this.integer(source, fields, 'minutes', 1, { min: 1, max: 600, what: 'lama baca dalam menit' });
      if (split.body.trim() === '') source.report(split.bodyLine, 'isi pelajaran kosong: tulis materinya di bawah front matter');
    }
    return lessons;
  }

  private checkLessonContent(lessons: Map<string, LessonDraft>): void {
    for (const lesson of lessons.values()) {
      if (!lesson.listed && this.input.files.has(COURSE_FILE)) {
        this.report(lesson.path, 1, `pelajaran ini tidak tercantum di "modules" pada course.yaml: tambahkan ${lesson.fileName} ke salah satu modul, atau hapus berkasnya`);
      }
      for (const finding of inspectMarkdown(lesson.markdown)) {
        const line = lesson.bodyLine + finding.line;
        if (finding.kind === 'html') {
          this.report(lesson.path, line, `HTML tidak diizinkan dalam pelajaran (${shorten(finding.value)}): gunakan Markdown saja`);
        } else if (finding.kind === 'link') {
          const scheme = urlScheme(finding.value);
          if (scheme === null && finding.value.startsWith('#')) continue;
          if (scheme === null) {
            this.report(lesson.path, line, `tautan "${shorten(finding.value)}" tidak didukung: gunakan alamat lengkap yang diawali https://`);
          } else if (!LINK_SCHEMES.includes(scheme)) {
            this.report(lesson.path, line, `tautan "${scheme}:" tidak diizinkan: hanya https://, http://, mailto: dan tel:`);
          }
        } else {
          this.checkImage(lesson, line, finding.value, finding.alt ?? '');
        }
      }
    }
  }

  private checkImage(lesson: LessonDraft, line: number, src: string, alt: string): void {
    if (alt === '') {
      this.report(lesson.path, line, 'gambar perlu teks alternatif untuk pembaca layar: ![penjelasan singkat gambar](../media/nama.svg)');
    }
    if (urlScheme(src) !== null || src.startsWith('//')) {
      this.report(lesson.path, line, `gambar "${shorten(src)}" harus disimpan di folder media/ paket ini, bukan diambil dari luar`);
      return;
    }
    const target = resolveMediaPath(src);
    if (target === null) {
      this.report(lesson.path, line, `gambar "${shorten(src)}" harus berada di folder media/: tulis ../media/nama-berkas`);
    } else if (!this.input.files.has(target)) {
      this.report(lesson.path, line, `gambar tidak ditemukan: ${target} tidak ada dalam paket`);
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
      const bank: Bank = { path, size: 0, questions: [], readable: false };
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
        const question = this.checkQuestion(source, item, seen);
        if (question) bank.questions.push(question);
      }
    }
    return banks;
  }

  private checkQuestion(source: YamlSource, node: YamlNode, seen: Map<string, string>): CheckedQuestion | null {
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

    if (!valid || key === null || type === null || prompt === null || explanation === null || answer === null) return null;
    return { key, bank: source.file, type, prompt, options, answer, explanation };
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
  ): Omit<CheckedCourse, 'questions' | 'media' | 'contentHash'> | null {
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
    const settings = this.checkSettings(source, fields, banks);

    if (slug === null || title === null || summary === null || pillars === null || hours === null || modules === null || settings === null) return null;
    return { slug, title, summary, pillars, hours, modules, settings };
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
    let ok = true;
    for (const node of field.value.items as YamlNode[]) {
      const line = source.line(node);
      const fields = this.fields(source, node, MODULE_KEYS, 'modul', line);
      if (!fields) {
        ok = false;
        continue;
      }
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
              moduleLessons.push({ fileName, slug: lesson.slug, title: lesson.title, minutes: lesson.minutes, markdown: lesson.markdown });
            } else ok = false;
          }
          listedAt.set(fileName, itemLine);
        }
      }
      if (title === null) ok = false;
      else modules.push({ title, lessons: moduleLessons });
    }
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
      if (posttestBase && passMark !== null && (!quiz.has('max_attempts') || maxAttempts !== null) && typeof partialCredit === 'boolean') {
        posttest = { ...posttestBase, passMark, maxAttempts, partialCredit };
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

interface LessonDraft {
  path: string;
  fileName: string;
  slug: string;
  title: string | null;
  minutes: number | null;
  markdown: string;
  bodyLine: number;
  listed: boolean;
}

interface Bank {
  path: string;
  /** Questions written in the bank, valid or not: what `draw` is compared with. */
  size: number;
  questions: CheckedQuestion[];
  readable: boolean;
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
