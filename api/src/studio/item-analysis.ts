/**
 * Item analysis (issue #18), a pure computation over graded attempts:
 * - difficulty p = the mean credit on the question (share correct; partial credit counts as its fraction);
 * - discrimination D = p(upper 27 %) − p(lower 27 %), the groups taken among the attempts that drew the question,
 *   ranked by the attempt's score (ties keep submission order), each group ⌈0.27 n⌉ attempts;
 * - how often each option was chosen (in the bank's own option numbers, the shown order undone);
 * - flags once a question has at least `minAnswers` answers: too easy (p > 0.9), too hard (p < 0.2), negative
 *   discrimination (D < 0), an option nobody chose.
 */

export type ItemFlag = 'too_easy' | 'too_hard' | 'negative_discrimination' | 'unused_option';

export interface AnalysedAttempt {
  kind: string;
  score: number;
  items: Array<{ questionId: string; order: number[] | null }>;
  results: Array<{ questionId: string; credit: number; answer: number | number[] | boolean | null }>;
}

export interface ItemStats {
  questionId: string;
  kind: string;
  answers: number;
  difficulty: number;
  discrimination: number;
  /** Times each option (bank numbering) was chosen; for true/false [false, true]. */
  optionCounts: number[];
  enough: boolean;
  flags: ItemFlag[];
}

export const MIN_ANSWERS = 30;
const GROUP_SHARE = 0.27;

interface Response {
  score: number;
  credit: number;
  chosen: number[];
}

function chosenOptions(answer: number | number[] | boolean | null, order: number[] | null): number[] {
  if (answer === null) return [];
  if (typeof answer === 'boolean') return [answer ? 1 : 0];
  const shown = Array.isArray(answer) ? answer : [answer];
  return shown.map((index) => (order ? order[index] ?? index : index));
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function analyseItems(attempts: readonly AnalysedAttempt[], optionCountOf: (questionId: string) => number | null, minAnswers = MIN_ANSWERS): ItemStats[] {
  const byQuestion = new Map<string, { kind: string; responses: Response[] }>();
  for (const attempt of attempts) {
    const orders = new Map(attempt.items.map((item) => [item.questionId, item.order]));
    for (const result of attempt.results) {
      const entry = byQuestion.get(result.questionId) ?? { kind: attempt.kind, responses: [] };
      entry.responses.push({ score: attempt.score, credit: result.credit, chosen: chosenOptions(result.answer, orders.get(result.questionId) ?? null) });
      byQuestion.set(result.questionId, entry);
    }
  }
  return [...byQuestion].map(([questionId, { kind, responses }]) => {
    const n = responses.length;
    const difficulty = mean(responses.map((response) => response.credit));
    // Stable sort: equal scores keep their order, so the groups are reproducible.
    const ranked = responses.map((response, index) => ({ response, index })).sort((a, b) => b.response.score - a.response.score || a.index - b.index);
    const groupSize = Math.max(1, Math.ceil(GROUP_SHARE * n));
    const upper = mean(ranked.slice(0, groupSize).map((entry) => entry.response.credit));
    const lower = mean(ranked.slice(-groupSize).map((entry) => entry.response.credit));
    const discrimination = upper - lower;
    const optionTotal = Math.max(optionCountOf(questionId) ?? 0, ...responses.flatMap((response) => response.chosen.map((option) => option + 1)));
    const optionCounts = Array.from({ length: optionTotal }, () => 0);
    for (const response of responses) for (const option of response.chosen) if (option >= 0 && option < optionTotal) optionCounts[option] += 1;
    const enough = n >= minAnswers;
    const flags: ItemFlag[] = [];
    if (enough) {
      if (difficulty > 0.9) flags.push('too_easy');
      if (difficulty < 0.2) flags.push('too_hard');
      if (discrimination < 0) flags.push('negative_discrimination');
      if (optionCounts.some((count) => count === 0)) flags.push('unused_option');
    }
    return { questionId, kind, answers: n, difficulty: round(difficulty), discrimination: round(discrimination), optionCounts, enough, flags };
  }).sort((a, b) => b.flags.length - a.flags.length || a.questionId.localeCompare(b.questionId));
}
