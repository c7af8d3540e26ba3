import fc from 'fast-check';
import { answerShapeProblem, creditFor, scoreOf, type GradableQuestion } from './grader';
import { drawAttempt } from './draw';

/** A question of any type with a valid key, and its option count. */
const question: fc.Arbitrary<GradableQuestion> = fc.oneof(
  fc.integer({ min: 2, max: 8 }).chain((n) => fc.integer({ min: 0, max: n - 1 }).map((key): GradableQuestion => ({ type: 'single', optionCount: n, key }))),
  fc
    .integer({ min: 2, max: 8 })
    .chain((n) =>
      fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }).map((key): GradableQuestion => ({ type: 'multiple', optionCount: n, key: [...key].sort((a, b) => a - b) })),
    ),
  fc.boolean().map((key): GradableQuestion => ({ type: 'true_false', optionCount: 0, key })),
);

/** Any well-shaped answer to a question (or none). */
function answerTo(q: GradableQuestion): fc.Arbitrary<number | number[] | boolean | null> {
  switch (q.type) {
    case 'single':
      return fc.option(fc.integer({ min: 0, max: q.optionCount - 1 }), { nil: null });
    case 'multiple':
      return fc.option(fc.uniqueArray(fc.integer({ min: 0, max: q.optionCount - 1 }), { maxLength: q.optionCount }), { nil: null });
    default:
      return fc.option(fc.boolean(), { nil: null });
  }
}

const quiz = fc.array(question.chain((q) => answerTo(q).map((answer) => ({ q, answer }))), { minLength: 1, maxLength: 30 });

describe('grader', () => {
  it('scores every quiz between 0 and 100 with at most one decimal', () => {
    fc.assert(
      fc.property(quiz, fc.boolean(), (items, partial) => {
        const score = scoreOf(items.map(({ q, answer }) => creditFor(q, answer, partial)));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(Math.round(score * 10) / 10).toBe(score);
      }),
    );
  });

  it('gives 100 when every answer is the key', () => {
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 30 }), fc.boolean(), (questions, partial) => {
        expect(scoreOf(questions.map((q) => creditFor(q, q.key, partial)))).toBe(100);
      }),
    );
  });

  it('does not care in which order the options of a multiple-answer question are picked', () => {
    fc.assert(
      fc.property(
        question.filter((q) => q.type === 'multiple').chain((q) => fc.tuple(fc.constant(q), answerTo(q).filter(Array.isArray))),
        fc.boolean(),
        ([q, answer], partial) => {
          const picks = answer as number[];
          const reversed = [...picks].reverse();
          const rotated = [...picks.slice(1), ...picks.slice(0, 1)];
          const credit = creditFor(q, picks, partial);
          expect(creditFor(q, reversed, partial)).toBe(credit);
          expect(creditFor(q, rotated, partial)).toBe(credit);
        },
      ),
    );
  });

  it('gives no credit for an unanswered question and never more than the key earns', () => {
    fc.assert(
      fc.property(quiz, fc.boolean(), (items, partial) => {
        for (const { q, answer } of items) {
          expect(creditFor(q, null, partial)).toBe(0);
          const credit = creditFor(q, answer, partial);
          expect(credit).toBeGreaterThanOrEqual(0);
          expect(credit).toBeLessThanOrEqual(creditFor(q, q.key, partial));
        }
      }),
    );
  });

  it('grades multiple answers all-or-nothing unless the quiz gives partial credit', () => {
    const q: GradableQuestion = { type: 'multiple', optionCount: 4, key: [0, 2] };
    expect(creditFor(q, [2, 0])).toBe(1);
    expect(creditFor(q, [0])).toBe(0);
    expect(creditFor(q, [0, 1, 2])).toBe(0);
    expect(creditFor(q, [0], true)).toBe(0.5);
    expect(creditFor(q, [0, 1, 2], true)).toBe(0.5);
    expect(creditFor(q, [1, 3], true)).toBe(0);
  });

  it('does not accept a truthy stand-in for true/false or a string for an index', () => {
    expect(creditFor({ type: 'true_false', optionCount: 0, key: true }, 1)).toBe(0);
    expect(creditFor({ type: 'single', optionCount: 4, key: 1 }, true)).toBe(0);
    expect(creditFor({ type: 'single', optionCount: 4, key: 1 }, [1])).toBe(0);
  });

  it('rounds to one decimal', () => {
    expect(scoreOf([1, 1, 0])).toBe(66.7);
    expect(scoreOf([1, 0, 0])).toBe(33.3);
    expect(scoreOf([])).toBe(0);
  });

  it('names what is wrong with a badly shaped answer', () => {
    expect(answerShapeProblem('single', 4, 4)).toMatch(/0 sampai 3/);
    expect(answerShapeProblem('single', 4, [1])).not.toBeNull();
    expect(answerShapeProblem('single', 4, 1.5)).not.toBeNull();
    expect(answerShapeProblem('multiple', 4, 1)).not.toBeNull();
    expect(answerShapeProblem('multiple', 4, [1, 1])).toMatch(/lebih dari sekali/);
    expect(answerShapeProblem('true_false', 0, 'true')).not.toBeNull();
    expect(answerShapeProblem('multiple', 4, [])).toBeNull();
  });
});

describe('drawAttempt', () => {
  const bank = Array.from({ length: 30 }, (_, i) => ({ id: `q${i}`, optionCount: i % 3 === 0 ? 0 : 4 }));

  it('draws the same attempt from the same seed, distinct questions, options a permutation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 40 }), (seed, count) => {
        const first = drawAttempt(bank, count, seed);
        expect(drawAttempt(bank, count, seed)).toEqual(first);
        expect(first).toHaveLength(Math.min(count, bank.length));
        expect(new Set(first.map((item) => item.questionId)).size).toBe(first.length);
        for (const item of first) {
          const optionCount = bank.find((q) => q.id === item.questionId)!.optionCount;
          if (optionCount === 0) expect(item.order).toBeNull();
          else expect([...item.order!].sort()).toEqual([0, 1, 2, 3]);
        }
      }),
    );
  });

  it('draws differently for different seeds', () => {
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => drawAttempt(bank, 10, seed).map((item) => item.questionId).join()));
    expect(draws.size).toBeGreaterThan(15);
  });
});
