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

/** `scenario`: asks what to do in a situation; `knowledge`: recall or understanding. */
export const QUESTION_KINDS = ['scenario', 'knowledge'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

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
export const PACKAGE_FORMAT_VERSION = 2;

/** Reading speed for the reading minutes of a lesson (words a minute). */
export const WORDS_PER_MINUTE = 120;
/** Planned minutes per test question (pre-test and post-test draws) in the JP computation. */
export const MINUTES_PER_QUESTION = 1.5;
/** Minutes of one JP (jam pelajaran). */
export const MINUTES_PER_JP = 45;

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
  /** Percent of every draw that is guaranteed to be `scenario` questions (0–100; 0 when not set). */
  scenarioShare: number;
  /**
   * `reveal_answers_after_fail`: a worker who failed every allowed attempt is shown the right options and explanations
   * (decision 023; default false: a failed post-test shows only which questions were wrong). Absent in versions
   * published before it existed, which means false.
   */
  revealAnswersAfterFail?: boolean;
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
  /** Minutes of an exercise inside the lesson (a "Latihan…" section); 0 when none. */
  exerciseMinutes: number;
  /** Words of the Markdown body (what the reading minutes come from). */
  words: number;
  /** The Markdown after the front matter. */
  markdown: string;
}

export interface CheckedModule {
  /** The author's id (`mengenal-tksk`), kebab-case, unique in the course and stable across edits. */
  id: string;
  title: string;
  lessons: CheckedLesson[];
}

export interface CheckedQuestion {
  /** The author's id (`siaga-01`), unique in the course and stable across edits. */
  key: string;
  bank: string;
  /** The id of the module it tests. */
  module: string;
  kind: QuestionKind;
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

/** A level of a field task's rubric, lowest first. */
export interface TaskLevel {
  id: string;
  title: string;
  points: number;
}

/** What the worker reads and what the reviewer checks at one level of one criterion. */
export interface TaskLevelText {
  worker: string;
  reviewer: string;
}

export interface TaskCriterion {
  id: string;
  title: string;
  /** One entry per level id of the task. */
  levels: Record<string, TaskLevelText>;
}

/** The rubric of a field task: levels shared by every criterion, and the level every criterion must reach. */
export interface TaskRubric {
  levels: TaskLevel[];
  criteria: TaskCriterion[];
  passLevel: string;
}

/** A field task (`tasks/<id>.yaml`): work done in the field, reported with text and photos, reviewed by a person. */
export interface CheckedTask {
  /** `rujukan-kasus`: the file name without `.yaml`, stable across edits. */
  id: string;
  title: string;
  /** The module it belongs to, or null. */
  module: string | null;
  minutes: number;
  /** Markdown, checked like a lesson's. */
  instructions: string;
  report: { template: string | null; minWords: number | null };
  photos: { min: number; max: number };
  checklist: string[];
  rubric: TaskRubric;
  reviewDays: number;
  resubmissions: number;
}

/** The JP (jam pelajaran) a course plans, and how they come about. */
export interface PlannedHours {
  lessonMinutes: number;
  /** 1.5 minutes per question of the pre-test and post-test draws. */
  testMinutes: number;
  taskMinutes: number;
  /** The sum of the three. */
  plannedMinutes: number;
  /** floor(plannedMinutes / 45), at least 1: what the certificate prints. */
  computed: number;
}

/** planned minutes = Σ lesson minutes + 1.5 × (pre-test draw + post-test draw) + Σ task minutes; JP = ⌊planned / 45⌋ ≥ 1. */
export function planHours(lessonMinutes: number, pretestDraw: number, posttestDraw: number, taskMinutes: number): PlannedHours {
  const testMinutes = MINUTES_PER_QUESTION * (pretestDraw + posttestDraw);
  const plannedMinutes = lessonMinutes + testMinutes + taskMinutes;
  return { lessonMinutes, testMinutes, taskMinutes, plannedMinutes, computed: Math.max(1, Math.floor(plannedMinutes / MINUTES_PER_JP)) };
}

export interface CheckedCourse {
  slug: string;
  title: string;
  summary: string;
  pillars: CoursePillar[];
  /** JP declared by the author (≤ the computed JP). */
  hours: number;
  /** The JP the content plans: what the importer stores and the certificate prints. */
  planned: PlannedHours;
  modules: CheckedModule[];
  settings: CourseSettings;
  questions: CheckedQuestion[];
  tasks: CheckedTask[];
  media: CheckedMedia[];
  /** sha256 over the normalized package: equal hashes, equal content. */
  contentHash: string;
}

export function formatProblem(problem: PackageProblem, prefix = ''): string {
  return `${prefix}${problem.file}:${problem.line}: ${problem.message}`;
}
