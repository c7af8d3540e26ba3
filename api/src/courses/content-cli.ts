/**
 * `npm run content:check [path…]`: checks course packages and prints every mistake as `file:line: message`.
 * `npm run content:import [path…]`: checks, then imports into the database (DATABASE_URL, or the embedded one of
 * `npm start`: the running one when it is up, else started for the import and stopped after).
 * A path is a package folder, a folder of packages, or `content/` (the default).
 */
import path from 'node:path';
import { formatProblem } from './course-package';
import { checkCoursePackages, type NamedCheckInput } from './package-checker';
import { readPackages } from './package-files';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** npm runs scripts from the repository root; paths a person typed are relative to where they typed them. */
const userCwd = process.env.INIT_CWD ?? process.cwd();

function readAll(targets: string[]): NamedCheckInput[] {
  return targets.flatMap((target) => readPackages(path.resolve(userCwd, target), userCwd));
}

/** Prints every problem and every warning; true when there were no problems (warnings do not fail the check). */
function check(inputs: NamedCheckInput[]): boolean {
  const results = checkCoursePackages(inputs);
  const warnings = results.flatMap((result) => result.warnings.map((warning) => formatProblem({ ...warning, message: `peringatan: ${warning.message}` }, result.label)));
  for (const line of warnings) console.log(line);
  if (warnings.length > 0) console.log(`${warnings.length} peringatan (tidak menghalangi impor).\n`);
  const problems = results.flatMap((result) => result.problems.map((problem) => formatProblem(problem, result.label)));
  for (const line of problems) console.log(line);
  const broken = results.filter((result) => result.problems.length > 0).length;
  if (problems.length === 0) {
    console.log(`${results.length} paket kursus diperiksa: semuanya benar.`);
  } else {
    console.log(`\n${problems.length} kesalahan pada ${broken} dari ${results.length} paket kursus.`);
  }
  return problems.length === 0;
}

async function importPackages(targets: string[]): Promise<boolean> {
  // Loaded only here: the entities need the compiled build (decorator metadata), `check` does not.
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy loading on purpose, see above */
  const { importContentIntoDatabase, describeOutcome } = require('./course-importer') as typeof import('./course-importer');
  const { prepareDatabase } = require('../database/prepare') as typeof import('../database/prepare');
  const { startEmbeddedPostgres, ensureDatabase, portInUse } = require('../database/embedded') as typeof import('../database/embedded');
  /* eslint-enable @typescript-eslint/no-require-imports */

  let databaseUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    const port = Number(process.env.PGPORT ?? 54329);
    if (await portInUse(port)) {
      console.log(`Memakai PostgreSQL yang sedang berjalan di port ${port} (npm start).`);
      const serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}`;
      await ensureDatabase(serverUrl, 'bimtek');
      databaseUrl = `${serverUrl}/bimtek`;
    } else {
      const dataDir = path.resolve(repoRoot, process.env.BIMTEK_DATA_DIR ?? path.join('.data', 'postgres'));
      console.log(`Menyalakan PostgreSQL di port ${port} (data di ${path.relative(repoRoot, dataDir)}) untuk impor…`);
      const database = await startEmbeddedPostgres({ dataDir, port });
      await ensureDatabase(database.serverUrl, 'bimtek');
      databaseUrl = database.urlFor('bimtek');
      stop = () => database.stop();
    }
  }
  try {
    await prepareDatabase(databaseUrl);
    for (const target of targets) {
      const report = await importContentIntoDatabase(databaseUrl, path.resolve(userCwd, target), { allOrNothing: true, base: userCwd });
      for (const problem of report.problems) console.log(problem);
      if (report.problems.length > 0) return false;
      for (const outcome of report.outcomes) console.log(describeOutcome(outcome));
    }
    return true;
  } finally {
    await stop?.();
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const targets = args.length > 0 ? args : [path.join(repoRoot, 'content')];
  if (command !== 'check' && command !== 'import') {
    console.error('Pemakaian: content-cli check|import [folder…]');
    return 2;
  }
  let inputs: NamedCheckInput[];
  try {
    inputs = readAll(targets);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (inputs.length === 0) {
    console.error(`Tidak ada paket kursus di ${targets.join(', ')}.`);
    return 1;
  }
  if (!check(inputs)) return 1;
  if (command === 'check') return 0;
  return (await importPackages(targets)) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
