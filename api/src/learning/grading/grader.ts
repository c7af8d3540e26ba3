import type { QuestionType } from '../../courses/course-package';

/** A question as the grader sees it: the key in the bank's own option order. */
export interface GradableQuestion {
  type: QuestionType;
  /** Number of options (0 for true/false). */
  optionCount: number;
  /** Zero-based index (single), indexes (multiple) or true/false. */
  key: number | number[] | boolean;
}

/** An answer in the bank's option order; null or undefined when the question was left unanswered. */
export type GradableAnswer = number | number[] | boolean | null | undefined;

/**
 * The credit (0…1) an answer earns. single: the exact option. true_false: the same truth value. multiple: exactly
 * the key's options, in any order, all-or-nothing; with `partialCredit`, (right picks − wrong picks) ÷ options in
 * the key, never below 0.
 */
export function creditFor(question: GradableQuestion, answer: GradableAnswer, partialCredit = false): number {
  if (answer === null || answer === undefined) return 0;
  switch (question.type) {
    case 'single':
      return typeof answer === 'number' && answer === question.key ? 1 : 0;
    case 'true_false':
      return typeof answer === 'boolean' && answer === question.key ? 1 : 0;
    case 'multiple': {
      if (!Array.isArray(answer) || !Array.isArray(question.key)) return 0;
      const key = new Set(question.key);
      const picked = new Set(answer);
      let right = 0;
      let wrong = 0;
      for (const option of picked) {
        if (key.has(option)) right += 1;
        else wrong += 1;
      }
      if (key.size === 0) return picked.size === 0 ? 1 : 0;
      if (!partialCredit) return right === key.size && wrong === 0 ? 1 : 0;
      return Math.max(0, (right - wrong) / key.size);
    }
    default:
      return 0;
  }
}

/** A percentage with one decimal: 100 × the credits earned ÷ the questions asked (0 when none were asked). */
export function scoreOf(credits: readonly number[]): number {
  if (credits.length === 0) return 0;
  const earned = credits.reduce((sum, credit) => sum + Math.min(1, Math.max(0, credit)), 0);
  return Math.round((earned * 1000) / credits.length) / 10;
}

/** Why an answer does not fit its question (in Indonesian, for the learner), or null when it fits. */
export function answerShapeProblem(type: QuestionType, optionCount: number, answer: unknown): string | null {
  const isIndex = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) < optionCount;
  switch (type) {
    case 'single':
      return isIndex(answer) ? null : `jawabannya harus satu nomor pilihan dari 0 sampai ${optionCount - 1}`;
    case 'multiple':
      if (!Array.isArray(answer) || !answer.every(isIndex)) {
        return `jawabannya harus daftar nomor pilihan dari 0 sampai ${optionCount - 1}, misalnya [0, 2]`;
      }
      return new Set(answer).size === answer.length ? null : 'jawabannya memuat nomor pilihan yang sama lebih dari sekali';
    case 'true_false':
      return typeof answer === 'boolean' ? null : 'jawabannya harus true (benar) atau false (salah)';
    default:
      return 'jenis soal tidak dikenal';
  }
}
