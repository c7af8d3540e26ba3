import { analyseItems, type AnalysedAttempt } from './item-analysis';

/**
 * A hand-computed example. Four graded attempts, scores 90, 70, 50, 30 (A, B, C, D):
 *
 * q1 (single, 4 options, right = option 2): A right (shown 0, shown order [2,0,1,3] → option 2), B right (option 2),
 *    C wrong (option 0), D wrong (option 1).
 *    p = (1+1+0+0)/4 = 0.5. Groups: ⌈0.27 × 4⌉ = ⌈1.08⌉ = 2 attempts each: upper {A, B} p = 1, lower {C, D} p = 0,
 *    D = 1 − 0 = 1. Options chosen [1, 1, 2, 0]: option 3 nobody chose → unused_option.
 * q2 (true/false, right = true): A false, B false (credit 0), C true, D true (credit 1).
 *    p = 2/4 = 0.5; upper {A, B} p = 0, lower {C, D} p = 1, D = 0 − 1 = −1 → negative_discrimination. Chosen [2, 2].
 * q3 (single, 3 options, right = 1): everyone right. p = 4/4 = 1 > 0.9 → too_easy; D = 1 − 1 = 0;
 *    chosen [0, 4, 0] → unused_option.
 */
const attempts: AnalysedAttempt[] = [
  { kind: 'posttest', score: 90, items: [{ questionId: 'q1', order: [2, 0, 1, 3] }, { questionId: 'q2', order: null }, { questionId: 'q3', order: null }], results: [{ questionId: 'q1', credit: 1, answer: 0 }, { questionId: 'q2', credit: 0, answer: false }, { questionId: 'q3', credit: 1, answer: 1 }] },
  { kind: 'posttest', score: 70, items: [{ questionId: 'q1', order: null }, { questionId: 'q2', order: null }, { questionId: 'q3', order: null }], results: [{ questionId: 'q1', credit: 1, answer: 2 }, { questionId: 'q2', credit: 0, answer: false }, { questionId: 'q3', credit: 1, answer: 1 }] },
  { kind: 'posttest', score: 50, items: [{ questionId: 'q1', order: null }, { questionId: 'q2', order: null }, { questionId: 'q3', order: null }], results: [{ questionId: 'q1', credit: 0, answer: 0 }, { questionId: 'q2', credit: 1, answer: true }, { questionId: 'q3', credit: 1, answer: 1 }] },
  { kind: 'posttest', score: 30, items: [{ questionId: 'q1', order: null }, { questionId: 'q2', order: null }, { questionId: 'q3', order: null }], results: [{ questionId: 'q1', credit: 0, answer: 1 }, { questionId: 'q2', credit: 1, answer: true }, { questionId: 'q3', credit: 1, answer: 1 }] },
];
const optionCounts: Record<string, number> = { q1: 4, q2: 2, q3: 3 };

describe('item analysis', () => {
  it('equals the hand-computed example', () => {
    const stats = analyseItems(attempts, (id) => optionCounts[id] ?? null, 4);
    const byId = Object.fromEntries(stats.map((item) => [item.questionId, item]));
    expect(byId.q1).toMatchObject({ answers: 4, difficulty: 0.5, discrimination: 1, optionCounts: [1, 1, 2, 0], flags: ['unused_option'] });
    expect(byId.q2).toMatchObject({ answers: 4, difficulty: 0.5, discrimination: -1, optionCounts: [2, 2], flags: ['negative_discrimination'] });
    expect(byId.q3).toMatchObject({ answers: 4, difficulty: 1, discrimination: 0, optionCounts: [0, 4, 0], flags: ['too_easy', 'unused_option'] });
  });

  it('flags nothing before a question has enough answers (30 by default)', () => {
    const stats = analyseItems(attempts, (id) => optionCounts[id] ?? null);
    expect(stats.every((item) => !item.enough && item.flags.length === 0)).toBe(true);
  });

  it('calls a question answered by nearly nobody too hard', () => {
    const hard = Array.from({ length: 10 }, (_, i): AnalysedAttempt => ({ kind: 'pretest', score: i * 10, items: [{ questionId: 'h', order: null }], results: [{ questionId: 'h', credit: i === 9 ? 1 : 0, answer: i === 9 ? 0 : 1 }] }));
    const [stats] = analyseItems(hard, () => 2, 10);
    expect(stats).toMatchObject({ difficulty: 0.1, flags: ['too_hard'] });
  });
});
