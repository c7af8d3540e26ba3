import { isDeepStrictEqual } from 'node:util';
import type { PackageFiles } from '../courses/course-package';
import { splitFrontMatter } from '../courses/lesson-markdown';
import { parse } from 'yaml';
import { courseLessons, readQuestions } from './package-yaml';
import type { DraftChangesDto, DraftOutlineDto, FileChangeDto, QuestionChangeDto } from './studio.dto';

/** Read-only views of a draft's files for the studio pages: its outline, and what it changes against a published version. */

const TEXT_FILE = /\.(ya?ml|md|svg)$/i;

function text(files: PackageFiles, filePath: string): string | null {
  const bytes = files.get(filePath);
  return bytes ? Buffer.from(bytes).toString('utf8') : null;
}

function safeParse(source: string | null): Record<string, unknown> {
  if (source === null) return {};
  try {
    const value: unknown = parse(source);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function bankPaths(course: Record<string, unknown>, files: PackageFiles): { pretest: string | null; posttest: string | null; all: string[] } {
  const bankOf = (value: unknown) => (typeof value === 'object' && value !== null && typeof (value as { bank?: unknown }).bank === 'string' ? (value as { bank: string }).bank : null);
  const all = [...files.keys()].filter((name) => name.startsWith('questions/'));
  return { pretest: bankOf(course.pretest), posttest: bankOf(course.posttest), all };
}

function lessonTitle(source: string | null): string | null {
  const split = source ? splitFrontMatter(source) : null;
  const title = split ? safeParse(split.frontMatter).title : null;
  return typeof title === 'string' ? title : null;
}

function questionsIn(source: string | null): ReturnType<typeof readQuestions> {
  if (source === null) return [];
  try {
    return readQuestions(source);
  } catch {
    return [];
  }
}

export function outlineOf(files: PackageFiles): DraftOutlineDto {
  const courseText = text(files, 'course.yaml');
  const course = safeParse(courseText);
  const modules = Array.isArray(course.modules)
    ? course.modules.filter((m): m is { id: string; title?: unknown } => typeof m === 'object' && m !== null && typeof m.id === 'string').map((m) => ({ id: m.id, title: typeof m.title === 'string' ? m.title : m.id }))
    : [];
  let listed: Array<{ module: string; file: string }> = [];
  try {
    listed = courseText ? courseLessons(courseText) : [];
  } catch {
    listed = [];
  }
  const listedPaths = new Set(listed.map((entry) => `lessons/${entry.file}`));
  const unlisted = [...files.keys()].filter((name) => name.startsWith('lessons/') && !listedPaths.has(name)).map((name) => ({ module: '', file: name.slice('lessons/'.length) }));
  const lessons = [...listed, ...unlisted].map((entry) => {
    const lessonPath = `lessons/${entry.file}`;
    return { path: lessonPath, module: entry.module || null, title: lessonTitle(text(files, lessonPath)) ?? entry.file, exists: files.has(lessonPath) };
  });
  const banks = bankPaths(course, files);
  return {
    title: typeof course.title === 'string' ? course.title : null,
    summary: typeof course.summary === 'string' ? course.summary : null,
    hours: typeof course.hours === 'number' ? course.hours : null,
    modules,
    lessons,
    banks: banks.all.map((bankPath) => ({
      path: bankPath,
      role: bankPath === banks.pretest ? 'pretest' : bankPath === banks.posttest ? 'posttest' : 'other',
      questions: questionsIn(text(files, bankPath)).map((question) => ({
        id: question.id,
        module: typeof question.module === 'string' ? question.module : '',
        kind: question.kind === 'scenario' ? 'scenario' : 'knowledge',
        type: question.type === 'multiple' || question.type === 'true_false' ? question.type : 'single',
        prompt: typeof question.prompt === 'string' ? question.prompt : '',
        options: Array.isArray(question.options) ? question.options.map(String) : [],
        answer: answerOf(question.answer),
        explanation: typeof question.explanation === 'string' ? question.explanation : '',
      })),
    })),
    media: [...files.keys()].filter((name) => name.startsWith('media/')),
  };
}

function answerOf(value: unknown): number[] {
  if (typeof value === 'boolean') return [value ? 1 : 0];
  if (typeof value === 'number') return [value];
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}

/** Text files added, changed or removed (with both texts, for a line diff), and questions added, changed or removed by id. */
export function describeChanges(base: PackageFiles, draft: PackageFiles, baseVersion: number | null): DraftChangesDto {
  const paths = [...new Set([...base.keys(), ...draft.keys()])].sort();
  const files: FileChangeDto[] = [];
  for (const filePath of paths) {
    const before = base.get(filePath);
    const after = draft.get(filePath);
    if (before && after && Buffer.from(before).equals(Buffer.from(after))) continue;
    const status = !before ? 'added' : !after ? 'removed' : 'changed';
    const isText = TEXT_FILE.test(filePath);
    files.push({ path: filePath, status, before: isText ? text(base, filePath) : null, after: isText ? text(draft, filePath) : null });
  }
  const questionsOf = (source: PackageFiles) => {
    const byId = new Map<string, { bank: string; question: Record<string, unknown> }>();
    for (const [filePath] of source) {
      if (!filePath.startsWith('questions/')) continue;
      for (const question of questionsIn(text(source, filePath))) byId.set(question.id, { bank: filePath, question });
    }
    return byId;
  };
  const beforeQuestions = questionsOf(base);
  const afterQuestions = questionsOf(draft);
  const questions: QuestionChangeDto[] = [];
  for (const id of [...new Set([...beforeQuestions.keys(), ...afterQuestions.keys()])].sort()) {
    const before = beforeQuestions.get(id);
    const after = afterQuestions.get(id);
    if (before && after && isDeepStrictEqual(before.question, after.question)) continue;
    const prompt = after?.question.prompt ?? before?.question.prompt;
    questions.push({ id, bank: (after ?? before)!.bank, status: !before ? 'added' : !after ? 'removed' : 'changed', prompt: typeof prompt === 'string' ? prompt : '' });
  }
  return { baseVersion, files, questions };
}
