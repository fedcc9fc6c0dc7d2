/**
 * The kernel-run side of "what failed and why", from the trace tree: attempts until the first
 * pass, failures by agent and by error kind, errors that come back across attempts, attempts that
 * repeat an earlier result, and the speed-up of every verified attempt with its best-so-far line.
 * Pure: the core passes what the error logs it read say (ErrorLogFacts) and the result digests.
 */
import type { Op, Run, Step, Task, TraceTree } from '../model/trace';
import type { AttemptFailure, ErrorKind, KernelAutopsy } from '../model/autopsy';
import { classifyError, errorSignature } from './errorKinds';
import { attemptStarts, attemptWindow } from './treeQuery';

/** Each attempt's first step and every step it owns (the builder's attempt rule, attempts.ts). */
function attempts(task: Task): Array<{ step: Step; window: Step[] }> {
  return attemptStarts(task).map((step) => ({ step, window: attemptWindow(task, step) }));
}

/** Error-log files a kernel autopsy needs to read, and result files whose digests it needs. */
export function autopsyInputs(tree: TraceTree): { errorLogs: string[]; results: string[] } {
  const errorLogs: string[] = [];
  const results: string[] = [];
  for (const run of tree.runs) {
    for (const op of run.ops) {
      for (const task of op.tasks) {
        for (const { step, window } of attempts(task)) {
          const result = step.records.find((r) => r.role === 'coder')?.files.result;
          if (result) results.push(result);
          if (step.status !== 'failed') continue;
          for (const s of window)
            for (const record of s.records) if (record.role === 'verifier' && record.files.error_log) errorLogs.push(record.files.error_log);
        }
      }
    }
  }
  return { errorLogs, results };
}

function count(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

/** What an error log says: all a failure needs of it, kept instead of its text (a big run has tens of thousands of logs). */
export interface ErrorLogFacts {
  readonly kind: ErrorKind;
  readonly signature: string;
  /** Its last line. */
  readonly message: string;
}

/** What an error log's text says; null when it holds nothing (blank). */
export function errorLogFacts(text: string): ErrorLogFacts | null {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) return null;
  // Copies: a piece cut from a string keeps the whole string alive (V8), and these outlive the text.
  return { kind: classifyError(text), signature: structuredClone(errorSignature(text)), message: structuredClone(lines[lines.length - 1]!.slice(0, 300)) };
}

/**
 * Why a failed attempt failed: the first verifier error log of its window with any text (else the
 * verification_results entry's log), its kind, its signature and its last line. `errorLogs`: what
 * each error log read says (null: blank).
 */
export function attemptFailure(
  run: Run,
  op: Op,
  task: string,
  step: Step,
  window: readonly Step[],
  errorLogs: ReadonlyMap<string, ErrorLogFacts | null>,
): AttemptFailure {
  const coder = step.records.find((r) => r.role === 'coder');
  const logs = window.flatMap((s) => s.records.filter((r) => r.role === 'verifier' && r.files.error_log).map((r) => r.files.error_log!));
  const errorLog = logs.find((path) => errorLogs.get(path)) ?? null;
  // Else what the verifier logged in verification_results, else what an AutoResearch round wrote of its error.
  const facts = errorLog ? errorLogs.get(errorLog)! : errorLogFacts(step.verification?.errorLog || step.round?.error || '');
  return {
    run: run.path,
    opPath: op.path,
    op: op.name,
    task,
    step: step.step,
    agent: coder?.agent ?? (step.round ? 'autoresearch' : ''),
    kind: facts?.kind ?? 'other',
    signature: facts?.signature ?? '',
    message: facts?.message ?? '',
    errorLog,
  };
}

export function kernelAutopsy(
  tree: TraceTree,
  errorLogs: ReadonlyMap<string, ErrorLogFacts | null>,
  resultDigests: ReadonlyMap<string, string>,
): KernelAutopsy {
  const tasks: Array<KernelAutopsy['tasks'][number]> = [];
  const failures: AttemptFailure[] = [];
  const failuresByAgent: Record<string, number> = {};
  const failuresByKind: Record<string, number> = {};
  const repeatedErrors: Array<KernelAutopsy['repeatedErrors'][number]> = [];
  const identicalResults: Array<KernelAutopsy['identicalResults'][number]> = [];
  const speedups: Array<KernelAutopsy['speedups'][number]> = [];
  let ops = 0;
  let attemptCount = 0;

  for (const run of tree.runs) {
    for (const op of run.ops) {
      ops++;
      const points: Array<KernelAutopsy['speedups'][number]['points'][number]> = [];
      let best = Number.NEGATIVE_INFINITY;
      for (const task of op.tasks) {
        const taskAttempts = attempts(task);
        attemptCount += taskAttempts.length;
        const firstPass = taskAttempts.findIndex(({ step }) => step.status === 'passed');
        tasks.push({
          run: run.path,
          opPath: op.path,
          op: op.name,
          task: task.id,
          attempts: taskAttempts.length,
          attemptsToFirstPass: firstPass < 0 ? null : firstPass + 1,
          bestSpeedup: task.bestSpeedup,
        });
        const bySignature = new Map<string, { kind: ErrorKind; steps: number[] }>();
        const byDigest = new Map<string, number>();
        for (const { step, window } of taskAttempts) {
          // An AutoResearch round has no coder record: its kernel is in the verify folder.
          const coder = step.records.find((r) => r.role === 'coder');
          const digest = coder?.files.result ? resultDigests.get(coder.files.result) : undefined;
          if (digest !== undefined) {
            const earlier = byDigest.get(digest);
            if (earlier !== undefined)
              identicalResults.push({ run: run.path, opPath: op.path, op: op.name, task: task.id, step: step.step, sameAsStep: earlier });
            else byDigest.set(digest, step.step);
          }
          if (step.speedup !== null) {
            best = Math.max(best, step.speedup);
            points.push({ task: task.id, step: step.step, speedup: step.speedup, bestSoFar: best });
          }
          if (step.status !== 'failed') continue;
          const failure = attemptFailure(run, op, task.id, step, window, errorLogs);
          const { kind, signature } = failure;
          failures.push(failure);
          count(failuresByAgent, failure.agent);
          count(failuresByKind, kind);
          if (signature !== '') {
            const seen = bySignature.get(signature) ?? { kind, steps: [] };
            seen.steps.push(step.step);
            bySignature.set(signature, seen);
          }
        }
        for (const [signature, { kind, steps }] of bySignature) {
          if (steps.length > 1) repeatedErrors.push({ run: run.path, opPath: op.path, op: op.name, task: task.id, kind, signature, steps });
        }
      }
      if (points.length > 0) speedups.push({ run: run.path, opPath: op.path, op: op.name, points });
    }
  }
  return {
    totals: {
      runs: tree.runs.filter((run) => run.ops.length > 0).length,
      ops,
      tasks: tasks.length,
      attempts: attemptCount,
      passedTasks: tasks.filter((t) => t.attemptsToFirstPass !== null).length,
      failedAttempts: failures.length,
    },
    tasks,
    failuresByAgent,
    failuresByKind,
    failures,
    repeatedErrors,
    identicalResults,
    speedups,
  };
}
