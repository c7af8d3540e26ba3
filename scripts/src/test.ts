/**
 * `npm test`: every workspace's jest suite in turn, then one closing line `tests: N passed, N failed`.
 * Each suite writes its jest JSON report under test-results/, which this sums.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });

interface Suite {
  name: string;
  cwd: string;
  args: string[];
}

const suites: Suite[] = [
  { name: 'api', cwd: 'api', args: ['jest'] },
  { name: 'web', cwd: 'web', args: ['jest', '--config', 'jest.config.cjs'] },
];

let passed = 0;
let failed = 0;
let crashed = false;
for (const suite of suites) {
  const report = path.join(results, `${suite.name}-jest.json`);
  rmSync(report, { force: true });
  console.log(`\n=== ${suite.name} ===`);
  const run = spawnSync('npx', [...suite.args, '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
    cwd: path.join(root, suite.cwd),
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  });
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites: number };
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
    if (summary.numRuntimeErrorTestSuites > 0) crashed = true;
  }
  if (run.status !== 0) crashed = true;
}

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(crashed || failed > 0 ? 1 : 0);
