/**
 * A realistic synthetic data set over the real regions, built inside PostgreSQL with INSERT … SELECT over
 * generate_series (multi-row inserts with no round trips): workers with pillars and completion rates that vary by
 * province and kecamatan, enrollments in the courses of their pillar, pre-test and post-test attempts with scores,
 * certificates (some expired, some revoked). Used by `npm run seed:synthetic` and the reports tests.
 *
 * Synthetic rows are recognisable: phones +62855…, certificate numbers `SINTETIS/…`, status list -1 (never served).
 */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface SyntheticOptions {
  workers: number;
  /** Only kecamatan under this code (e.g. '32.72'); default: every kecamatan. */
  under?: string;
  /** Reproducible randomness in [-1, 1]. */
  seed?: number;
  /** Called after each step with its name and duration. */
  onStep?: (step: string, ms: number) => void;
  /**
   * Also give each post-test attempt the questions it drew from the version's real bank and graded answers (for the
   * studio's item analysis). Off by default: it multiplies the rows written, so only the small demo region asks for it.
   */
  itemResults?: boolean;
}

export interface SyntheticResult {
  workers: number;
  enrollments: number;
  attempts: number;
  certificates: number;
}

/** A pg Client answers `{ rows }`, TypeORM the rows themselves. */
const count = async (db: Queryable, sql: string): Promise<number> => {
  const result = (await db.query(sql)) as { n: string }[] | { rows: { n: string }[] };
  return Number((Array.isArray(result) ? result : result.rows)[0].n);
};

