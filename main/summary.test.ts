import { mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeDemo } from './demo';
import { TraceIndex } from './index/traceIndex';
import { compareRuns } from '../shared/analysis/runCompare';
import { IntegrityChecks } from './integrity';
import { EventQueries } from './events/eventQueries';
import { RunSummaries } from './summary';
import { FolderTimes } from './index/folderTimes';

const SAMPLES = fileURLToPath(new URL('../test/fixtures/samples/', import.meta.url));
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
});

async function summaryOf(dir: string, options: { watch?: boolean } = {}) {
  const index = await TraceIndex.open(dir, { watch: options.watch ?? false });
  cleanup.push(() => index.close());
  return { index, summaries: new RunSummaries(index) };
}

describe("the app's summary and the integrity check", () => {
  it('does not wait for a check of many kernels: the numbers come first, and say the flags are not in yet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-summary-check-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeDemo(dir, { ops: 2, tasksPerOp: 3, eventLog: false });
    const index = await TraceIndex.open(dir, { watch: false });
    cleanup.push(() => index.close());
    const integrity = new IntegrityChecks(index);
    // Every check counts as long here: none is waited for.
    const summaries = new RunSummaries(index, integrity, new EventQueries(index), 0);
    summaries.prepare();
    const first = await summaries.summary({ waitForChecks: false });
    expect(integrity.toRead).toBeGreaterThan(0);
    expect(first.integrityChecked).toBe(false);
    await integrity.report();
    expect(integrity.toRead).toBe(0);
    // Every kernel is kept now: the next check reads none, and is waited for.
    const second = await summaries.summary({ waitForChecks: false });
    expect(second.integrityChecked).toBe(true);
    expect(second.runs).toEqual(first.runs.map((run) => expect.objectContaining({ path: run.path, totals: run.totals })));
  });
});

