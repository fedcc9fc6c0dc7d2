// `npm test`: typecheck, lint, unit and integration tests (Vitest), then the browser specs once
// the UI exists. Ends with one plain line, `N passed, N failed, N skipped`, summed over every
// suite, because CI reads that line (Vitest's own summary is not one it knows).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function run(name, command, args) {
  process.stdout.write(`\n── ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

if (!run('typecheck', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit'])) totals.failed++;
if (!run('lint', npx, ['eslint', '.'])) totals.failed++;

rmSync('test-results/vitest.json', { force: true });
run('unit and integration tests', npx, ['vitest', 'run']);
if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  if (report.numTotalTests === 0) failedSteps.push('vitest ran no test');
} else {
  totals.failed++;
  failedSteps.push('vitest wrote no report');
}

process.stdout.write(`\n${failedSteps.length > 0 ? `failed: ${failedSteps.join(', ')}\n` : ''}`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