export async function seedSynthetic(db: Queryable, options: SyntheticOptions): Promise<SyntheticResult> {
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    await db.query(sql, params);
    options.onStep?.(name, Date.now() - started);
  };
  await db.query(`SELECT setseed($1)`, [options.seed ?? 0.42]);
  const offset = await count(db, `SELECT count(*) AS n FROM users WHERE phone LIKE '+62855%'`);
  const under = options.under ?? null;

  // Kecamatan with a propensity to complete (0.15…0.95) that varies by province and within it.
  await step(
    'kecamatan',
    `CREATE TEMP TABLE syn_kec ON COMMIT PRESERVE ROWS AS
     SELECT row_number() OVER (ORDER BY code) - 1 AS k, code,
            least(0.95, greatest(0.15, 0.25 + 0.45 * ((hashtext(split_part(code, '.', 1)) & 1023) / 1023.0)
                                          + 0.3 * (((hashtext(code) & 1023) / 1023.0) - 0.5))) AS propensity,
            (hashtext(split_part(code, '.', 1)) & 7) AS mix
       FROM regions WHERE level = 'DISTRICT' AND ($1::varchar IS NULL OR code LIKE $1 || '.%')`,
    [under],
  );
  const kecamatan = await count(db, `SELECT count(*) AS n FROM syn_kec`);
  if (kecamatan === 0) throw new Error(`No kecamatan under ${under}`);

  // Ids are time-ordered (uuidv7, monotonic within a session) and rows are generated in that order, so every insert
  // appends to the b-tree indexes on ids instead of writing all over them (random UUIDs made 1M rows slow).
  // Workers: one TKSK per kecamatan first, then the other pillars in a mix that depends on the province.
  await step(
    'workers',
    `CREATE TEMP TABLE syn_workers ON COMMIT PRESERVE ROWS AS
     SELECT uuidv7() AS id, w.* FROM (
     SELECT i, k.code AS region_code, k.propensity,
            (CASE WHEN i <= $2 THEN 'TKSK'
                  ELSE (ARRAY['TAGANA','PSM','PSM','KARANG_TARUNA','KARANG_TARUNA','PENDAMPING_PKH','PENDAMPING_PKH','SLRT','TAGANA','PSM'])
                       [1 + ((i * 7 + k.mix * 3 + floor(random() * 3)::int) % 10)] END)::pillar AS pillar,
            (ARRAY['Siti','Budi','Dewi','Agus','Rina','Joko','Sri','Andi','Wati','Hendra','Yuni','Rahmat','Nur','Eko','Lina','Asep'])[1 + floor(random() * 16)::int]
              || ' ' ||
            (ARRAY['Rahayu','Santoso','Lestari','Saputra','Wulandari','Hidayat','Kusuma','Nugroho','Permata','Setiawan','Maulana','Pratama'])[1 + floor(random() * 12)::int]
              || ' ' || ($3 + i) AS name,
            CASE WHEN random() < 0.9 THEN 'ACTIVE' ELSE 'INVITED' END::user_status AS status
       FROM generate_series(1, $1) AS i
       JOIN syn_kec k ON k.k = ((i - 1) % $2)
      ORDER BY i) w`,
    [options.workers, kecamatan, offset],
  );
  await step(
    'users',
    `INSERT INTO users (id, name, phone, role, pillar, region_code, status, activated_at, created_at, updated_at)
     SELECT id, name, '+62855' || lpad(($1 + i)::text, 9, '0'), 'PESERTA', pillar, region_code, status,
            CASE WHEN status = 'ACTIVE' THEN now() - interval '1 day' * floor(random() * 1400) END, now() - interval '4 years', now()
       FROM syn_workers ORDER BY id`,
    [offset],
  );

  // The courses of each pillar (published current versions), ranked: the first is the pillar's basic course.
  await step(
    'courses',
    `CREATE TEMP TABLE syn_courses ON COMMIT PRESERVE ROWS AS
     SELECT p.pillar::pillar AS pillar, c.id AS course_id, v.id AS version_id, v.hours, v.title,
            row_number() OVER (PARTITION BY p.pillar ORDER BY (v.pillars::text[] @> ARRAY[p.pillar]) DESC, c.slug) AS rank
       FROM courses c JOIN course_versions v ON v.id = c.current_version_id
       CROSS JOIN unnest(enum_range(NULL::pillar)::text[]) AS p(pillar)
      WHERE v.pillars::text[] && ARRAY[p.pillar, 'SEMUA']`,
  );

  // Enrollments: the basic course for most, others for some; how far each got depends on the kecamatan's propensity.
  await step(
    'enrollments',
    `CREATE TEMP TABLE syn_enrollments ON COMMIT PRESERVE ROWS AS
     SELECT uuidv7() AS id, user_id, name, region_code, pillar, course_id, version_id, hours, title,
            CASE WHEN u < propensity * 0.85 THEN 'COMPLETED' WHEN u < propensity * 0.85 + 0.2 THEN 'STARTED' ELSE 'ENROLLED' END AS stage,
            now() - interval '1 day' * floor(random() * 1460) AS enrolled_at, random() AS r1, random() AS r2, random() AS r3
       FROM (SELECT w.id AS user_id, w.name, w.region_code, w.pillar, w.propensity, c.course_id, c.version_id, c.hours, c.title, c.rank,
                    random() AS u, random() AS pick
               FROM syn_workers w JOIN syn_courses c ON c.pillar = w.pillar
              ORDER BY w.id, c.course_id) d
      WHERE (rank = 1 AND pick < 0.85) OR (rank > 1 AND pick < 0.3)`,
  );
  await step(
    'enrollments insert',
    `INSERT INTO enrollments (id, user_id, course_id, course_version_id, status, lessons_finished, pretest_score, best_posttest_score, gain,
                              posttest_attempts, completed_at, created_at, updated_at)
     SELECT id, user_id, course_id, version_id,
            CASE WHEN stage = 'COMPLETED' THEN 'COMPLETED' ELSE 'ACTIVE' END::enrollment_status,
            CASE stage WHEN 'COMPLETED' THEN 5 WHEN 'STARTED' THEN 1 + floor(r1 * 4)::int ELSE 0 END,
            CASE WHEN stage <> 'ENROLLED' THEN round((25 + r1 * 50)::numeric, 1) END,
            CASE WHEN stage = 'COMPLETED' THEN round((70 + r2 * 30)::numeric, 1) WHEN stage = 'STARTED' AND r3 < 0.3 THEN round((30 + r2 * 39)::numeric, 1) END,
            CASE WHEN stage = 'COMPLETED' THEN round((70 + r2 * 30)::numeric, 1) - round((25 + r1 * 50)::numeric, 1)
                 WHEN stage = 'STARTED' AND r3 < 0.3 THEN round((30 + r2 * 39)::numeric, 1) - round((25 + r1 * 50)::numeric, 1) END,
            CASE WHEN stage = 'COMPLETED' THEN 1 + floor(r3 * 2)::int WHEN stage = 'STARTED' AND r3 < 0.3 THEN 1 + floor(r3 * 10)::int ELSE 0 END,
            CASE WHEN stage = 'COMPLETED' THEN enrolled_at + interval '1 day' * (1 + floor(r1 * 30)) END,
            enrolled_at,
            CASE WHEN stage = 'COMPLETED' THEN enrolled_at + interval '1 day' * (1 + floor(r1 * 30))
                 ELSE least(now(), enrolled_at + interval '1 day' * floor(r2 * 60)) END
       FROM syn_enrollments ORDER BY id`,
  );

  // Attempts: a pre-test for everyone who began, post-tests (failed ones, then the passed one) as the enrollment says.
  await step(
    'attempts',
    `INSERT INTO quiz_attempts (id, enrollment_id, kind, number, status, seed, items, started_at, submitted_at, score, passed, correct_count)
     SELECT uuidv7(), a.* FROM (
     SELECT e.id, 'pretest'::quiz_kind, 1, 'SUBMITTED'::attempt_status, 0, '[]'::jsonb, e.created_at, e.created_at, e.pretest_score, NULL::boolean, round(e.pretest_score / 10)::int
       FROM enrollments e JOIN syn_enrollments s ON s.id = e.id WHERE e.pretest_score IS NOT NULL
     UNION ALL
     SELECT e.id, 'posttest'::quiz_kind, n, 'SUBMITTED'::attempt_status, n, '[]'::jsonb, e.updated_at, e.updated_at,
            CASE WHEN n = e.posttest_attempts THEN e.best_posttest_score ELSE greatest(0, e.best_posttest_score - 5 - n) END,
            e.completed_at IS NOT NULL AND n = e.posttest_attempts, 0
       FROM enrollments e JOIN syn_enrollments s ON s.id = e.id CROSS JOIN LATERAL generate_series(1, e.posttest_attempts) AS n
      WHERE e.best_posttest_score IS NOT NULL
      ORDER BY 1, 2, 3) a`,
  );

  if (options.itemResults) await step('item results', ITEM_RESULTS_SQL);

  // Certificates for most completions: valid 36 months (older ones have expired), 2% revoked.
  const listOffset = await count(db, `SELECT coalesce(max(status_list_index), 0) AS n FROM certificates WHERE status_list_id = -1`);
  await step(
    'certificates',
    `INSERT INTO certificates (id, enrollment_id, user_id, course_version_id, course_id, number, year, regency_code, sequence, verification_code,
                               holder_name, pillar, region_code, region_label, course_title, hours, completed_at, issued_at, valid_until,
                               issuer_name, signatory_name, signatory_title, status_list_id, status_list_index, credential, revoked_at, revocation_reason)
     SELECT uuidv7(), s.id, s.user_id, s.version_id, s.course_id, 'SINTETIS/' || ($1 + n), extract(year FROM e.completed_at)::int,
            left(s.region_code, 5), ($1 + n)::int, 'SYN-' || lpad(($1 + n)::text, 12, '0'), s.name, s.pillar::text, s.region_code, s.region_code,
            s.title, s.hours, e.completed_at, e.completed_at + interval '1 hour', e.completed_at + interval '1 hour' + interval '36 months',
            'Dinas Sosial', 'Kepala Dinas Sosial', 'Kepala Dinas', -1, ($1 + n)::int, '{}',
            CASE WHEN s.r3 > 0.98 THEN e.completed_at + interval '30 days' END, CASE WHEN s.r3 > 0.98 THEN 'DATA_ERROR' END::certificate_revocation_reason
       FROM (SELECT s.*, row_number() OVER (ORDER BY s.id) AS n FROM syn_enrollments s WHERE s.stage = 'COMPLETED' AND s.r2 < 0.92) s
       JOIN enrollments e ON e.id = s.id
      ORDER BY s.id`,
    [listOffset],
  );
  const result: SyntheticResult = {
    workers: options.workers,
    enrollments: await count(db, `SELECT count(*) AS n FROM syn_enrollments`),
    attempts: await count(db, `SELECT count(*) AS n FROM quiz_attempts a JOIN syn_enrollments s ON s.id = a.enrollment_id`),
    certificates: await count(db, `SELECT count(*) AS n FROM certificates c JOIN syn_enrollments s ON s.id = c.enrollment_id`),
  };
  await db.query(`DROP TABLE syn_enrollments, syn_courses, syn_workers, syn_kec`);
  return result;
}