describe('run summaries of the samples', () => {
  it('era A: every task passed on its third attempt, no timing (the profiler wrote zeros)', async () => {
    const { summaries } = await summaryOf(`${SAMPLES}aikg_v0_2025-06`);
    const [run] = (await summaries.summary()).runs;
    expect(run).toMatchObject({ path: 'aikg_logs/Task_vjcpfugt', kind: 'kernel', failuresByKind: { import: 2 }, events: null });
    expect(run!.totals).toEqual({
      ops: 1,
      opsPassed: 1,
      tasks: 2,
      tasksPassed: 2,
      attempts: 6,
      verifiedAttempts: 4,
      passAt1: 0,
      passAtK: 1,
      k: 3,
      geomeanBestSpeedup: null,
      geomeanTrustedBestSpeedup: null,
      attemptsToFirstPass: { median: 3, distribution: { 3: 2 } },
    });
    expect(run!.ops[0]).toMatchObject({ name: 'exp_add_op', best: null, attemptsToFirstPass: { median: 3, perTask: { 0: 3, 1: 3 } } });
  });

  it("era B: the best kernel is the verify folder's implementation of the step that reached 1.87x", async () => {
    const { summaries } = await summaryOf(`${SAMPLES}aikg_v1_2026-01`);
    const [run] = (await summaries.summary()).runs;
    expect(run!.totals).toMatchObject({ tasks: 3, tasksPassed: 2, attempts: 6, verifiedAttempts: 6, passAt1: 0, passAtK: 2 / 3, k: 2 });
    expect(run!.totals.geomeanBestSpeedup).toBeCloseTo(1.8734, 9); // one op: its best
    expect(run!.failuresByKind).toEqual({ 'numerical mismatch': 3, runtime: 1 });
    const op = run!.ops[0]!;
    expect(op.best).toMatchObject({
      task: '1_0_0',
      step: 4,
      statusSource: 'verification_results',
      file: 'aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_0_0_S05_verify/Square_matrix_multiplication__triton_cuda_impl.py',
      resultFile: 'aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_0_0_S04_Square_matrix_multiplication__coder_result.txt',
    });
    expect(op.previousBest).toBeNull(); // task 1_1_0 reached the same 1.87x: not better
    // ... and it is `return A @ B`: no kernel at all. No best is left that can be trusted.
    expect(op.best!.integrity).toBe('hack');
    expect(op.trustedBest).toBeNull();
    expect(run!.totals.geomeanTrustedBestSpeedup).toBeNull();
    expect(run!.flagged).toEqual({ hack: 6, suspicious: 0 });
    expect(op.taskOutcomes.map((task) => [task.id, task.outcome, task.attemptsToFirstPass])).toEqual([
      ['1_0_0', 'passed', 2],
      ['1_0_1', 'failed', null],
      ['1_1_0', 'passed', 2],
    ]);
  });

  it('era C: the best rose from 0.80x to 0.90x to 1.23x in the order the run made its tasks', async () => {
    const { summaries } = await summaryOf(`${SAMPLES}akg_agents_v2_2026-03`);
    const [run] = (await summaries.summary()).runs;
    expect(run!.totals).toMatchObject({
      tasks: 3,
      tasksPassed: 3,
      attempts: 5,
      passAt1: 1 / 3,
      passAtK: 1,
      attemptsToFirstPass: { median: 2, distribution: { 1: 1, 2: 2 } },
    });
    expect(run!.ops[0]!.best).toMatchObject({ task: '_Gen1_Task3', step: 3, speedup: 1.230673 });
    expect(run!.ops[0]!.best!.timing).toMatchObject({ rooflineTimeUs: expect.any(Number) });
    expect(run!.ops[0]!.previousBest).toMatchObject({ task: '_Init_Task2', step: 1, speedup: 0.90137 });
    expect(run!.failuresByKind).toEqual({ 'numerical mismatch': 2 });
  });

  it('agent runs: their events, LLM calls, tokens and first and last event as written; tokens not logged are unknown, not 0', async () => {
    const doc = await (await summaryOf(`${SAMPLES}mm_agent_documented_mcm_killer`)).summaries.summary();
    const run = doc.runs.find((candidate) => candidate.path === '2025_C_20260119-101530')!;
    expect(run).toMatchObject({ kind: 'agent', ops: [], totals: { tasks: 0, passAt1: null, geomeanBestSpeedup: null } });
    // The real trackers write one api_call per call, with its tokens and latency; v2 writes each call twice (counted once).
    const v1 = (await (await summaryOf(`${SAMPLES}mm_agent_real_v1_comprehensive`)).summaries.summary()).runs[0]!;
    expect(v1.events).toMatchObject({ llmCalls: 1, tokens: 2333, llmSeconds: 12.48 });
    const v2 = (await (await summaryOf(`${SAMPLES}mm_agent_real_v2_lean`)).summaries.summary()).runs[0]!;
    expect(v2.events).toMatchObject({ llmCalls: 1, tokens: 2333, llmSeconds: 12.48 });
    // A log with no call: no tokens, no time: unknown, not 0.
    expect(doc.runs.find((candidate) => candidate.path.endsWith('_crash'))!.events).toMatchObject({ llmCalls: 0, tokens: null, llmSeconds: null });
    expect(run.events).toEqual({
      logs: 1,
      total: 12,
      errors: 5,
      llmCalls: 1,
      llmErrors: 4,
      tokens: 2300, // tokens_used of its one llm_call_end
      llmSeconds: 0.00002, // its one call, start to end (the sample's clock is in microseconds)
      codeSeconds: null, // no code run in it: not known, not 0
      firstAt: expect.stringMatching(/^2026-/),
      lastAt: expect.stringMatching(/^2026-/),
      written: null, // no usage file beside it
    });
  });

  it("an MM-Agent run's own usage files: the tokens its pipeline counted, its runtime, the calls it summarised, each with its file", async () => {
    const run = (await (await summaryOf(`${SAMPLES}mm_agent_usage_2026-01`)).summaries.summary()).runs[0]!;
    const memory = 'MMAgent/output/MM-Agent/2025_C_20261203-154441/Memory';
    expect(run.kind).toBe('agent');
    // The log's 50 api_call events sum to the usage file's total (their flat twins are not counted again).
    expect(run.events).toMatchObject({ llmCalls: 50, tokens: 94117 });
    expect(run.events!.written).toEqual({
      tokens: { total: 94117, prompt: 88985, completion: 5132, files: [`${memory}/usage/2025_C.json`] },
      runtime: { seconds: 55.41, file: `${memory}/usage/runtime.txt` },
      summarisedCalls: 18,
    });
  });
});

