/**
 * `npm run content:summary [path…]`: what each course package plans, in one table per course: lessons, words, planned
 * minutes, JP (declared / computed), questions per pool (per module, scenario / knowledge), the scenario share of the
 * post-test draw (the minimum over every possible draw, computed exactly with the draw's own description, and checked
 * against 1,000 draws of the real draw function), and questions repeated across courses (equal or near-equal prompts).
 * Exits 1 when a package has a problem (see `npm run content:check`), a post-test draw can hold fewer than 60 %
 * scenario questions, or any question repeats across courses.
 */
import path from 'node:path';
import { formatProblem, type CheckedCourse, type CheckedQuestion } from '../../api/src/courses/course-package';
import { checkCoursePackages } from '../../api/src/courses/package-checker';
import { readPackages } from '../../api/src/courses/package-files';
import { drawAttempt, scenarioGuarantee, type ModuleCounts } from '../../api/src/learning/grading/draw';

/** The curriculum's rule (issue #17): at least this share of every post-test draw asks what to do in a situation. */
const MIN_SCENARIO_SHARE = 0.6;
/** Prompts this similar (token Jaccard) count as the same question. */
const NEAR_DUPLICATE = 0.8;
const SIMULATED_DRAWS = 1000;

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** npm runs scripts from the repository root; paths a person typed are relative to where they typed them. */
const userCwd = process.env.INIT_CWD ?? process.cwd();

const number = (value: number) => value.toLocaleString('id-ID', { maximumFractionDigits: 1 });
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${number((100 * part) / whole)} %`);

/** Scenario / knowledge counts of one bank, per module id in course order. */
function poolCounts(course: CheckedCourse, bank: string): Map<string, ModuleCounts> {
  const counts = new Map<string, ModuleCounts>(course.modules.map((module) => [module.id, { scenario: 0, knowledge: 0 }]));
  for (const question of course.questions) {
    if (question.bank !== bank) continue;
    const module = counts.get(question.module) ?? { scenario: 0, knowledge: 0 };
    module[question.kind] += 1;
    counts.set(question.module, module);
  }
  return counts;
}

/** Only modules with questions in the bank take part in its draw. */
function drawnModules(counts: Map<string, ModuleCounts>): ModuleCounts[] {
  return [...counts.values()].filter((module) => module.scenario + module.knowledge > 0);
}

/** The fewest scenario questions in 1,000 draws of the real draw function: a check on the exact minimum. */
function simulatedMinimum(course: CheckedCourse): number {
  const { posttest } = course.settings;
  const bank = course.questions
    .filter((question) => question.bank === posttest.bank)
    .map((question) => ({ id: question.key, module: question.module, kind: question.kind, optionCount: question.options?.length ?? 0 }));
  const kinds = new Map(bank.map((question) => [question.id, question.kind]));
  let minimum = Infinity;
  for (let seed = 0; seed < SIMULATED_DRAWS; seed += 1) {
    const drawn = drawAttempt(bank, posttest.draw, seed * 7919 + 1, { scenarioShare: posttest.scenarioShare });
    minimum = Math.min(minimum, drawn.filter((item) => kinds.get(item.questionId) === 'scenario').length);
  }
  return minimum;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `    ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ')}`);
}

/** Prints one course; returns the curriculum rules it breaks. */
function printCourse(course: CheckedCourse): string[] {
  const lessons = course.modules.flatMap((module) => module.lessons);
  const { pretest, posttest } = course.settings;
  const { planned } = course;
  console.log(`\n${course.slug}: ${course.title}`);
  console.log(`  pelajaran: ${lessons.length} dalam ${course.modules.length} modul, ${number(lessons.reduce((sum, lesson) => sum + lesson.words, 0))} kata`);
  console.log(
    `  menit direncanakan: ${number(planned.plannedMinutes)} = ${number(planned.lessonMinutes)} pelajaran + ${number(planned.testMinutes)} tes + ${number(planned.taskMinutes)} tugas lapangan`,
  );
  console.log(`  JP: tertulis ${number(course.hours)}, dihitung ${planned.computed} (yang dicetak di sertifikat)`);
  console.log(`  tugas lapangan: ${course.tasks.map((task) => `${task.id} (${task.minutes} menit)`).join(', ') || 'tidak ada'}`);

  const pre = poolCounts(course, pretest.bank);
  const post = poolCounts(course, posttest.bank);
  const cell = (counts: ModuleCounts | undefined) => (counts ? `${counts.scenario} / ${counts.knowledge}` : '0 / 0');
  const sum = (counts: Map<string, ModuleCounts>) =>
    [...counts.values()].reduce((total, module) => ({ scenario: total.scenario + module.scenario, knowledge: total.knowledge + module.knowledge }), { scenario: 0, knowledge: 0 });
  const modules = [...new Set([...pre.keys(), ...post.keys()])];
  console.log(`  soal (skenario / pengetahuan); pretest ${pretest.bank} undian ${pretest.draw}, posttest ${posttest.bank} undian ${posttest.draw}:`);
  for (const line of table([
    ['modul', 'pretest', 'posttest'],
    ...modules.map((module) => [module, cell(pre.get(module)), cell(post.get(module))]),
    ['jumlah', cell(sum(pre)), cell(sum(post))],
  ])) {
    console.log(line);
  }

  const guarantee = scenarioGuarantee(drawnModules(post), posttest.draw, posttest.scenarioShare);
  const simulated = simulatedMinimum(course);
  const share = guarantee.minimumScenario / posttest.draw;
  const ok = share >= MIN_SCENARIO_SHARE;
  console.log(
    `  soal skenario di undian posttest: paling sedikit ${guarantee.minimumScenario} dari ${posttest.draw} (${percent(guarantee.minimumScenario, posttest.draw)}) di setiap undian yang mungkin; ` +
      `${number(SIMULATED_DRAWS)} undian acak: paling sedikit ${simulated}; scenario_share ${posttest.scenarioShare} ${ok ? '✓' : `✗ (perlu ≥ ${MIN_SCENARIO_SHARE * 100} %)`}`,
  );
  const broken: string[] = [];
  if (!ok) broken.push(`${course.slug}: soal skenario di undian posttest bisa hanya ${percent(guarantee.minimumScenario, posttest.draw)} (perlu ≥ ${MIN_SCENARIO_SHARE * 100} %)`);
  if (simulated < guarantee.minimumScenario) broken.push(`${course.slug}: undian acak memuat lebih sedikit soal skenario (${simulated}) daripada perhitungan (${guarantee.minimumScenario})`);
  return broken;
}

