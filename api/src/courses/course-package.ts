/**
 * The course package of contract 1 (DESIGN.md): what a checked package looks like once the checker has read it.
 * Everything here is plain data, so the checker stays a pure function of the package's files.
 */

/** The pillars a course can be meant for; `SEMUA` (alone) means every pillar. */
export const PILLARS = ['TKSK', 'TAGANA', 'PSM', 'KARANG_TARUNA', 'PENDAMPING_PKH', 'SLRT'] as const;
export type Pillar = (typeof PILLARS)[number];
export const ALL_PILLARS = 'SEMUA';
export type CoursePillar = Pillar | typeof ALL_PILLARS;
export const COURSE_PILLARS: readonly CoursePillar[] = [...PILLARS, ALL_PILLARS];

export const QUESTION_TYPES = ['single', 'multiple', 'true_false'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** kebab-case: lower-case letters and digits in groups joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 80;
export const MEDIA_MAX_BYTES = 200 * 1024;
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** Raised whenever the meaning of a package changes (format, rendering): the next import makes new versions. */
export const PACKAGE_FORMAT_VERSION = 1;

/** A package as files: paths relative to the package folder with `/` separators (`lessons/01-x.md`). */
export type PackageFiles = ReadonlyMap<string, Uint8Array>;

/** One mistake in a package, where an author can find it. `line` is 1-based. */
export interface PackageProblem {
  file: string;
  line: number;
  message: string;
}

export interface QuizSettings {
  /** Bank file, relative to the package (`questions/bank.yaml`). */
  bank: string;
  draw: number;
  /** Questions in the bank when the version was published. */
  bankSize: number;
  timeLimitMinutes: number | null;
}

export interface PosttestSettings extends QuizSettings {
  passMark: number;
  /** `null`: no limit. */
  maxAttempts: number | null;
  /** Multiple-answer questions score partially instead of all-or-nothing. */
  partialCredit: boolean;
}

export interface PracticeSettings extends QuizSettings {
  title: string;
}

/** What a version stores in `settings`: quiz and certificate rules, never a question or an answer. */
export interface CourseSettings {
  pretest: QuizSettings;
  posttest: PosttestSettings;
  practice: PracticeSettings[];
  certificate: { validityMonths: number | null };
}

export interface CheckedLesson {
  /** `01-siaga.md` */
  fileName: string;
  /** `01-siaga`: the file name without `.md`, unique in the package. */
  slug: string;
  title: string;
  minutes: number;
  /** The Markdown after the front matter. */
  markdown: string;
}

export interface CheckedModule {
  title: string;
  lessons: CheckedLesson[];
}

export interface CheckedQuestion {
  /** The author's id (`siaga-01`), unique in the course and stable across edits. */
  key: string;
  bank: string;
  type: QuestionType;
  prompt: string;
  options: string[] | null;
  /** Zero-based index (single), sorted indexes (multiple) or a boolean (true_false). */
  answer: number | number[] | boolean;
  explanation: string;
}

export interface CheckedMedia {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** sha256 of the bytes, hex. */
  hash: string;
}

export interface CheckedCourse {
  slug: string;
  title: string;
  summary: string;
  pillars: CoursePillar[];
  hours: number;
  modules: CheckedModule[];
  settings: CourseSettings;
  questions: CheckedQuestion[];
  media: CheckedMedia[];
  /** sha256 over the normalized package: equal hashes, equal content. */
  contentHash: string;
}

export function formatProblem(problem: PackageProblem, prefix = ''): string {
  return `${prefix}${problem.file}:${problem.line}: ${problem.message}`;
}