describe('every sample', () => {
  it('summarises to totals that add up, with no number the logs do not hold', async () => {
    const doc = await (await summaryOf(SAMPLES)).summaries.summary();
    expect(doc.runs).toHaveLength(14);
    for (const run of doc.runs) {
      const t = run.totals;
      expect(t.ops).toBe(run.ops.length);
      expect(t.tasks).toBe(run.ops.reduce((n, op) => n + op.tasks, 0));
      expect(t.tasksPassed).toBe(run.ops.reduce((n, op) => n + op.passedTasks, 0));
      expect(t.attempts).toBe(run.ops.reduce((n, op) => n + op.attempts, 0));
      expect(run.kind).toBe(run.path.startsWith('autoresearch_') ? 'autoresearch' : run.ops.length > 0 ? 'kernel' : 'agent');
      // Nothing is NaN or made up: a share without tasks, a mean without timings are null.
      expect(JSON.stringify(run)).not.toMatch(/NaN|Infinity/);
      if (t.tasks === 0) expect([t.passAt1, t.passAtK, t.geomeanBestSpeedup]).toEqual([null, null, null]);
      for (const op of run.ops) if (op.best) expect(op.best.speedup).toBeGreaterThan(0);
    }
  });

  it('compares each kernel run with itself (every ratio 1) and with another (no op in common: each listed apart)', async () => {
    const doc = await (await summaryOf(SAMPLES)).summaries.summary();
    const kernels = doc.runs.filter((run) => run.kind === 'kernel');
    expect(kernels).toHaveLength(6);
    for (const run of kernels) {
      const self = compareRuns(run, run);
      expect(self.ops.map((op) => op.speedupRatio)).toEqual(run.ops.map((op) => (op.best ? 1 : null)));
      expect([self.onlyInBaseline, self.onlyInOther]).toEqual([[], []]);
      for (const other of kernels.filter((candidate) => candidate !== run)) {
        const comparison = compareRuns(run, other);
        expect(comparison.ops).toEqual([]);
        expect(comparison.onlyInBaseline).toEqual(run.ops.map((op) => op.name));
        expect(comparison.onlyInOther).toEqual(other.ops.map((op) => op.name));
      }
    }
  });
});

describe('an AutoResearch run', () => {
  it('summarises with the keys of a kernel run: rounds are attempts, a task passes when a round after the seed was kept', async () => {
    const doc = await (await summaryOf(`${SAMPLES}autoresearch_ws_2026-06`)).summaries.summary();
    expect(doc.runs).toHaveLength(1);
    const [run] = doc.runs;
    expect(run).toMatchObject({
      path: 'ar_tasks/softmax_1796312452_6dde31',
      kind: 'autoresearch',
      totals: {
        ops: 1,
        opsPassed: 1,
        tasks: 1,
        tasksPassed: 1,
        attempts: 5,
        verifiedAttempts: 5,
        k: 5,
        attemptsToFirstPass: { median: 1, distribution: { 1: 1 } },
      },
      failuresByKind: { 'numerical mismatch': 1 },
    });
    const op = run!.ops[0]!;
    expect(op.best).toMatchObject({ task: 'softmax', step: 1, speedup: expect.closeTo(0.2462, 4), statusSource: 'verification_results' });
    expect(op.best!.file).toBe('ar_tasks/softmax_1796312452_6dde31/.ar_state/akg_verify/softmax/Iterationsoftmax_Step1_verify/softmax_cpp_impl.py');
    // What round 1 beat: the seed.
    expect(op.previousBest).toMatchObject({ step: 0, speedup: expect.closeTo(0.0855, 4) });
    expect(op.taskOutcomes).toEqual([expect.objectContaining({ id: 'softmax', outcome: 'passed', attempts: 5, attemptsToFirstPass: 1, lastAttemptStep: 4 })]);
    const self = compareRuns(run!, run!);
    expect(self.ops.map((o) => [o.name, o.speedupRatio])).toEqual([['softmax', 1]]);
  });

  it('v1: kept rounds are `accepted`; the round that failed its check is counted by why it failed', async () => {
    const doc = await (await summaryOf(`${SAMPLES}autoresearch_v1_2026-04`)).summaries.summary();
    const [run] = doc.runs;
    expect(run).toMatchObject({
      kind: 'autoresearch',
      totals: { attempts: 5, tasksPassed: 1, attemptsToFirstPass: { median: 1 } },
      failuresByKind: { 'numerical mismatch': 1 },
    });
    expect(run!.ops[0]!.best).toMatchObject({ task: 'ar_248eab89', step: 4, speedup: expect.closeTo(0.1948, 4) });
  });
});

