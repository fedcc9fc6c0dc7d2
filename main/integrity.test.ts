import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemo } from './demo';
import { TraceIndex } from './index/traceIndex';
import { Worker } from 'node:worker_threads';
import { IntegrityChecks } from './integrity';
import { workerFile } from './workers/workerFile';
import { readKernelFindings, readText } from './integrityRead';
import { attemptStarts, kernelFile } from '../shared/analysis/treeQuery';

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
});

describe('the integrity checks of a live run', () => {
  it('reads each kernel once, and again when it changes: a kernel rewritten into a hack is flagged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-integrity-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeDemo(dir, { ops: 1, tasksPerOp: 2, eventLog: false });
    const index = await TraceIndex.open(dir, { rewalkMs: 0 });
    cleanup.push(() => index.close());
    await index.watching;
    const checks = new IntegrityChecks(index);
    const first = await checks.report();
    // The demo's kernels are honest Triton kernels, each checked against its torch reference.
    expect(first.checked).toBeGreaterThan(0);
    expect(first.unread).toEqual([]);
    expect(first.flags.filter((flag) => flag.severity !== 'note')).toEqual([]);
    const kernel = index.paths().find((path) => path.startsWith('akg_agents_logs/') && path.endsWith('_triton_cuda_impl.py'))!;
    const original = await readFile(join(dir, kernel), 'utf8');
    await writeFile(join(dir, kernel), original.replace(/^(\s*)return o$/m, '$1return torch.relu(x)  # the framework, not the kernel'));
    await expect
      .poll(async () => (await checks.report()).flags.filter((flag) => flag.file === kernel).map((flag) => flag.rule), { timeout: 10_000 })
      .toContain('reference-ops');
  });

  it('reads many kernels on two threads, each taking the next one free: the same findings as one thread; a root put in another place reads nothing there', async () => {
    const index = await TraceIndex.open(fileURLToPath(new URL('../test/fixtures/samples', import.meta.url)), { watch: false });
    cleanup.push(() => index.close());
    const one = await new IntegrityChecks(index, { threadFrom: Number.POSITIVE_INFINITY }).report();
    expect(one.flags.filter((flag) => flag.severity === 'hack').length).toBeGreaterThan(0);
    // The other thread reading them all, and both at once.
    expect(await new IntegrityChecks(index, { threadFrom: 0, readsHere: 0 }).report()).toEqual(one);
    expect(await new IntegrityChecks(index, { threadFrom: 0 }).report()).toEqual(one);
    // The thread alone reads every kernel as this thread does.
    const kernels = index
      .snapshot()
      .tree.runs.flatMap((run) => run.ops.flatMap((op) => op.tasks.flatMap((task) => attemptStarts(task).map((step) => ({ step, op })))))
      .flatMap(({ step, op }) => (kernelFile(step) ? [{ file: kernelFile(step)!, reference: step.referenceFile, op: op.name }] : []));
    const onThread = (identity: string) => {
      const thread = new Worker(workerFile('codeCheck')!);
      cleanup.push(() => thread.terminate());
      const answer = new Promise((resolve) => thread.once('message', resolve));
      thread.postMessage({ root: index.root, identity, kernels, next: new Int32Array(new SharedArrayBuffer(4)) });
      return answer;
    };
    const here = await Promise.all(kernels.map((wanted) => readKernelFindings(index.gate, wanted, (path) => readText(index.gate, path))));
    expect(await onThread((await index.gate.rootIdentity())!)).toEqual({ found: here.map((findings, i) => [i, findings]) });
    // It checks that its root is the caller's: another folder in its place is not read.
    expect(await onThread('0:0')).toEqual({ error: `${index.root}: another folder is in its place` });
  });

  it('flags a kernel timed below the roofline its verify folder wrote as JSON, and lets it go when the roofline is skipped again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-integrity-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await cp(fileURLToPath(new URL('../test/fixtures/samples/autoresearch_ws_2026-06', import.meta.url)), dir, { recursive: true });
    const verify = 'ar_tasks/softmax_1796312452_6dde31/.ar_state/akg_verify/softmax/Iterationsoftmax_Step1_verify';
    const roofline = join(dir, verify, 'roofline_profile_result.json');
    const skipped = await readFile(roofline, 'utf8');
    // Round 1 ran in 4381 µs: a roofline of 5000 µs says no kernel could.
    await writeFile(roofline, JSON.stringify({ success: true, skipped: false, time_us: 5000, bottleneck: 'memory' }));
    const index = await TraceIndex.open(dir, { rewalkMs: 0 });
    cleanup.push(() => index.close());
    await index.watching;
    const checks = new IntegrityChecks(index);
    const flagged = async () => (await checks.report()).flags.filter((flag) => flag.rule === 'below-roofline').map((flag) => [flag.step, flag.evidence]);
    expect(await flagged()).toEqual([
      [1, expect.stringMatching(new RegExp(`^generation_time 4381\\.\\d+ us < roofline 5000 us \\(${verify}/roofline_profile_result\\.json\\)$`))],
    ]);
    await writeFile(roofline, skipped);
    await expect.poll(flagged, { timeout: 10_000 }).toEqual([]);
  });
});
