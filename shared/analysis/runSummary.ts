/**
 * How each run under the opened folder went (DESIGN.md "See a run at a glance"): per run its
 * totals, pass rates, attempts to first pass, best kernels and failures; per op its best kernel
 * with the task and step that reached it. Pure: the core passes the file times, the error-log
 * texts and the event facts it read. The overview and `tracelens summary` both show this.
 */
import type { EventCost, EventSummary, WrittenUsage } from '../model/events';
import type { Severity } from '../model/integrity';
import type { KernelRef, OpSummary, RunEvents, RunState, RunSummary, RunTotals, SummaryDocument, TaskOutcome } from '../model/summary';
import type { AutoResearchFolder, Op, Run, Step, Task, TraceTree } from '../model/trace';
import { duration } from './format';
import { attemptFailure, type ErrorLogFacts } from './kernelAutopsy';
import { attemptStarts, attemptWindow, resultFile } from './treeQuery';

/** A run written to within this long is still running. */
export const RUNNING_WITHIN_MS = 5 * 60 * 1000;

/** The oldest and newest file time under a folder, epoch ms. */
export interface FileTimes {
  readonly first: number;
  readonly last: number;
}

/** What the core read for a summary, beyond the tree. */
export interface SummaryFacts {
  /** File times under a root-relative folder ('' the root); null when not known. */
  times(path: string): FileTimes | null;
  /** What the verifier error logs the failures are classified by say (kernelAutopsy's autopsyInputs names them; null: blank). */
  readonly errorLogs: ReadonlyMap<string, ErrorLogFacts | null>;
  /** An event log folder's summary and its first and last timestamps as written; null when not read. */
  events(
    dir: string,
  ): { readonly summary: EventSummary; readonly firstAt: string | null; readonly lastAt: string | null; readonly cost: EventCost | null } | null;
  /** Now, epoch ms: states are as of then. */
  readonly now: number;
  /** The worst integrity flag of an attempt (by its op's path, task and step); absent when the kernels were not checked. */
  readonly integrity?: (opPath: string, task: string, step: number) => Severity | null;
  /** Whether `integrity` covers every kernel as it is now (false while a check is under way). */
  readonly integrityChecked?: boolean;
}

export function summarizeTree(root: string, tree: TraceTree, facts: SummaryFacts): SummaryDocument {
  const runs = tree.runs.map((run) => summarizeRun(run, facts));
  // Newest first; runs whose times are unknown after, by path.
  const order = (summary: RunSummary) => (summary.lastWriteAt === null ? Number.NEGATIVE_INFINITY : Date.parse(summary.lastWriteAt));
  runs.sort((a, b) => order(b) - order(a) || a.path.localeCompare(b.path));
  return { root, generatedAt: new Date(facts.now).toISOString(), integrityChecked: facts.integrityChecked ?? facts.integrity !== undefined, runs };
}

/** An attempt's kernel as the summary names it. */
export function kernelRef(op: Op, task: Task, step: Step, facts: Pick<SummaryFacts, 'integrity'>): KernelRef {
  const result = resultFile(step);
  return {
    opPath: op.path,
    task: task.id,
    step: step.step,
    round: step.round?.round ?? null,
    speedup: step.speedup,
    file: step.kernelFile ?? result,
    resultFile: result,
    statusSource: step.statusSource,
    timing: step.timing,
    integrity: facts.integrity?.(op.path, task.id, step.step) ?? null,
  };
}

/** A kernel no rule flags as a hack or suspicious (a note is not a doubt). */
export const isTrusted = (kernel: KernelRef) => kernel.integrity === null || kernel.integrity === 'note';

/**
 * A run's summary with the kernels an integrity rule doubts left out: each op's best is the best
 * no rule flags (what "exclude flagged kernels" shows, on screen and in a comparison).
 */
