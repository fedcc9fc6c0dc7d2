// `npm test`: typecheck, lint, format check, build, unit and integration tests (Vitest), then the browser specs
// (Playwright in Debian's Chromium; the Electron specs say plainly when they are skipped). Ends
// with one plain line, `N passed, N failed, N skipped`, summed over every suite, because CI reads
// that line (Vitest's and Playwright's own summaries are not ones it knows).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(name, command, args) {
  process.stdout.write(`\n── ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

function readReport(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

for (const [name, args] of [
  ['typecheck (node side)', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (web side)', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
  ['lint', ['eslint', '.']],
  ['format', ['prettier', '--check', '.']],
]) {
  if (!run(name, npx, args)) totals.failed++;
}
if (!run('build', 'npm', ['run', 'build', '--silent'])) totals.failed++;

rmSync('test-results/vitest.json', { force: true });
const vitestOk = run('unit and integration tests', npx, ['vitest', 'run']);
const vitest = readReport('test-results/vitest.json');
if (vitest) {
  totals.passed += vitest.numPassedTests;
  // Unhandled errors fail the run without failing a test: count them, or the line would lie.
  totals.failed += vitest.numFailedTests + (!vitestOk && vitest.numFailedTests === 0 ? 1 : 0);
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
} else {
  totals.failed++;
  failedSteps.push('vitest wrote no report');
}

rmSync('test-results/e2e.json', { force: true });
const e2eOk = run('browser specs', npx, ['playwright', 'test']);
const e2e = readReport('test-results/e2e.json');
if (e2e) {
  totals.passed += e2e.stats.expected + e2e.stats.flaky;
  totals.failed += e2e.stats.unexpected + (!e2eOk && e2e.stats.unexpected === 0 ? 1 : 0);
  totals.skipped += e2e.stats.skipped;
} else {
  totals.failed++;
  failedSteps.push('playwright wrote no report');
}

process.stdout.write(`\n${failedSteps.length > 0 ? `failed: ${failedSteps.join(', ')}\n` : ''}`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
