/**
 * The seeded draw of an attempt: which questions, and in which order each one's options are shown. The same seed
 * always gives the same attempt (mulberry32, a small well-known 32-bit PRNG; this is about fairness and
 * reproducibility, not secrecy: the questions shown are not secret, the answers stay on the server).
 *
 * The draw is balanced by module (package format v2): every module with questions in the bank gives about the same
 * number, and a post-test's `scenario_share` is guaranteed by construction. `scenarioGuarantee` is the one
 * description of what the draw can produce: the checker and `content:summary` use it to judge a bank.
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
  /** The module id it belongs to; questions without one (format v1) form one group. */
  module?: string | null;
  /** Only `scenario` counts toward the scenario share; a question without a kind is not a scenario. */
  kind?: string | null;
}

export interface DrawnItem {
  questionId: string;
  /** `order[shown] = original`; null when the question has no options. */
  order: number[] | null;
}

export interface DrawOptions {
  /** Percent (0–100) of the draw that must be scenario questions, when the bank allows. */
  scenarioShare?: number;
}

/** Questions of one module in one bank, by kind. */
export interface ModuleCounts {
  scenario: number;
  knowledge: number;
}

/** ceil(share × draw / 100): the scenario questions every draw must hold. */
export function requiredScenario(draw: number, share: number): number {
  return Math.ceil((share * draw) / 100);
}

/**
 * How many questions each module gives, before the random part: water-filling, so that no module gives two more than
 * another unless it has run out. `base[m]` = min(size, level); the remaining `extra` go one each to `extra` distinct
 * modules chosen at random among `open` (those with questions left above the level).
 */
export function moduleQuotaPlan(sizes: readonly number[], count: number): { base: number[]; open: number[]; extra: number } {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const wanted = Math.max(0, Math.min(count, total));
  let level = 0;
  while (sizes.reduce((sum, size) => sum + Math.min(size, level + 1), 0) <= wanted && sizes.some((size) => size > level)) level += 1;
  const base = sizes.map((size) => Math.min(size, level));
  const extra = wanted - base.reduce((sum, n) => sum + n, 0);
  const open = sizes.flatMap((size, index) => (size > level ? [index] : []));
  return { base, open, extra };
}

/** Every quota vector the draw can produce (one per choice of the modules that give one more). */
export function possibleQuotas(sizes: readonly number[], count: number): number[][] {
  const { base, open, extra } = moduleQuotaPlan(sizes, count);
  const result: number[][] = [];
  const choose = (from: number, left: number, quota: number[]) => {
    if (left === 0) {
      result.push([...quota]);
      return;
    }
    for (let i = from; i <= open.length - left; i += 1) {
      quota[open[i]] += 1;
      choose(i + 1, left - 1, quota);
      quota[open[i]] -= 1;
    }
  };
  choose(0, extra, [...base]);
  return result;
}

export interface ScenarioGuarantee {
  /** ceil(share × draw / 100). */
  required: number;
  /** The fewest scenario questions the worst module quota lets a draw hold at most. */
  worstCapacity: number;
  /** That worst quota, per module (in the order given). */
  worstQuota: number[];
  /** The fewest scenario questions any draw holds (the draw takes at least `required` when it can). */
  minimumScenario: number;
  /** Every possible draw holds at least `required` scenario questions. */
  feasible: boolean;
}

/** What the balanced draw guarantees for a bank with these module counts (the checker's and the summary's measure). */
export function scenarioGuarantee(modules: readonly ModuleCounts[], draw: number, share: number): ScenarioGuarantee {
  const sizes = modules.map((counts) => counts.scenario + counts.knowledge);
  const required = requiredScenario(Math.min(draw, sizes.reduce((sum, size) => sum + size, 0)), share);
  let worstCapacity = Infinity;
  let worstQuota: number[] = sizes.map(() => 0);
  let minimumScenario = Infinity;
  for (const quota of possibleQuotas(sizes, draw)) {
    const capacity = quota.reduce((sum, q, m) => sum + Math.min(q, modules[m].scenario), 0);
    const forced = quota.reduce((sum, q, m) => sum + Math.max(0, q - modules[m].knowledge), 0);
    if (capacity < worstCapacity) {
      worstCapacity = capacity;
      worstQuota = quota;
    }
    minimumScenario = Math.min(minimumScenario, Math.max(forced, Math.min(required, capacity)));
  }
  if (worstCapacity === Infinity) worstCapacity = 0;
  if (minimumScenario === Infinity) minimumScenario = 0;
  return { required, worstCapacity, worstQuota, minimumScenario, feasible: worstCapacity >= required };
}

function isScenario(question: DrawableQuestion): boolean {
  return question.kind === 'scenario';
}

/** Questions grouped by module, modules in the order they first appear in the bank (so the draw is reproducible). */
function byModule(bank: readonly DrawableQuestion[]): DrawableQuestion[][] {
  const groups = new Map<string, DrawableQuestion[]>();
  for (const question of bank) {
    const key = question.module ?? '';
    const group = groups.get(key);
    if (group) group.push(question);
    else groups.set(key, [question]);
  }
  return [...groups.values()];
}

interface ModulePick {
  taken: DrawableQuestion[];
  rest: DrawableQuestion[];
}

/** Swaps a taken knowledge question for an unused scenario question of the same module until `required` is met. */
function raiseScenarios(picks: ModulePick[], required: number, random: () => number): void {
  let scenarios = picks.reduce((sum, pick) => sum + pick.taken.filter(isScenario).length, 0);
  while (scenarios < required) {
    const candidates = picks.filter((pick) => pick.taken.some((q) => !isScenario(q)) && pick.rest.some(isScenario));
    if (candidates.length === 0) return;
    const pick = candidates[Math.floor(random() * candidates.length)];
    const knowledge = pick.taken.map((q, i) => (isScenario(q) ? -1 : i)).filter((i) => i >= 0);
    const scenario = pick.rest.map((q, i) => (isScenario(q) ? i : -1)).filter((i) => i >= 0);
    const out = knowledge[Math.floor(random() * knowledge.length)];
    const into = scenario[Math.floor(random() * scenario.length)];
    [pick.taken[out], pick.rest[into]] = [pick.rest[into], pick.taken[out]];
    scenarios += 1;
  }
}

/**
 * Draws `count` questions (all when the bank is smaller) balanced by module, at least ceil(scenarioShare × count /
 * 100) of them scenario questions when the bank allows, in a seeded order, each with its options shuffled.
 */
export function drawAttempt(bank: readonly DrawableQuestion[], count: number, seed: number, options: DrawOptions = {}): DrawnItem[] {
  const random = mulberry32(seed);
  const groups = byModule(bank);
  const { base, open, extra } = moduleQuotaPlan(
    groups.map((group) => group.length),
    count,
  );
  for (const m of shuffled(open, random).slice(0, extra)) base[m] += 1;
  const picks = groups.map((group, m) => {
    const order = shuffled(group, random);
    return { taken: order.slice(0, base[m]), rest: order.slice(base[m]) };
  });
  const drawn = base.reduce((sum, n) => sum + n, 0);
  raiseScenarios(picks, requiredScenario(drawn, options.scenarioShare ?? 0), random);
  return shuffled(
    picks.flatMap((pick) => pick.taken),
    random,
  ).map((question) => ({
    questionId: question.id,
    order: question.optionCount > 0 ? shuffled(Array.from({ length: question.optionCount }, (_, i) => i), random) : null,
  }));
}
