import { Document, isMap, isScalar, isSeq, parseDocument, type Node, YAMLMap, YAMLSeq } from 'yaml';

/**
 * Edits of a package's YAML files made by the studio's forms. Everything goes through the `yaml` Document API and
 * changes only the nodes a form names, in place: comments, quoting and folded text elsewhere in a hand-written file
 * survive an edit (issue #18), and a scalar that keeps its node keeps its own comment too.
 */

export type QuestionType = 'single' | 'multiple' | 'true_false';
export type QuestionKind = 'scenario' | 'knowledge';

/** One question as the form edits it (answers are zero-based option numbers, as in the package format). */
export interface QuestionFields {
  id: string;
  module: string;
  kind: QuestionKind;
  type: QuestionType;
  prompt: string;
  /** Not used for true_false. */
  options: string[];
  answer: number | number[] | boolean;
  explanation: string;
}

/** The YAML could not be read well enough to edit it safely (the checker reports the details). */
export class YamlEditError extends Error {}

/** As the package's hand-written files are: `[PSM]`, not `[ PSM ]`; long text is not re-wrapped. */
function toText(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

function documentOf(text: string): Document.Parsed {
  const doc = parseDocument(text.trim() === '' ? '{}' : text);
  if (doc.errors.length > 0) throw new YamlEditError(doc.errors[0].message);
  if (doc.contents !== null && !isMap(doc.contents)) throw new YamlEditError('not a map');
  return doc;
}

/** Sets `key` in `map` to `value`: a scalar keeps its node (and so its comments and quoting); anything else is replaced. */
function setValue(doc: Document, map: YAMLMap, key: string, value: unknown): void {
  const current = map.get(key, true);
  if (isScalar(current) && (value === null || typeof value !== 'object')) {
    if (current.value !== value) {
      current.value = value;
      // A block style chosen for other text (`>-`) stays; a plain one-liner that now needs quoting is re-quoted by yaml.
    }
    return;
  }
  if (isSeq(current) && Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    setSequence(doc, current, value);
    return;
  }
  map.set(key, doc.createNode(value));
}

/** The items of a list of scalars, changed item by item, so each item's comment stays with its position. */
function setSequence(doc: Document, seq: YAMLSeq, values: unknown[]): void {
  values.forEach((value, index) => {
    const item = seq.items[index];
    if (isScalar(item)) item.value = value;
    else if (index < seq.items.length) seq.items[index] = doc.createNode(value);
    else seq.items.push(doc.createNode(value));
  });
  seq.items.splice(values.length);
}

function questionsOf(doc: Document): YAMLSeq {
  const existing = doc.get('questions', true);
  if (isSeq(existing)) {
    // `questions: []` of a new bank becomes a block list once it has questions.
    if (existing.items.length === 0) existing.flow = false;
    return existing;
  }
  const seq = new YAMLSeq();
  doc.set('questions', seq);
  return seq;
}

function idOf(item: unknown): unknown {
  return isMap(item) ? item.get('id') : undefined;
}

/** The bank's questions as plain objects, in order (what the forms show). */
export function readQuestions(bankText: string): Array<Partial<QuestionFields> & { id: string }> {
  const doc = documentOf(bankText);
  const list = doc.toJS()?.questions;
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is Partial<QuestionFields> & { id: string } => typeof item === 'object' && item !== null && typeof item.id === 'string');
}

/**
 * The bank with one question written from the form: the question `originalId` (or `question.id`) changed in place when
 * it exists, else appended. Keys the form does not know (a reviewer's note, `options` of another type) stay.
 */
export function upsertQuestion(bankText: string, question: QuestionFields, originalId?: string): string {
  const doc = documentOf(bankText);
  const questions = questionsOf(doc);
  const lookFor = originalId ?? question.id;
  const existing = questions.items.find((item) => idOf(item) === lookFor);
  const fields: Array<[keyof QuestionFields, unknown]> = [
    ['id', question.id],
    ['module', question.module],
    ['kind', question.kind],
    ['type', question.type],
    ['prompt', question.prompt],
    ['options', question.type === 'true_false' ? undefined : question.options],
    ['answer', question.answer],
    ['explanation', question.explanation],
  ];
  if (isMap(existing)) {
    for (const [key, value] of fields) {
      if (value === undefined) existing.delete(key);
      else setValue(doc, existing, key, value);
    }
    return replaceItem(bankText, existing) ?? toText(doc);
  }
  const plain = Object.fromEntries(fields.filter(([, value]) => value !== undefined));
  const node = doc.createNode(plain) as YAMLMap;
  node.flow = false;
  const options = node.get('options', true);
  if (isSeq(options)) options.flow = false;
  const answer = node.get('answer', true);
  if (isSeq(answer)) answer.flow = true;
  const appended = appendItem(bankText, questions, node);
  questions.items.push(node as Node);
  return appended ?? toText(doc);
}