/**
 * Each synthetic post-test draws `draw` questions of its version's post-test bank (no shuffled options): the first five
 * always (a small region has too few attempts to reach the analysis' minimum otherwise), the rest at random, and
 * answers them with a chance of being right that depends on the question's place in the bank, so the item analysis
 * has something to say: questions 1–3 almost everyone gets right (too easy), question 4 the weaker workers get right
 * more often (negative discrimination), question 5 almost nobody (too hard), the others follow the attempt's score.
 * A wrong answer is another option (single), the other truth value, or one option alone (multiple).
 */
const ITEM_RESULTS_SQL = `
WITH drawn AS (
  SELECT a.id AS attempt_id, a.score, q.id AS question_id, q.type, q.answer, q.position,
         coalesce(jsonb_array_length(q.options), 2) AS option_count, (v.settings->'posttest'->>'draw')::int AS draw,
         row_number() OVER (PARTITION BY a.id ORDER BY q.position <= 5 DESC, random()) AS pick
    FROM quiz_attempts a
    JOIN syn_enrollments s ON s.id = a.enrollment_id
    JOIN course_versions v ON v.id = s.version_id
    JOIN questions q ON q.version_id = v.id AND q.bank = v.settings->'posttest'->>'bank'
   WHERE a.kind = 'posttest'
), answered AS (
  SELECT attempt_id, question_id, type, answer, option_count, pick,
         random() < CASE WHEN position <= 3 THEN 0.98
                         WHEN position = 4 THEN 0.95 - 0.8 * score / 100
                         WHEN position = 5 THEN 0.03
                         ELSE least(0.95, greatest(0.05, score / 100 - 0.15 + 0.3 * random())) END AS correct,
         floor(random() * (option_count - 1))::int AS wrong_shift
    FROM drawn WHERE pick <= draw
), graded AS (
  SELECT attempt_id, pick, question_id, CASE WHEN correct THEN 1 ELSE 0 END AS credit,
         CASE WHEN correct THEN answer
              WHEN type = 'true_false' THEN to_jsonb(NOT answer::text::boolean)
              WHEN type = 'multiple' THEN jsonb_build_array(((answer->>0)::int + 1) % option_count)
              ELSE to_jsonb(((answer::text)::int + 1 + wrong_shift) % option_count) END AS given
    FROM answered
), per_attempt AS (
  SELECT attempt_id,
         jsonb_agg(jsonb_build_object('questionId', question_id, 'order', NULL) ORDER BY pick) AS items,
         jsonb_agg(jsonb_build_object('questionId', question_id, 'credit', credit, 'answer', given) ORDER BY pick) AS results,
         sum(credit)::int AS correct_count
    FROM graded GROUP BY attempt_id
)
UPDATE quiz_attempts a SET items = p.items, results = p.results, correct_count = p.correct_count
  FROM per_attempt p WHERE a.id = p.attempt_id`;

/** How many synthetic workers (phones +62855…) are registered in the region or under it. */
export function syntheticWorkersUnder(db: Queryable, code: string): Promise<number> {
  return countOf(db, `SELECT count(*) AS n FROM users WHERE phone LIKE '+62855%' AND (region_code = $1 OR region_code LIKE $1 || '.%')`, [code]);
}

/** How many courses have a published current version (the synthetic enrollments need some). */
export function publishedCourses(db: Queryable): Promise<number> {
  return countOf(db, `SELECT count(*) AS n FROM courses c JOIN course_versions v ON v.id = c.current_version_id`, []);
}

async function countOf(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const result = (await db.query(sql, params)) as { n: string }[] | { rows: { n: string }[] };
  return Number((Array.isArray(result) ? result : result.rows)[0].n);
}

/** Runs `work` holding a session advisory lock on `db` (one connection), so two instances starting at once seed once. */
export async function withSessionLock<T>(db: Queryable, lock: number, work: () => Promise<T>): Promise<T> {
  await db.query(`SELECT pg_advisory_lock($1)`, [lock]);
  try {
    return await work();
  } finally {
    await db.query(`SELECT pg_advisory_unlock($1)`, [lock]).catch(() => undefined);
  }
}