describe('run times and states', () => {
  it('reads the file times from the end of the scan, whether changes are followed at once or later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-summary-times-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    const timesAsked = vi.spyOn(FolderTimes.prototype, 'get');
    cleanup.push(async () => timesAsked.mockRestore());
    const prepared = async (followAtOnceFiles: number) => {
      const index = await TraceIndex.open(dir, { watch: 'on-follow', followAtOnceFiles });
      cleanup.push(() => index.close());
      const summaries = new RunSummaries(index);
      timesAsked.mockClear();
      summaries.prepare();
      return { index, summaries, asked: timesAsked.mock.calls.length };
    };
    // A big folder (here: any) is followed once the first summary is out, a small one at once (its
    // catch-up's files are stat'ed as they come): either way the times are walked now, and that walk serves the summary.
    for (const followAtOnceFiles of [0, Number.POSITIVE_INFINITY]) {
      const { summaries, asked } = await prepared(followAtOnceFiles);
      expect(asked).toBe(1);
      timesAsked.mockClear();
      const summary = await summaries.summary();
      expect(summary.runs.every((run) => run.lastWriteAt !== null)).toBe(true);
      expect(timesAsked.mock.results.length).toBe(1);
    }
  });

  it('takes a run’s start and last write from its files, newest run first, and follows new writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-summary-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    // The era A run finished two days ago (its files written an hour apart); era C is still running.
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const { index, summaries } = await summaryOf(dir, { watch: true });
    const oldRun = 'aikg_logs/Task_demo0a1';
    const paths = index.paths();
    for (const [i, path] of paths.filter((p) => p.startsWith(oldRun)).entries()) await utimes(join(dir, path), days(2 + i / 24), days(2 + i / 24));
    const first = await summaries.summary();
    expect(first.runs.map((run) => [run.path, run.state])).toEqual([
      ['akg_agents_logs/Task_demo0c3', 'running'],
      [oldRun, 'finished'],
    ]);
    const old = first.runs[1]!;
    expect(Date.parse(old.lastWriteAt!)).toBeCloseTo(days(2).getTime(), -4);
    expect(Date.parse(old.startedAt!)).toBeLessThan(Date.parse(old.lastWriteAt!));
    expect(old.stateReason).toBe('last write 2 d ago');
    await index.watching;
    // A file copied in with its time kept (rsync -a, cp -p): written two days ago, not now.
    const copied = join(dir, oldRun, 'notes.txt');
    await writeFile(`${copied}.part`, 'x');
    await utimes(`${copied}.part`, days(2.5), days(2.5));
    await rename(`${copied}.part`, copied);
    await index.rewalk();
    await index.settled();
    expect(index.paths()).toContain(`${oldRun}/notes.txt`);
    expect((await summaries.summary()).runs.find((run) => run.path === oldRun)).toMatchObject({ state: 'finished', lastWriteAt: old.lastWriteAt });
    // A new file in the old run: it is running again.
    await writeFile(join(dir, oldRun, 'relu', 'I9_S02_relu_DoCoder_result.txt'), 'x');
    await index.rewalk();
    await index.settled();
    const again = await summaries.summary();
    expect(again.runs.find((run) => run.path === oldRun)).toMatchObject({ state: 'running' });
  });
});