/** The bank without the question `id` (unchanged when there is none). */
export function removeQuestion(bankText: string, id: string): string {
  const doc = documentOf(bankText);
  const questions = questionsOf(doc);
  const index = questions.items.findIndex((item) => idOf(item) === id);
  if (index < 0) return bankText;
  const range = (questions.items[index] as Node).range;
  if (range && !questions.flow) {
    const lineStart = bankText.lastIndexOf('\n', range[0] - 1) + 1;
    return bankText.slice(0, lineStart) + bankText.slice(range[2]);
  }
  questions.items.splice(index, 1);
  return toText(doc);
}

/**
 * Only the edited question is written anew; the rest of the file keeps its bytes (its comments, its line breaks in
 * folded text). The item is rendered alone and indented to where it stood. null when the source gives no position.
 */
function replaceItem(source: string, item: YAMLMap): string | null {
  const range = item.range;
  if (!range) return null;
  const column = range[0] - (source.lastIndexOf('\n', range[0] - 1) + 1);
  let rendered = indentAfterFirstLine(renderAlone(item), column);
  if (!source.slice(range[0], range[2]).endsWith('\n')) rendered = rendered.replace(/\n$/, '');
  return source.slice(0, range[0]) + rendered + source.slice(range[2]);
}

/** A new question written after the last one, in the same indentation; null for an empty or flow list. */
function appendItem(source: string, questions: YAMLSeq, item: YAMLMap): string | null {
  const last = questions.items[questions.items.length - 1] as Node | undefined;
  if (!last?.range || questions.flow) return null;
  const column = last.range[0] - (source.lastIndexOf('\n', last.range[0] - 1) + 1);
  const end = last.range[2];
  const before = source.slice(0, end);
  const separator = before.endsWith('\n') ? '' : '\n';
  const dash = `${' '.repeat(Math.max(0, column - 2))}- `;
  return `${before}${separator}\n${dash}${indentAfterFirstLine(renderAlone(item), column)}${source.slice(end)}`;
}

function renderAlone(node: Node): string {
  const alone = new Document();
  alone.contents = node;
  return toText(alone);
}

function indentAfterFirstLine(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text.replace(/\n(?=.)/g, `\n${pad}`);
}

/** course.yaml with `fileName` appended to the lessons of module `moduleId` (the last module when none is named). */
export function addLessonToCourse(courseText: string, fileName: string, moduleId?: string): string {
  const doc = documentOf(courseText);
  const modules = doc.get('modules', true);
  if (!isSeq(modules) || modules.items.length === 0) throw new YamlEditError('no modules');
  const module = (moduleId ? modules.items.find((item) => isMap(item) && item.get('id') === moduleId) : undefined) ?? modules.items[modules.items.length - 1];
  if (!isMap(module)) throw new YamlEditError('module is not a map');
  const lessons = module.get('lessons', true);
  if (isSeq(lessons)) lessons.items.push(doc.createNode(fileName) as Node);
  else {
    const seq = doc.createNode([fileName]) as YAMLSeq;
    seq.flow = true;
    module.set('lessons', seq);
  }
  return toText(doc);
}

/** The course's metadata a form edits (title, summary, planned hours), each changed in place. */
export function setCourseFields(courseText: string, fields: { title?: string; summary?: string; hours?: number }): string {
  const doc = documentOf(courseText);
  const root = doc.contents as YAMLMap;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) setValue(doc, root, key, value);
  }
  return toText(doc);
}

/** The lesson file names in course order, with their module id. */
export function courseLessons(courseText: string): Array<{ module: string; file: string }> {
  const modules = documentOf(courseText).toJS()?.modules;
  if (!Array.isArray(modules)) return [];
  return modules.flatMap((module: { id?: unknown; lessons?: unknown }) =>
    Array.isArray(module?.lessons) ? module.lessons.filter((file): file is string => typeof file === 'string').map((file) => ({ module: String(module.id ?? ''), file })) : [],
  );
}