export function withoutFlagged(run: RunSummary): RunSummary {
  return {
    ...run,
    totals: { ...run.totals, geomeanBestSpeedup: run.totals.geomeanTrustedBestSpeedup },
    ops: run.ops.map((op) => ({
      ...op,
      best: op.trustedBest,
      // What the trusted best beat is not kept; the op's flagged best did not beat it.
      previousBest: op.best === op.trustedBest ? op.previousBest : null,
      taskOutcomes: op.taskOutcomes.map((task) => (task.best && !isTrusted(task.best) ? { ...task, best: null } : task)),
    })),
  };
}

function geomean(values: readonly number[]): number | null {
  const positive = values.filter((value) => value > 0);
  if (positive.length <= 1) return positive[0] ?? null; // one op: its own best, exactly
  return Math.exp(sum(positive.map(Math.log)) / positive.length);
}

export function summarizeRun(run: Run, facts: SummaryFacts): RunSummary {
  const ops = run.ops.map((op) => summarizeOp(op, facts));
  const taskOutcomes = ops.flatMap((op) => op.taskOutcomes);
  const passed = taskOutcomes.filter((task) => task.outcome === 'passed');
  const firstPasses = passed.map((task) => task.attemptsToFirstPass!);
  const distribution: Record<string, number> = {};
  for (const n of firstPasses) distribution[n] = (distribution[n] ?? 0) + 1;
  const k = Math.max(0, ...taskOutcomes.map((task) => task.attempts));
  const speedupsOf = (kernels: ReadonlyArray<KernelRef | null>) => kernels.flatMap((kernel) => (kernel?.speedup ? [kernel.speedup] : []));
  const totals: RunTotals = {
    ops: ops.length,
    opsPassed: ops.filter((op) => op.passedTasks > 0).length,
    tasks: taskOutcomes.length,
    tasksPassed: passed.length,
    attempts: sum(ops.map((op) => op.attempts)),
    verifiedAttempts: sum(ops.map((op) => op.verifiedAttempts)),
    passAt1: share(firstPasses.filter((n) => n === 1).length, taskOutcomes.length),
    passAtK: share(passed.length, taskOutcomes.length),
    k,
    geomeanBestSpeedup: geomean(speedupsOf(ops.map((op) => op.best))),
    geomeanTrustedBestSpeedup: geomean(speedupsOf(ops.map((op) => op.trustedBest))),
    attemptsToFirstPass: { median: median(firstPasses), distribution },
  };

  const failuresByKind: Record<string, number> = {};
  for (const op of run.ops) {
    for (const task of op.tasks) {
      for (const step of attemptStarts(task)) {
        if (step.status !== 'failed') continue;
        const { kind } = attemptFailure(run, op, task.id, step, attemptWindow(task, step), facts.errorLogs);
        failuresByKind[kind] = (failuresByKind[kind] ?? 0) + 1;
      }
    }
  }

  const events = runEvents(run, facts);
  const flagged = facts.integrity ? countFlagged(run, facts.integrity) : null;
  const times = facts.times(run.path);
  const unverified = taskOutcomes.filter((task) => task.outcome === 'unverified').length;
  const { state, reason } =
    run.autoresearch.length > 0 ? loopState(run.autoresearch, runState(times, unverified, facts.now)) : runState(times, unverified, facts.now);
  return {
    path: run.path,
    kind: run.autoresearch.length > 0 ? 'autoresearch' : run.ops.length > 0 ? 'kernel' : 'agent',
    startedAt: times && iso(times.first),
    lastWriteAt: times && iso(times.last),
    state,
    stateReason: reason,
    totals,
    failuresByKind,
    flagged,
    events,
    ops,
  };
}

function countFlagged(run: Run, integrity: NonNullable<SummaryFacts['integrity']>): { hack: number; suspicious: number } {
  const counts = { hack: 0, suspicious: 0 };
  for (const op of run.ops)
    for (const task of op.tasks)
      for (const step of attemptStarts(task)) {
        const worst = integrity(op.path, task.id, step.step);
        if (worst === 'hack' || worst === 'suspicious') counts[worst]++;
      }
  return counts;
}

