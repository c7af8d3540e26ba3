/**
 * `npm test`: every workspace's jest suite in turn, then one closing line `tests: N passed, N failed`.
 * Each suite writes its jest JSON report under test-results/, which this sums. Extra arguments go to every jest.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { portInUse } from '../../api/src/database/port';

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
  const db = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/src/db.ts'], {
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

run({ name: 'api', cwd: 'api', args: ['jest'] });
await runAgainstExternalDatabase().catch((error) => {
  console.error(error);
  crashed = true;
});
run({ name: 'web', cwd: 'web', args: ['jest', '--config', 'jest.config.cjs'] });
// The learner's app in Chromium at 360×640 (the whole app started on free ports): playwright-core, axe, screenshots.
run({ name: 'web browser', cwd: 'web', args: ['jest', '--config', 'test/browser/jest.config.cjs'] });
run({ name: 'scripts', cwd: 'scripts', args: ['jest', '--config', 'jest.config.cjs'] });

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(crashed || failed > 0 ? 1 : 0);
