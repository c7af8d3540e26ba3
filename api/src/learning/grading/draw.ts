/**
 * The seeded draw of an attempt: which questions, and in which order each one's options are shown. The same seed
 * always gives the same attempt (mulberry32, a small well-known 32-bit PRNG; this is about fairness and
 * reproducibility, not secrecy: the questions shown are not secret, the answers stay on the server).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given random source; returns a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export interface DrawableQuestion {
  id: string;
  /** Number of options; 0 (true/false) keeps no order. */
  optionCount: number;
}

export interface DrawnItem {
  questionId: string;
  /** `order[shown] = original`; null when the question has no options. */
  order: number[] | null;
}

/** Draws `count` questions (all when the bank is smaller) in a seeded order, each with its options shuffled. */
export function drawAttempt(bank: readonly DrawableQuestion[], count: number, seed: number): DrawnItem[] {
  const random = mulberry32(seed);
  return shuffled(bank, random)
    .slice(0, Math.max(0, count))
    .map((question) => ({
      questionId: question.id,
      order: question.optionCount > 0 ? shuffled(Array.from({ length: question.optionCount }, (_, i) => i), random) : null,
    }));
}
