/**
 * Runs against each other: a baseline and another run of the same ops compared op by op, and the
 * best kernels of every run in one leaderboard. Pure functions of run summaries (runSummary.ts).
 */
import type { KernelRef, OpComparison, OpSide, OpSummary, RunComparison, RunSummary, SummaryDocument } from '../model/summary';
import { compareNames } from './order';

/** An op as one side of a comparison. */
export function opSide(op: OpSummary): OpSide {
  return {
    path: op.path,
    passedTasks: op.passedTasks,
    tasks: op.tasks,
    bestSpeedup: op.best?.speedup ?? null,
    attemptsToFirstPass: op.attemptsToFirstPass.median,
    best: op.best,
  };
}

/** Ops are matched by name; those in only one of the runs are listed apart. */
export function compareRuns(baseline: RunSummary, other: RunSummary): RunComparison {
  const theirs = new Map(other.ops.map((op) => [op.name, op]));
  const ours = new Set(baseline.ops.map((op) => op.name));
  const ops: OpComparison[] = [];
  for (const op of baseline.ops) {
    const match = theirs.get(op.name);
    if (!match) continue;
    const [a, b] = [opSide(op), opSide(match)];
    ops.push({ name: op.name, baseline: a, other: b, speedupRatio: a.bestSpeedup && b.bestSpeedup !== null ? b.bestSpeedup / a.bestSpeedup : null });
  }
  return {
    baseline: baseline.path,
    other: other.path,
    ops: ops.sort((a, b) => compareNames(a.name, b.name)),
    onlyInBaseline: baseline.ops.filter((op) => !theirs.has(op.name)).map((op) => op.name),
    onlyInOther: other.ops.filter((op) => !ours.has(op.name)).map((op) => op.name),
  };
}

export interface LeaderboardRow {
  readonly run: string;
  readonly op: string;
  readonly best: KernelRef;
  /** What this kernel beat in its run: the op's best before it. */
  readonly previousBest: KernelRef | null;
}

/** Every op's best kernel in every run, fastest first (best kernels without a timing last). */
export function leaderboard(summary: SummaryDocument): LeaderboardRow[] {
  const rows: LeaderboardRow[] = [];
  for (const run of summary.runs)
    for (const op of run.ops) if (op.best) rows.push({ run: run.path, op: op.name, best: op.best, previousBest: op.previousBest });
  return rows.sort((a, b) => (b.best.speedup ?? -1) - (a.best.speedup ?? -1) || compareNames(a.op, b.op) || compareNames(a.run, b.run));
}
