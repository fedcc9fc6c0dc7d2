import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyError, errorSignature } from '../shared/analysis/errorKinds';
import { pythonFixed1 } from '../shared/analysis/autopsy';
import { AUTOPSY_LIMITS, runAutopsy } from './autopsy';
import { ErrorLogs } from './errorLogs';
import { IntegrityChecks } from './integrity';
import { writeDemo } from './demo';
import { TraceIndex } from './index/traceIndex';

const SAMPLES = fileURLToPath(new URL('../test/fixtures/samples/', import.meta.url));
const open = (path: string) => TraceIndex.open(`${SAMPLES}${path}`, { watch: false });
/** The autopsy as the core runs it (with the integrity check of its kernels). */
const autopsyOf = async (index: TraceIndex | Promise<TraceIndex>, now?: Date) => {
  const opened = await index;
  return runAutopsy(opened, new IntegrityChecks(opened), new ErrorLogs(opened), now);
};

describe('the autopsy report (FORMATS.md §2.1)', () => {
  it('is byte for byte the reference report for the same events and autofix log (timestamp aside)', async () => {
    const dir = 'mm_agent_documented_mcm_killer/2025_C_20260119-101530';
    const reference = readFileSync(`${SAMPLES}${dir}/Memory/logs/latent_analysis_report.json`, 'utf8');
    const { agent } = await autopsyOf(await open(dir));
    expect(agent).toHaveLength(1);
    const ours = { ...agent[0]!.report, timestamp: JSON.parse(reference).timestamp };
    // Same keys in the same order, same numbers, the Chinese text unescaped: the same JSON text.
    expect(JSON.stringify(ours, null, 2)).toBe(reference.trimEnd());
    expect(agent[0]!.differences).toEqual([]);
    expect(agent[0]!.reportFile).toBe('Memory/logs/latent_analysis_report.json');
    expect(agent[0]!.source).toBe('Memory/logs/execution_tracker.json');
  });

  it('works on a run still in progress, from the readable log, and says there is no autofix data', async () => {
    const { agent } = await autopsyOf(await open('mm_agent_documented_mcm_killer/_live_snapshot_before_save_json_log'));
    const [only] = agent;
    expect(only!.source).toMatch(/execution_tracker_readable\.txt$/);
    expect(only!.report.failure_analysis).toMatchObject({
      total_failures: 5,
      failures_by_type: { task_error: 1, llm_call_error: 4 },
      failures_by_stage: { stage3: 5 },
    });
    expect(only!.report.failure_analysis.critical_failures[0]).toMatchObject({
      type: 'task_error',
      stage: 'stage3',
      error: "invalid literal for int() with base 10: 'N/A'",
    });
    expect(only!.report.summary).toEqual({
      total_failures: 5,
      total_autofix_attempts: 0,
      autofix_success_rate: '0.0%',
      most_common_failure: 'llm_call_error',
      most_problematic_stage: 'stage3',
    });
    expect(only!.warnings).toContain('no autofix_log.json: no autofix data');
  });

  it('counts a failure with a huge payload without parsing it, and says so; reads no other event', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-autopsy-'));
    try {
      await mkdir(join(dir, 'Memory', 'logs'), { recursive: true });
      const huge = `'${'x'.repeat(AUTOPSY_LIMITS.payloadChars * 8)}'`;
      await writeFile(
        join(dir, 'Memory', 'logs', 'execution_tracker_readable.txt'),
        `[2026-01-19T10:20:00] (+0.100s) [ERROR] llm_call_error: {'stage': 'stage1', 'error': 'timeout'}\n[2026-01-19T10:20:01] (+1.100s) [ERROR] task_error: {'stage': 'stage2', 'error': ${huge}}\n` +
          // Only failures are analysed: an INFO event's payload, however large, is not read at all.
          `[2026-01-19T10:20:02] (+2.100s) [INFO] llm_call_end: {'stage': 'stage2', 'response': ${huge}}\n`,
      );
      const index = await TraceIndex.open(dir, { watch: false });
      const { agent } = await autopsyOf(index);
      await index.close();
      expect(agent[0]!.report.failure_analysis).toMatchObject({ total_failures: 2, failures_by_type: { llm_call_error: 1, task_error: 1 } });
      expect(agent[0]!.warnings).toContainEqual(
        expect.stringMatching(
          /Memory\/logs\/execution_tracker_readable\.txt:2: the task_error event's payload is 8,388,6\d\d characters, over the 1,048,576 analysed: it counts, its fields are not read/,
        ),
      );
      expect(agent[0]!.warnings.filter((warning) => warning.includes('llm_call_end'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("shows where a run's own report differs from TraceLens's analysis", async () => {
    const { agent } = await autopsyOf(await open('mm_agent_documented_mcm_killer'));
    expect(agent.map((a) => [a.dir, a.report.summary.total_failures])).toEqual([
      ['_live_snapshot_before_save_json_log/Memory/logs', 5],
      ['2025_C_20260119-101530/Memory/logs', 5],
      ['2025_C_20260119-101530_crash/Memory/logs', 0],
    ]);
  });

  it("formats rates as Python's .1f does (ties to even)", () => {
    expect(pythonFixed1(60)).toBe('60.0');
    expect(pythonFixed1(12.25)).toBe('12.2');
    expect(pythonFixed1(12.75)).toBe('12.8');
    expect(pythonFixed1(0.05)).toBe('0.1');
    expect(pythonFixed1(66.66666666666667)).toBe('66.7');
  });
});

describe('the kernel-run autopsy', () => {
  it('keeps two runs of the same ops apart: every task, failure and chart names its run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-autopsy-'));
    try {
      await writeDemo(dir, { ops: 2, tasksPerOp: 2, eventLog: false });
      const { kernel } = await autopsyOf(await TraceIndex.open(dir, { watch: false }));
      const runs = ['aikg_logs/Task_demo0a1', 'akg_agents_logs/Task_demo0c3'];
      expect(kernel!.totals).toMatchObject({ runs: 2, ops: 4, tasks: 8 });
      expect(new Set(kernel!.tasks.map((task) => `${task.run} ${task.op}`))).toEqual(new Set(runs.flatMap((run) => [`${run} relu`, `${run} exp_add_op`])));
      for (const entry of [...kernel!.tasks, ...kernel!.failures, ...kernel!.speedups]) expect(entry.opPath.startsWith(`${entry.run}/`)).toBe(true);
      expect(kernel!.speedups.map((series) => `${series.run} ${series.op}`)).toHaveLength(new Set(kernel!.speedups.map((series) => series.opPath)).size);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('era A: attempts to first pass, import failures by agent', async () => {
    const { kernel } = await autopsyOf(await open('aikg_v0_2025-06'));
    expect(kernel!.totals).toEqual({ runs: 1, ops: 1, tasks: 2, attempts: 6, passedTasks: 2, failedAttempts: 2 });
    expect(kernel!.tasks.map((t) => [t.task, t.attempts, t.attemptsToFirstPass])).toEqual([
      ['0', 3, 3],
      ['1', 3, 3],
    ]);
    expect(kernel!.failuresByAgent).toEqual({ FixCoder: 2 });
    expect(kernel!.failuresByKind).toEqual({ import: 2 });
    expect(kernel!.failures[0]).toMatchObject({ task: '0', step: 3, signature: "ModuleNotFoundError: No module named 'torch'" });
  });

  it('era B: numerical mismatches, a runtime error, speed-ups with the best so far', async () => {
    const { kernel } = await autopsyOf(await open('aikg_v1_2026-01'));
    expect(kernel!.failuresByKind).toEqual({ 'numerical mismatch': 3, runtime: 1 });
    expect(kernel!.failures.map((f) => [f.task, f.step, f.kind])).toEqual([
      ['1_0_0', 2, 'numerical mismatch'],
      ['1_0_1', 2, 'numerical mismatch'],
      ['1_0_1', 4, 'runtime'],
      ['1_1_0', 2, 'numerical mismatch'],
    ]);
    expect(kernel!.speedups[0]!.points.map((p) => [p.task, p.step, p.bestSoFar])).toEqual([
      ['1_0_0', 4, 1.8734],
      ['1_1_0', 4, 1.8734],
    ]);
  });

  it('era C: attempts that repeat an earlier result exactly', async () => {
    const { kernel } = await autopsyOf(await open('akg_agents_v2_2026-03'));
    expect(kernel!.identicalResults.map((r) => [r.task, r.step, r.sameAsStep])).toEqual([
      ['_Init_Task1', 3, 1],
      ['_Gen1_Task3', 3, 1],
    ]);
    // In the order the run made them (Init, then Gen1): the best so far rises as it did.
    expect(kernel!.speedups[0]!.points.map((p) => p.bestSoFar)).toEqual([0.795968, 0.90137, 1.230673]);
  });

  it('keeps what an error log says, not its text: its kind, signature and last line; a blank log says nothing', async () => {
    const { errorLogFacts } = await import('../shared/analysis/kernelAutopsy');
    const traceback = `Traceback (most recent call last):\r\n  File "/tmp/I0_S03_verify/verify_relu.py", line 42\n${'  x\n'.repeat(5000)}AssertionError: 输出不一致: max_abs_diff=3.2e-01 (atol=1e-02)\n\n`;
    expect(errorLogFacts(traceback)).toEqual({
      kind: 'numerical mismatch',
      signature: 'AssertionError: 输出不一致: max_abs_diff=N (atol=N)',
      message: 'AssertionError: 输出不一致: max_abs_diff=3.2e-01 (atol=1e-02)',
    });
    expect(errorLogFacts(' \n\t\r\n')).toBeNull();
    expect(errorLogFacts('')).toBeNull();
  });

  it('finds the same error coming back across attempts', async () => {
    const { TraceTreeBuilder } = await import('../shared/analysis/traceTree');
    const { errorLogFacts, kernelAutopsy } = await import('../shared/analysis/kernelAutopsy');
    const builder = new TraceTreeBuilder('run');
    const logs = new Map<string, ReturnType<typeof errorLogFacts>>();
    for (const step of [2, 4, 6]) {
      builder.addFile(`relu/I0_S${step}_relu_FixCoder_result.txt`);
      const log = `relu/I0_S${step + 1}_relu_DoTester_error_log.txt`;
      builder.addFile(log, 100);
      logs.set(log, errorLogFacts(`Traceback:\n  File "/tmp/I0_S${step}_verify/x.py", line ${step}\nAssertionError: max_abs_diff=0.${step} (atol=1e-02)`));
    }
    const result = kernelAutopsy(builder.snapshot(), logs, new Map());
    expect(result.repeatedErrors).toEqual([
      { run: '', opPath: 'relu', op: 'relu', task: '0', kind: 'numerical mismatch', signature: 'AssertionError: max_abs_diff=N (atol=N)', steps: [2, 4, 6] },
    ]);
  });
});

describe('error kinds, on the real error logs of the samples', () => {
  const log = (path: string) => readFileSync(`${SAMPLES}${path}`, 'utf8');
  it.each([
    ['aikg_v0_2025-06/aikg_logs/Task_vjcpfugt/exp_add_op/I0_S04_exp_add_op_DoTester_error_log.txt', 'import'],
    [
      'aikg_v1_2026-01/aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_0_0_S03_Square_matrix_multiplication__verifier_error_log.txt',
      'numerical mismatch',
    ],
    ['aikg_v1_2026-01/aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_0_1_S06_Square_matrix_multiplication__verifier_error_log.txt', 'runtime'],
    ['akg_agents_v2_2026-03/akg_agents_logs/Task_tnost_ko/relu/Iteration_Init_Task1_Step02_relu_verifier_error_log.txt', 'numerical mismatch'],
  ])('%s', (path, kind) => expect(classifyError(log(path))).toBe(kind));

  it.each([
    ['  File "k.py", line 9\n    tl.store(o_ptr + offs, y\n            ^\nSyntaxError: \'(\' was never closed', 'syntax'],
    ['triton.runtime.errors.OutOfResources: out of resource: shared memory, Required: 262144', 'compile'],
    ['subprocess.TimeoutExpired: Command timed out after 600 seconds', 'timeout'],
    // AutoResearch rounds (FORMATS.md §4.3): a traceback through verify_with_timeout that ends in a precision report.
    [
      '  File "verify_softmax.py", line 480, in verify_implementations\n    verify_result = verify_with_timeout(\n位置[9]: framework=4.15e-05, impl=3.33e-05, 相对误差=1.98e-01',
      'numerical mismatch',
    ],
    ['Traceback (most recent call last):\n位置[0, 58]: ref=6.72e-04 impl=5.39e-04 abs_diff=1.33e-04 relaxed_tol=1.00e-04', 'numerical mismatch'],
    ['', 'other'],
    ['the verifier printed something unexpected', 'other'],
  ])('%j', (text, kind) => expect(classifyError(text)).toBe(kind));

  it('signatures ignore numbers, paths and addresses', () => {
    expect(errorSignature('x\nRuntimeError: CUDA error at 0x7f3a: illegal address 12')).toBe('RuntimeError: CUDA error at 0x…: illegal address N');
  });
});