function summarizeOp(op: Op, facts: SummaryFacts): OpSummary {
  const taskOutcomes = op.tasks.map((task) => outcomeOf(op, task, facts));
  // The best so far, in the order the run made its tasks and attempts (tree order).
  let best: KernelRef | null = null;
  let previousBest: KernelRef | null = null;
  let trustedBest: KernelRef | null = null;
  let attempts = 0;
  let verifiedAttempts = 0;
  for (const task of op.tasks) {
    for (const step of attemptStarts(task)) {
      attempts++;
      if (step.status === 'passed' || step.status === 'failed') verifiedAttempts++;
      if (step.status !== 'passed' || step.speedup === null) continue;
      const kernel = kernelRef(op, task, step, facts);
      if (best === null || step.speedup > best.speedup!) {
        previousBest = best;
        best = kernel;
      }
      if (isTrusted(kernel) && (trustedBest === null || step.speedup > trustedBest.speedup!)) trustedBest = kernel;
    }
  }
  const perTask: Record<string, number | null> = {};
  for (const task of taskOutcomes) perTask[task.id] = task.attemptsToFirstPass;
  const times = facts.times(op.path);
  return {
    name: op.name,
    path: op.path,
    tasks: op.tasks.length,
    passedTasks: taskOutcomes.filter((task) => task.outcome === 'passed').length,
    attempts,
    verifiedAttempts,
    attemptsToFirstPass: { median: median(taskOutcomes.flatMap((task) => (task.attemptsToFirstPass === null ? [] : [task.attemptsToFirstPass]))), perTask },
    best,
    previousBest,
    trustedBest,
    lastWriteAt: times && iso(times.last),
    taskOutcomes,
  };
}

function outcomeOf(op: Op, task: Task, facts: SummaryFacts): TaskOutcome {
  const starts = attemptStarts(task);
  let best: KernelRef | null = null;
  for (const step of starts) {
    if (step.status === 'passed' && step.speedup !== null && (best === null || step.speedup > best.speedup!)) best = kernelRef(op, task, step, facts);
  }
  const last = starts[starts.length - 1];
  // An AutoResearch task passes when a round after the seed was kept: the rounds to it are its number.
  const rounds = starts.some((step) => step.round !== null);
  const firstPass = rounds
    ? starts.findIndex((step) => step.round !== null && step.round.round > 0 && step.round.accepted)
    : starts.findIndex((step) => step.status === 'passed');
  const outcome: TaskOutcome['outcome'] =
    firstPass >= 0 ? 'passed' : last === undefined ? 'no-attempt' : last.status === 'failed' || (rounds && starts.length > 1) ? 'failed' : 'unverified';
  return {
    id: task.id,
    outcome,
    attempts: starts.length,
    attemptsToFirstPass: firstPass < 0 ? null : rounds ? starts[firstPass]!.round!.round : firstPass + 1,
    best,
    lastAttemptStep: last?.step ?? null,
  };
}

function runEvents(run: Run, facts: SummaryFacts): RunEvents | null {
  const read = run.eventLogs.map((log) => facts.events(log.dir)).filter((facts) => facts !== null);
  if (read.length === 0) return null;
  const firsts = read
    .map((log) => log.firstAt)
    .filter((at): at is string => at !== null)
    .sort();
  const lasts = read
    .map((log) => log.lastAt)
    .filter((at): at is string => at !== null)
    .sort();
  return {
    logs: read.length,
    total: sum(read.map(({ summary }) => summary.total_events)),
    errors: sum(read.map(({ summary }) => summary.events_by_level.ERROR ?? 0)),
    llmCalls: sum(read.map((log) => log.cost?.llm.calls ?? 0)),
    llmErrors: sum(read.map((log) => log.cost?.llm.errors ?? 0)),
    tokens: sumKnown(read.map((log) => log.cost?.llm.tokens ?? null)),
    llmSeconds: sumKnown(read.map((log) => log.cost?.llm.seconds ?? null)),
    codeSeconds: sumKnown(read.map((log) => log.cost?.codeSeconds ?? null)),
    firstAt: firsts[0] ?? null,
    lastAt: lasts[lasts.length - 1] ?? null,
    written: writtenUsage(read.map((log) => log.cost?.written ?? null).filter((written) => written !== null)),
  };
}