/** Lower case, without accents and punctuation, single spaces. */
export function normalizePrompt(prompt: string): string {
  return prompt
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

interface QuestionRef {
  slug: string;
  question: CheckedQuestion;
  normalized: string;
  tokens: Set<string>;
}

export interface DuplicatePair {
  a: QuestionRef;
  b: QuestionRef;
  similarity: number;
}

/** Pairs of questions of different courses whose prompts are equal once normalized, or share ≥ 80 % of their words. */
export function crossCourseDuplicates(courses: readonly CheckedCourse[]): DuplicatePair[] {
  const refs: QuestionRef[] = courses.flatMap((course) =>
    course.questions.map((question) => {
      const normalized = normalizePrompt(question.prompt);
      return { slug: course.slug, question, normalized, tokens: new Set(normalized.split(' ').filter(Boolean)) };
    }),
  );
  const pairs: DuplicatePair[] = [];
  for (let i = 0; i < refs.length; i += 1) {
    for (let j = i + 1; j < refs.length; j += 1) {
      if (refs[i].slug === refs[j].slug) continue;
      const similarity = refs[i].normalized === refs[j].normalized ? 1 : jaccard(refs[i].tokens, refs[j].tokens);
      if (similarity >= NEAR_DUPLICATE) pairs.push({ a: refs[i], b: refs[j], similarity });
    }
  }
  return pairs;
}

function main(): number {
  const args = process.argv.slice(2);
  const targets = args.length > 0 ? args.map((target) => path.resolve(userCwd, target)) : [path.join(repoRoot, 'content')];
  const results = checkCoursePackages(targets.flatMap((target) => readPackages(target, userCwd)));
  if (results.length === 0) {
    console.error(`Tidak ada paket kursus di ${targets.join(', ')}.`);
    return 1;
  }
  const broken: string[] = [];
  const courses: CheckedCourse[] = [];
  for (const result of results) {
    if (!result.course) {
      console.log(`\n${result.label}: ${result.problems.length} kesalahan; ringkasan tidak dibuat. Periksa dengan npm run content:check, misalnya:`);
      for (const problem of result.problems.slice(0, 3)) console.log(`  ${formatProblem(problem, result.label)}`);
      broken.push(`${result.label}: paket punya kesalahan`);
      continue;
    }
    courses.push(result.course);
    broken.push(...printCourse(result.course));
  }

  const duplicates = crossCourseDuplicates(courses);
  console.log(`\nSoal kembar antarkursus (teks sama, atau ≥ ${NEAR_DUPLICATE * 100} % kata sama): ${duplicates.length}`);
  for (const { a, b, similarity } of duplicates) {
    console.log(`  ${a.slug} ${a.question.key} ≈ ${b.slug} ${b.question.key} (${percent(similarity, 1)}): "${a.question.prompt.slice(0, 80)}"`);
  }
  if (duplicates.length > 0) broken.push(`${duplicates.length} pasang soal kembar antarkursus`);

  if (broken.length === 0) {
    console.log(`\n${courses.length} kursus memenuhi aturan kurikulum.`);
    return 0;
  }
  console.log(`\nTidak memenuhi aturan kurikulum:\n${broken.map((line) => `  - ${line}`).join('\n')}`);
  return 1;
}

process.exit(main());
