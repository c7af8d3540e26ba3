/**
 * `npm test`: first the static checks (ESLint, one tsc per workspace, in parallel) and the schema-drift spec, then
 * every workspace's jest suite in turn, then one closing line `tests: N passed, N failed` (each check counts as one).
 * Each suite writes its jest JSON report under test-results/, which this sums. Extra arguments go to every jest.
 * With TEST_API_ALSO_ON=<directory holding another `node`> (CI sets it to Node 22's), the API suite runs once more
 * with that Node first on PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { portInUse } from '../../api/src/database/port';
import { tsxArgs } from './script-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });

interface Suite {
  name: string;
  cwd: string;
  args: string[];
  env?: Record<string, string>;
}

let passed = 0;
let failed = 0;
let crashed = false;

function run(suite: Suite): void {
  const report = path.join(results, `${suite.name.replace(/\W+/g, '-')}-jest.json`);
  rmSync(report, { force: true });
  console.log(`\n=== ${suite.name} ===`);
  const child = spawnSync('npx', [...suite.args, '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
    cwd: path.join(root, suite.cwd),
    stdio: 'inherit',
    env: { ...process.env, ...suite.env },
  });
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites: number };
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
    if (summary.numRuntimeErrorTestSuites > 0) crashed = true;
  }
  if (child.status !== 0) crashed = true;
}

/** The platform suites once more against a PostgreSQL started apart from them, given only as DATABASE_URL. */
async function runAgainstExternalDatabase(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bimtek-external-pg-'));
  let port = 55000 + (process.pid % 900);
  while (await portInUse(port)) port++;
  const db = spawn(process.execPath, tsxArgs(root, 'scripts/src/db.ts'), {
    cwd: root,
    env: { ...process.env, BIMTEK_DATA_DIR: dataDir, PGPORT: String(port), PGDATABASE: 'bimtek_external' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    db.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /PostgreSQL ready: (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    db.on('exit', () => reject(new Error(`the external PostgreSQL did not start:\n${output}`)));
  });
  try {
    run({
      name: 'api against DATABASE_URL',
      cwd: 'api',
      args: ['jest', 'test/integration/health.spec.ts', 'test/integration/regions.spec.ts'],
      env: { DATABASE_URL: url },
    });
  } finally {
    const exited = new Promise((resolve) => db.on('exit', resolve));
    db.kill('SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What the suites need beyond Node, as .ci/run installs it: one line with the apt-get command when something is missing. */
function checkPrerequisites(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing: { what: string; packages: string[] }[] = [];
  if (!existsSync(chromium)) {
    missing.push({ what: `chromium (${chromium}, for the browser tests)`, packages: ['chromium', 'fonts-dejavu-core'] });
  }
  if (spawnSync('pdftoppm', ['-v']).error) {
    missing.push({ what: 'poppler-utils (pdftoppm, for the certificate PDF tests)', packages: ['poppler-utils'] });
  }
  if (missing.length === 0) return;
  const what = missing.map((item) => item.what).join(' and ');
  const packages = missing.flatMap((item) => item.packages).join(' ');
  console.error(`npm test needs Debian's ${what}; install with: sudo apt-get install ${packages}`);
  process.exit(1);
}

interface Check {
  name: string;
  command: string;
  args: string[];
}

/** Runs one check to the end, keeping its output to print in one piece (the checks run side by side). */
function runCheck(check: Check): Promise<{ check: Check; ok: boolean; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => (output += `${error.message}\n`));
    child.on('close', (code) => resolve({ check, ok: code === 0, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** ESLint and the type checks, in parallel; each counts as one test in the closing line. */
async function runChecks(): Promise<void> {
  console.log('\n=== checks: lint, typecheck ===');
  const checks: Check[] = [
    { name: 'lint (eslint --max-warnings 0)', command: 'npm', args: ['run', 'lint', '--silent'] },
    ...['api', 'web', 'scripts'].map((workspace) => ({
      name: `typecheck ${workspace} (tsc --noEmit)`,
      command: 'npm',
      args: ['run', 'typecheck', '--silent', '-w', workspace],
    })),
  ];
  for (const { check, ok, output, seconds } of await Promise.all(checks.map(runCheck))) {
    if (output.trim()) console.log(output.trimEnd());
    console.log(`${ok ? '✓' : '✕'} ${check.name} (${seconds.toFixed(1)} s)`);
    if (ok) passed++;
    else failed++;
  }
}

/** The API suite once more with another Node first on PATH (jest and the processes it starts use it). */
function runApiOnOtherNode(binDir: string): void {
  const version = spawnSync(path.join(binDir, 'node'), ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.error(`TEST_API_ALSO_ON=${binDir} holds no working node`);
    crashed = true;
    return;
  }
  run({
    name: `api on Node ${version.stdout.trim()}`,
    cwd: 'api',
    args: ['jest'],
    env: { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` },
  });
}

checkPrerequisites();
await runChecks();
run({ name: 'api schema drift', cwd: 'api', args: ['jest', 'test/integration/schema-drift.spec.ts'] });
run({ name: 'api', cwd: 'api', args: ['jest', '--testPathIgnorePatterns=/node_modules/', '--testPathIgnorePatterns=schema-drift'] });
await runAgainstExternalDatabase().catch((error) => {
  console.error(error);
  crashed = true;
});
if (process.env.TEST_API_ALSO_ON) runApiOnOtherNode(process.env.TEST_API_ALSO_ON);
run({ name: 'web', cwd: 'web', args: ['jest', '--config', 'jest.config.cjs'] });
// The learner's app in Chromium at 360×640 (the whole app started on free ports): playwright-core, axe, screenshots.
run({ name: 'web browser', cwd: 'web', args: ['jest', '--config', 'test/browser/jest.config.cjs'] });
run({ name: 'scripts', cwd: 'scripts', args: ['jest', '--config', 'jest.config.cjs'] });

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(crashed || failed > 0 ? 1 : 0);
