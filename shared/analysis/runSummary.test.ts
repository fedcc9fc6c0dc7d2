import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlannedRun, runPlans, type RunPlan } from '../testing/kernelRuns';
import { compareRuns, leaderboard } from './runCompare';
import { duration, timeSpan } from './format';
import type { AutoResearchFolder } from '../model/trace';
import { loopState, median, runState, RUNNING_WITHIN_MS, type SummaryFacts, summarizeRun, summarizeTree } from './runSummary';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const noFacts: SummaryFacts = { times: () => null, errorLogs: new Map(), events: () => null, now: NOW };

function summaryOf(plan: RunPlan) {
  const tree = buildPlannedRun(plan);
  expect(tree.runs).toHaveLength(1);
  return summarizeRun(tree.runs[0]!, noFacts);
}

describe('the run summary, on generated runs with known answers', () => {
  it("a task's best speed-up is the highest of its passed attempts; attempts to first pass count coder attempts up to and including it", () => {
    fc.assert(
      fc.property(runPlans, (plan) => {
        const summary = summaryOf(plan);
        expect(summary.ops.map((op) => op.name).sort()).toEqual(plan.ops.map((op) => op.name).sort());
        for (const planned of plan.ops) {
          const op = summary.ops.find((candidate) => candidate.name === planned.name)!;
          let opBest: number | null = null;
          for (const task of planned.tasks) {
            const outcome = op.taskOutcomes.find((candidate) => candidate.id === task.id)!;
            const passedSpeedups = task.attempts.flatMap((a) => (a.outcome === 'passed' && a.speedup !== null ? [a.speedup] : []));
            const best = passedSpeedups.length > 0 ? Math.max(...passedSpeedups) : null;
            expect(outcome.best?.speedup ?? null).toBe(best);
            const firstPass = task.attempts.findIndex((a) => a.outcome === 'passed');
            expect(outcome.attemptsToFirstPass).toBe(firstPass < 0 ? null : firstPass + 1);
            expect(op.attemptsToFirstPass.perTask[task.id]).toBe(outcome.attemptsToFirstPass);
            const last = task.attempts[task.attempts.length - 1];
            expect(outcome.outcome).toBe(firstPass >= 0 ? 'passed' : !last ? 'no-attempt' : last.outcome === 'failed' ? 'failed' : 'unverified');
            if (best !== null && (opBest === null || best > opBest)) opBest = best;
          }
          expect(op.best?.speedup ?? null).toBe(opBest);
          expect(op.attempts).toBe(planned.tasks.reduce((n, task) => n + task.attempts.length, 0));
          expect(op.verifiedAttempts).toBe(planned.tasks.reduce((n, task) => n + task.attempts.filter((a) => a.outcome !== 'unverified').length, 0));
          // The best names the kernel that was verified, in the step that reached it.
          if (op.best) expect(op.best.file).toMatch(new RegExp(`/Iteration${op.best.task}_Step${String(op.best.step).padStart(2, '0')}_verify/`));
        }
        const tasks = plan.ops.flatMap((op) => op.tasks);
        const passed = tasks.filter((task) => task.attempts.some((a) => a.outcome === 'passed'));
        expect(summary.totals).toMatchObject({
          ops: plan.ops.length,
          opsPassed: plan.ops.filter((op) => op.tasks.some((task) => task.attempts.some((a) => a.outcome === 'passed'))).length,
          tasks: tasks.length,
          tasksPassed: passed.length,
          passAt1: tasks.filter((task) => task.attempts[0]?.outcome === 'passed').length / tasks.length,
          passAtK: passed.length / tasks.length,
          k: Math.max(0, ...tasks.map((task) => task.attempts.length)),
        });
        expect(summary.failuresByKind).toEqual(
          tasks.some((task) => task.attempts.some((a) => a.outcome === 'failed'))
            ? { 'numerical mismatch': tasks.reduce((n, task) => n + task.attempts.filter((a) => a.outcome === 'failed').length, 0) }
            : {},
        );
        const bests = summary.ops.flatMap((op) => (op.best?.speedup ? [op.best.speedup] : []));
        if (bests.length === 0) expect(summary.totals.geomeanBestSpeedup).toBeNull();
        else
          expect(summary.totals.geomeanBestSpeedup).toBeCloseTo(
            Math.pow(
              bests.reduce((p, s) => p * s, 1),
              1 / bests.length,
            ),
            9,
          );
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the best that no integrity rule doubts apart from the best', () => {
    const plan: RunPlan = {
      run: 'Task_aaaa0001',
      ops: [
        {
          name: 'relu',
          tasks: [
            {
              id: '0',
              attempts: [
                { outcome: 'passed', speedup: 1.5 },
                { outcome: 'passed', speedup: 9 },
              ],
            },
          ],
        },
      ],
    };
    const run = buildPlannedRun(plan).runs[0]!;
    const summary = summarizeRun(run, { ...noFacts, integrity: (_op, _task, step) => (step === 4 ? 'hack' : step === 2 ? 'note' : null) });
    expect(summary.ops[0]!.best).toMatchObject({ step: 4, speedup: 9, integrity: 'hack' });
    expect(summary.ops[0]!.trustedBest).toMatchObject({ step: 2, speedup: 1.5, integrity: 'note' });
    expect(summary.totals).toMatchObject({ geomeanBestSpeedup: 9, geomeanTrustedBestSpeedup: 1.5 });
    expect(summary.flagged).toEqual({ hack: 1, suspicious: 0 });
    expect(summarizeRun(run, noFacts).flagged).toBeNull(); // not checked: not "0 flagged"
  });

  it('counts the worked example by hand', () => {
    const summary = summaryOf({
      run: 'Task_aaaa0001',
      ops: [
        {
          name: 'relu',
          tasks: [
            { id: '_Init_Task1', attempts: [{ outcome: 'failed' }, { outcome: 'passed', speedup: 1.5 }] },
            { id: '_Init_Task2', attempts: [{ outcome: 'passed', speedup: 0.9 }] },
            { id: '_Gen1_Task3', attempts: [{ outcome: 'failed' }, { outcome: 'failed' }, { outcome: 'passed', speedup: 2 }] },
          ],
        },
        { name: 'softmax', tasks: [{ id: '_Init_Task1', attempts: [{ outcome: 'failed' }, { outcome: 'unverified' }] }] },
      ],
    });
    expect(summary.totals).toEqual({
      ops: 2,
      opsPassed: 1,
      tasks: 4,
      tasksPassed: 3,
      attempts: 8,
      verifiedAttempts: 7,
      passAt1: 0.25,
      passAtK: 0.75,
      k: 3,
      geomeanBestSpeedup: 2,
      geomeanTrustedBestSpeedup: 2, // nothing was checked: nothing is flagged
      attemptsToFirstPass: { median: 2, distribution: { 1: 1, 2: 1, 3: 1 } },
    });
    const relu = summary.ops[0]!;
    expect(relu.best).toMatchObject({ task: '_Gen1_Task3', step: 6, speedup: 2 });
    // What it beat, in the order the run made the tasks: Init_Task1's 1.5 (Init_Task2's 0.9 never led).
    expect(relu.previousBest).toMatchObject({ task: '_Init_Task1', step: 4, speedup: 1.5 });
    expect(summary.ops[1]!.taskOutcomes[0]!.outcome).toBe('unverified');
    expect(summary.failuresByKind).toEqual({ 'numerical mismatch': 4 }); // from the verification results' error logs
  });
});

describe('the state of a run', () => {
  it('is running while written to lately, idle while attempts wait for a verdict, finished after', () => {
    const times = (agoMs: number) => ({ first: NOW - 10 * agoMs, last: NOW - agoMs });
    expect(runState(times(30_000), 1, NOW)).toEqual({ state: 'running', reason: 'last write 30 s ago' });
    expect(runState(times(RUNNING_WITHIN_MS + 1), 2, NOW)).toEqual({ state: 'idle', reason: "no write for 5 min; 2 tasks' last attempts were never verified" });
    expect(runState(times(3 * 86_400_000), 0, NOW)).toEqual({ state: 'finished', reason: 'last write 3 d ago' });
    expect(runState(null, 0, NOW)).toEqual({ state: 'finished', reason: 'file times not known' });
    expect([45_000, 600_000, 7_200_000, 5 * 86_400_000].map(duration)).toEqual(['45 s', '10 min', '2 h', '5 d']);
  });

  it("an AutoResearch run's state is its loop's: state.json's FINISH, v1's heartbeat gone or left behind", () => {
    const folder = (form: 'v1' | 'workspace', stateFile: string | null, phase: string | null): AutoResearchFolder => ({
      dir: 'Task_x/relu_1796311634_f7b111',
      op: 'relu',
      form,
      roundsFile: 'Task_x/relu_1796311634_f7b111/log.jsonl',
      opPath: null,
      task: null,
      stateFile,
      phase,
    });
    const recent = { state: 'running' as const, reason: 'last write 3 s ago' };
    const quiet = { state: 'finished' as const, reason: 'last write 2 h ago' };
    expect(loopState([folder('workspace', 'state.json', 'FINISH')], recent)).toEqual({
      state: 'finished',
      reason: 'relu_1796311634_f7b111: state.json says FINISH',
    });
    expect(loopState([folder('workspace', 'state.json', 'EDIT')], quiet)).toEqual({
      state: 'idle',
      reason: 'state.json says EDIT and last write 2 h ago: stopped before FINISH',
    });
    expect(loopState([folder('v1', null, null)], recent).state).toBe('finished');
    expect(loopState([folder('v1', 'RUNNING', 'active')], recent)).toEqual({ state: 'running', reason: 'RUNNING heartbeat, phase active; last write 3 s ago' });
    expect(loopState([folder('v1', 'RUNNING', 'active')], quiet).reason).toMatch(/RUNNING heartbeat left .*: the loop stopped without a clean exit/);
    // Two loops in one run: running while either is.
    expect(loopState([folder('v1', null, null), folder('workspace', 'state.json', 'PLAN')], recent).state).toBe('running');
  });

  it('orders runs newest first and takes their times from the files under them', () => {
    const tree = { ...buildPlannedRun({ run: 'Task_old', ops: [{ name: 'relu', tasks: [{ id: '0', attempts: [] }] }] }) };
    const other = buildPlannedRun({ run: 'Task_new', ops: [{ name: 'relu', tasks: [{ id: '0', attempts: [] }] }] });
    const both = { ...tree, runs: [...tree.runs, ...other.runs] };
    const doc = summarizeTree('/logs', both, {
      ...noFacts,
      times: (path) => (path.startsWith('Task_new') ? { first: NOW - 50, last: NOW - 10 } : { first: NOW - 9e9, last: NOW - 8e9 }),
    });
    expect(doc.runs.map((run) => [run.path, run.state])).toEqual([
      ['Task_new', 'running'],
      ['Task_old', 'finished'],
    ]);
    expect(doc.runs[0]!.lastWriteAt).toBe(new Date(NOW - 10).toISOString());
  });
});

describe('comparing runs', () => {
  it('matches ops by name, gives the ratio of best speed-ups, and lists ops in one run only', () => {
    const baseline = summaryOf({
      run: 'Task_aaaa0001',
      ops: [
        { name: 'relu', tasks: [{ id: '0', attempts: [{ outcome: 'passed', speedup: 1.25 }] }] },
        { name: 'softmax', tasks: [{ id: '0', attempts: [{ outcome: 'failed' }] }] },
        { name: 'matmul', tasks: [{ id: '0', attempts: [{ outcome: 'passed', speedup: 1 }] }] },
      ],
    });
    const other = summaryOf({
      run: 'Task_bbbb0002',
      ops: [
        { name: 'relu', tasks: [{ id: '0', attempts: [{ outcome: 'failed' }, { outcome: 'passed', speedup: 2.5 }] }] },
        { name: 'softmax', tasks: [{ id: '0', attempts: [{ outcome: 'passed', speedup: 3 }] }] },
        { name: 'gelu_', tasks: [{ id: '0', attempts: [] }] },
      ],
    });
    const comparison = compareRuns(baseline, other);
    expect(comparison.ops.map((op) => [op.name, op.baseline.bestSpeedup, op.other.bestSpeedup, op.speedupRatio, op.other.attemptsToFirstPass])).toEqual([
      ['relu', 1.25, 2.5, 2, 2],
      ['softmax', null, 3, null, 1],
    ]);
    expect(comparison.onlyInBaseline).toEqual(['matmul']);
    expect(comparison.onlyInOther).toEqual(['gelu_']);
  });

  it('ranks the best kernels of every run, fastest first', () => {
    const a = buildPlannedRun({ run: 'Task_a', ops: [{ name: 'relu', tasks: [{ id: '0', attempts: [{ outcome: 'passed', speedup: 1.1 }] }] }] });
    const b = buildPlannedRun({ run: 'Task_b', ops: [{ name: 'relu', tasks: [{ id: '0', attempts: [{ outcome: 'passed', speedup: 3 }] }] }] });
    const doc = summarizeTree('/logs', { ...a, runs: [...a.runs, ...b.runs] }, noFacts);
    expect(leaderboard(doc).map((row) => [row.run, row.op, row.best.speedup])).toEqual([
      ['Task_b', 'relu', 3],
      ['Task_a', 'relu', 1.1],
    ]);
  });

  it('takes the middle of an even count as the mean of the two', () => {
    expect([median([]), median([3]), median([4, 1, 2]), median([1, 2, 3, 10])]).toEqual([null, 3, 2, 2.5]);
  });
});

describe('durations as a person reads them', () => {
  it('picks the unit and the digits that matter', () => {
    expect([0, 0.02, 0.5, 3.5, 250, 1250, 59_999, 957_331, 3_600_000 * 2 + 300_000, -1500].map(timeSpan)).toEqual([
      '0 s',
      '20 µs',
      '500 µs',
      '3.5 ms',
      '250 ms',
      '1.25 s',
      '60 s',
      '15 min 57 s',
      '2 h 5 min',
      '−1.5 s',
    ]);
  });
});
