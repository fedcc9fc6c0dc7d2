/**
 * Kernel runs with known answers, for property tests of the analyses: a plan of ops, tasks and
 * attempts (each failed, passed with or without a timing, or not verified yet), built into the
 * tree the index would build from the files the AKG writers leave (era C names, FORMATS.md §1).
 */
import fc from 'fast-check';
import { TraceTreeBuilder } from '../analysis/traceTree';
import type { TraceTree } from '../model/trace';
import type { SpeedupLine } from '../parse/speedup';
import type { VerificationEntry } from '../parse/verification';

export type AttemptPlan = { readonly outcome: 'failed' } | { readonly outcome: 'passed'; readonly speedup: number | null } | { readonly outcome: 'unverified' };

export interface RunPlan {
  readonly run: string;
  readonly ops: ReadonlyArray<{ readonly name: string; readonly tasks: ReadonlyArray<{ readonly id: string; readonly attempts: readonly AttemptPlan[] }> }>;
}

const attempt: fc.Arbitrary<AttemptPlan> = fc.oneof(
  fc.constant({ outcome: 'failed' as const }),
  fc.record({ outcome: fc.constant('passed' as const), speedup: fc.option(fc.double({ min: 0.05, max: 20, noNaN: true }), { nil: null }) }),
  fc.constant({ outcome: 'unverified' as const }),
);

/** Runs of 1–4 ops, 1–4 tasks each (some with no attempt), 0–5 attempts a task. */
export const runPlans: fc.Arbitrary<RunPlan> = fc.record({
  run: fc.constantFrom('Task_aaaa0001', 'Task_bbbb0002'),
  ops: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom('relu', 'softmax', 'matmul', 'layer_norm', 'gelu_'),
      tasks: fc.uniqueArray(
        fc.record({ id: fc.constantFrom('_Init_Task1', '_Init_Task2', '_Gen1_Task3', '_Gen2_Task4'), attempts: fc.array(attempt, { maxLength: 5 }) }),
        {
          minLength: 1,
          maxLength: 4,
          selector: (task) => task.id,
        },
      ),
    }),
    { minLength: 1, maxLength: 4, selector: (op) => op.name },
  ),
});

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The tree of a planned run. Attempt k of a task is a coder record at step 2k−1 with its verify
 * folder; a failed attempt's verifier writes an error log at step 2k; verdicts come from
 * verification_results.jsonl, timings from speed_up_record.txt (a pass without one has none).
 */
export function buildPlannedRun(plan: RunPlan, root = 'logs'): TraceTree {
  const builder = new TraceTreeBuilder(root);
  const verifications: VerificationEntry[] = [];
  const speedupsByOp = new Map<string, SpeedupLine[]>();
  for (const op of plan.ops) {
    const dir = `${plan.run}/${op.name}`;
    for (const task of op.tasks) {
      // A designer step first: a task can exist before any attempt.
      builder.addFile(`${dir}/Iteration${task.id}_Step01_${op.name}_designer_result.txt`);
      task.attempts.forEach((planned, i) => {
        const step = 2 * i + 2;
        const verifyDir = `Iteration${task.id}_Step${pad(step)}_verify`;
        builder.addFile(`${dir}/Iteration${task.id}_Step${pad(step)}_${op.name}_kernel_gen_result.txt`);
        builder.addFile(`${dir}/${verifyDir}/${op.name}_triton_cuda_impl.py`);
        if (planned.outcome === 'unverified') return;
        if (planned.outcome === 'failed') builder.addFile(`${dir}/Iteration${task.id}_Step${pad(step + 1)}_${op.name}_verifier_error_log.txt`, 120);
        verifications.push({
          taskName: op.name,
          taskId: task.id,
          step,
          verifyDirName: verifyDir,
          passed: planned.outcome === 'passed',
          errorLog: planned.outcome === 'passed' ? '' : 'AssertionError: max_abs_diff 0.5 > atol',
          timestamp: null,
          backend: null,
          arch: null,
          dsl: null,
          framework: null,
        });
        if (planned.outcome === 'passed' && planned.speedup !== null) {
          const lines = speedupsByOp.get(op.name) ?? [];
          lines.push({
            opName: op.name,
            taskId: task.id,
            uniqueDir: verifyDir,
            baseTimeUs: 10,
            generationTimeUs: 10 / planned.speedup,
            speedup: planned.speedup,
            rooflineTimeUs: null,
            rooflineSpeedup: null,
          });
          speedupsByOp.set(op.name, lines);
        }
      });
    }
  }
  const results = `${plan.run}/verification_results.jsonl`;
  builder.addFile(results);
  builder.setVerifications(results, verifications);
  for (const [op, lines] of speedupsByOp) {
    const path = `${plan.run}/${op}/profiling/speed_up_record.txt`;
    builder.addFile(path);
    builder.setSpeedups(path, lines);
  }
  return builder.snapshot();
}