/** The usage files of a run's logs, summed; null when there are none. */
function writtenUsage(written: readonly WrittenUsage[]): RunEvents['written'] {
  if (written.length === 0) return null;
  const files = written.flatMap((usage) => usage.tokens);
  const summaries = written.map((usage) => usage.summaries).filter((summaries) => summaries !== null);
  const runtime = written.find((usage) => usage.runtime !== null)?.runtime ?? null;
  return {
    tokens:
      files.length === 0
        ? null
        : {
            total: sumKnown(files.map((file) => file.total)),
            prompt: sumKnown(files.map((file) => file.prompt)),
            completion: sumKnown(files.map((file) => file.completion)),
            files: files.map((file) => file.file),
          },
    runtime,
    summarisedCalls: summaries.length === 0 ? null : sum(summaries.map((summary) => summary.count)),
  };
}

/** Running while written to lately; else idle while a task's last attempt has no verdict, else finished. */
export function runState(times: FileTimes | null, unverified: number, now: number): { state: RunState; reason: string } {
  const never = unverified === 0 ? '' : `; ${unverified} ${unverified === 1 ? "task's last attempt was" : "tasks' last attempts were"} never verified`;
  if (times === null) return { state: unverified > 0 ? 'idle' : 'finished', reason: `file times not known${never}` };
  const since = now - times.last;
  if (since < RUNNING_WITHIN_MS) return { state: 'running', reason: `last write ${duration(since)} ago` };
  if (unverified > 0) return { state: 'idle', reason: `no write for ${duration(since)}${never}` };
  return { state: 'finished', reason: `last write ${duration(since)} ago` };
}

/**
 * An AutoResearch run's state, as its loops say it: the workspace form's state.json reaches
 * FINISH; v1's RUNNING heartbeat is deleted by any normal exit, so one left behind with no recent
 * write is a loop stopped without a clean exit. Otherwise the file times decide (`byTimes`).
 */
export function loopState(folders: readonly AutoResearchFolder[], byTimes: { state: RunState; reason: string }): { state: RunState; reason: string } {
  const states = folders.map((folder): { state: RunState; reason: string } => {
    const name = folder.dir.slice(folder.dir.lastIndexOf('/') + 1) || '.';
    if (folder.form === 'workspace') {
      if (folder.phase === 'FINISH') return { state: 'finished', reason: `${name}: state.json says FINISH` };
      const said = folder.phase === null ? 'no phase in state.json' : `state.json says ${folder.phase}`;
      return byTimes.state === 'running'
        ? { state: 'running', reason: `${said}; ${byTimes.reason}` }
        : { state: 'idle', reason: `${said} and ${byTimes.reason}: stopped before FINISH` };
    }
    if (folder.stateFile === null)
      return folder.roundsFile === null ? byTimes : { state: 'finished', reason: `${name}: no RUNNING heartbeat (a normal exit deletes it)` };
    if (byTimes.state === 'running') return { state: 'running', reason: `RUNNING heartbeat, phase ${folder.phase ?? '?'}; ${byTimes.reason}` };
    return {
      state: 'idle',
      reason: `RUNNING heartbeat left (phase ${folder.phase ?? '?'}) and ${byTimes.reason}: the loop stopped without a clean exit (killed?)`,
    };
  });
  const state: RunState = states.some((s) => s.state === 'running') ? 'running' : states.every((s) => s.state === 'finished') ? 'finished' : 'idle';
  return { state, reason: states.map((s) => s.reason).join('; ') };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The sum of the figures the logs hold; null when none holds one (not 0). */
function sumKnown(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : sum(known);
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
