import fc from 'fast-check';
import { drawAttempt, possibleQuotas, requiredScenario, scenarioGuarantee, type DrawableQuestion, type ModuleCounts } from './draw';

/** A bank with the given scenario/knowledge counts per module, questions of a module not adjacent (bank order mixed). */
function bankOf(modules: readonly ModuleCounts[]): DrawableQuestion[] {
  const questions: DrawableQuestion[] = [];
  modules.forEach((counts, m) => {
    for (let i = 0; i < counts.scenario + counts.knowledge; i += 1) {
      questions.push({ id: `m${m}-q${i}`, optionCount: i % 3 === 0 ? 0 : 4, module: `modul-${m}`, kind: i < counts.scenario ? 'scenario' : 'knowledge' });
    }
  });
  return questions.sort((a, b) => a.id.split('-q')[1].localeCompare(b.id.split('-q')[1]) || a.id.localeCompare(b.id));
}

const modulesArbitrary = fc.array(fc.record({ scenario: fc.integer({ min: 0, max: 8 }), knowledge: fc.integer({ min: 0, max: 8 }) }), { minLength: 1, maxLength: 5 });

describe('balanced draw', () => {
  it('draws the right count, no question twice, modules within one of each other unless one ran out, the scenario minimum whenever it is feasible', () => {
    fc.assert(
      fc.property(modulesArbitrary, fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (modules, count, share, seed) => {
        const bank = bankOf(modules);
        const drawn = drawAttempt(bank, count, seed, { scenarioShare: share });
        expect(drawn).toHaveLength(Math.min(count, bank.length));
        expect(new Set(drawn.map((item) => item.questionId)).size).toBe(drawn.length);

        const byId = new Map(bank.map((question) => [question.id, question]));
        const taken = modules.map((_, m) => drawn.filter((item) => byId.get(item.questionId)!.module === `modul-${m}`).length);
        const sizes = modules.map((counts) => counts.scenario + counts.knowledge);
        for (let a = 0; a < modules.length; a += 1) {
          for (let b = 0; b < modules.length; b += 1) {
            // A module gives two fewer than another only when it has nothing left.
            if (taken[a] < taken[b] - 1) expect(taken[a]).toBe(sizes[a]);
          }
        }
        expect(possibleQuotas(sizes, count)).toContainEqual(taken);

        const scenarios = drawn.filter((item) => byId.get(item.questionId)!.kind === 'scenario').length;
        const guarantee = scenarioGuarantee(modules, count, share);
        expect(scenarios).toBeGreaterThanOrEqual(guarantee.minimumScenario);
        if (guarantee.feasible) expect(scenarios).toBeGreaterThanOrEqual(requiredScenario(drawn.length, share));
      }),
      { numRuns: 500 },
    );
  });

  it('draws the same attempt from the same seed, options a permutation', () => {
    const bank = bankOf([
      { scenario: 5, knowledge: 5 },
      { scenario: 2, knowledge: 6 },
      { scenario: 4, knowledge: 1 },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 25 }), (seed, count) => {
        const first = drawAttempt(bank, count, seed, { scenarioShare: 60 });
        expect(drawAttempt(bank, count, seed, { scenarioShare: 60 })).toEqual(first);
        for (const item of first) {
          const optionCount = bank.find((q) => q.id === item.questionId)!.optionCount;
          if (optionCount === 0) expect(item.order).toBeNull();
          else expect([...item.order!].sort()).toEqual([0, 1, 2, 3]);
        }
      }),
    );
  });

  it('takes floor(draw / modules) from each module and the remainder from distinct modules', () => {
    const bank = bankOf([
      { scenario: 4, knowledge: 4 },
      { scenario: 4, knowledge: 4 },
      { scenario: 4, knowledge: 4 },
    ]);
    for (let seed = 0; seed < 50; seed += 1) {
      const drawn = drawAttempt(bank, 10, seed);
      const perModule = [0, 1, 2].map((m) => drawn.filter((item) => item.questionId.startsWith(`m${m}-`)).length).sort();
      expect(perModule).toEqual([3, 3, 4]);
    }
  });

  it('fills from the other modules when one has too few questions', () => {
    const bank = bankOf([
      { scenario: 1, knowledge: 0 },
      { scenario: 5, knowledge: 5 },
      { scenario: 5, knowledge: 5 },
    ]);
    const drawn = drawAttempt(bank, 9, 7);
    expect([0, 1, 2].map((m) => drawn.filter((item) => item.questionId.startsWith(`m${m}-`)).length)).toEqual([1, 4, 4]);
  });

  it('judges a bank by its worst possible draw', () => {
    // Two modules of 5 questions, draw 5: one module gives 3, the other 2. Scenario questions only in module 0.
    const lopsided = [
      { scenario: 5, knowledge: 0 },
      { scenario: 0, knowledge: 5 },
    ];
    expect(scenarioGuarantee(lopsided, 5, 60)).toMatchObject({ required: 3, worstCapacity: 2, worstQuota: [2, 3], feasible: false, minimumScenario: 2 });
    expect(scenarioGuarantee(lopsided, 5, 40)).toMatchObject({ required: 2, feasible: true, minimumScenario: 2 });
    const mixed = [
      { scenario: 4, knowledge: 1 },
      { scenario: 4, knowledge: 1 },
    ];
    // Every draw of 5 must hold at least 3 scenarios (a module of 3 has at most 1 knowledge question).
    expect(scenarioGuarantee(mixed, 5, 0)).toMatchObject({ required: 0, feasible: true, minimumScenario: 3 });
  });

  it('draws differently for different seeds', () => {
    const bank = bankOf([
      { scenario: 6, knowledge: 4 },
      { scenario: 6, knowledge: 4 },
      { scenario: 6, knowledge: 4 },
    ]);
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => drawAttempt(bank, 10, seed, { scenarioShare: 60 }).map((item) => item.questionId).join()));
    expect(draws.size).toBeGreaterThan(15);
  });
});
