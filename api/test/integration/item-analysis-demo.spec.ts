/** Issue #18: the demo's synthetic post-tests carry graded answers, so the item analysis of a seeded course has flags. */
import path from 'node:path';
import { DataSource } from 'typeorm';
import { seedDemoReports } from '../../src/reports/demo-reports';
import { RollupMaintenance } from '../../src/reports/rollup-maintenance';
import { seedDemoAccounts } from '../../src/users/demo-accounts';
import { createTestApp, type TestApp } from '../test-app';

interface AnalysedItem {
  questionId: string;
  prompt: string | null;
  answers: number;
  difficulty: number;
  discrimination: number;
  optionCounts: number[];
  enough: boolean;
  flags: string[];
}

describe('item analysis of the demo data', () => {
  let t: TestApp;
  const contentDir = process.env.CONTENT_DIR;
  beforeAll(async () => {
    // The repository's course folders, as `npm start` names them: the analysis shows each question's prompt from its package.
    process.env.CONTENT_DIR = path.resolve(__dirname, '../../../content/courses');
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    if (contentDir === undefined) delete process.env.CONTENT_DIR;
    else process.env.CONTENT_DIR = contentDir;
  });

  it('flags questions of the most-taken seeded course, with the numbers a direct SQL computation gives', async () => {
    const db = t.app.get(DataSource);
    await seedDemoAccounts(db);
    await seedDemoReports(db, t.app.get(RollupMaintenance));
    const [course] = await db.query(
      `SELECT c.id, c.slug, count(*)::int AS attempts FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id JOIN courses c ON c.id = e.course_id
        WHERE a.kind = 'posttest' AND a.results IS NOT NULL GROUP BY c.id, c.slug ORDER BY count(*) DESC, c.slug LIMIT 1`,
    );
    expect(course.attempts).toBeGreaterThan(30);

    const login = await t.http.post('/api/auth/login').send({ phone: '081100000003', password: 'demo-pelatih-2026' }).expect(200);
    const analysis = (await t.http.get(`/api/studio/courses/${course.slug}/item-analysis`).set({ Authorization: `Bearer ${login.body.token}` }).expect(200)).body;
    const items = analysis.items as AnalysedItem[];
    const flags = new Set(items.flatMap((item) => item.flags));
    for (const flag of ['too_easy', 'too_hard', 'negative_discrimination']) expect([flag, flags.has(flag)]).toEqual([flag, true]);
    // Every question is named by its key in the bank, with its prompt.
    expect(items.every((item) => item.prompt !== null)).toBe(true);

    // The question with negative discrimination recomputed in SQL: answers, share correct, upper minus lower 27 % by
    // score (equal scores may fall either side of a group's edge, so D lies between the two ways of breaking ties).
    const checked = items.find((item) => item.flags.includes('negative_discrimination'))!;
    const [direct] = await db.query(
      `WITH answers AS (
         SELECT a.score, (r.value->>'credit')::numeric AS credit
           FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id JOIN questions q ON q.version_id = e.course_version_id
           CROSS JOIN LATERAL jsonb_array_elements(a.results) AS r(value)
          WHERE e.course_id = $1 AND a.status = 'SUBMITTED' AND q.key = $2 AND r.value->>'questionId' = q.id::text
       ), ranked AS (
         SELECT credit, count(*) OVER () AS n, ceil(0.27 * count(*) OVER ()) AS g,
                row_number() OVER (ORDER BY score DESC, credit DESC) AS rank_high, row_number() OVER (ORDER BY score DESC, credit) AS rank_low
           FROM answers
       )
       SELECT count(*)::int AS answers, avg(credit)::float AS difficulty,
              (avg(credit) FILTER (WHERE rank_high <= g) - avg(credit) FILTER (WHERE rank_high > n - g))::float AS highest,
              (avg(credit) FILTER (WHERE rank_low <= g) - avg(credit) FILTER (WHERE rank_low > n - g))::float AS lowest
         FROM ranked`,
      [course.id, checked.questionId],
    );
    expect(checked.answers).toBe(direct.answers);
    expect(checked.difficulty).toBeCloseTo(direct.difficulty, 3);
    expect(checked.answers).toBeGreaterThanOrEqual(30);
    expect(checked.discrimination).toBeGreaterThanOrEqual(direct.lowest - 0.001);
    expect(checked.discrimination).toBeLessThanOrEqual(direct.highest + 0.001);
    expect(checked.discrimination).toBeLessThan(0);
  });
});
