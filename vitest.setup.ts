/**
 * Before the tests on the sources: build the node side, so that the worker threads they start
 * (main/workers/*.ts, run from dist/workers/) are the code under test, never an older build.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
}
