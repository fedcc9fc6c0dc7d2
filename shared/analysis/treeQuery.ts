/**
 * Questions asked of a built tree, answered once for every reader (the UI, the autopsy, the CLI):
 * where a step is, which attempt a step belongs to and which came before, which step owns a file,
 * what is worth diffing. The attempt rule itself is the builder's (attempts.ts): each step carries
 * its `attempt` and each task its `attemptSteps`; nothing here derives them again.
 */
import type { IndexOutline, IndexSnapshot } from '../model/liveIndex';
import type { Op, Param, Run, Step, Task, TaskOutline, TraceRecord, TraceTree } from '../model/trace';
import { stepName } from '../model/stepLabel';

/** A task's key among all tasks of a tree (op paths and task ids hold no NUL). */
export const taskKey = (opPath: string, taskId: string): string => `${opPath}\u0000${taskId}`;

/** The op path and task id a taskKey was made of. */
export function parseTaskKey(key: string): { op: string; task: string } {
  const at = key.indexOf('\u0000');
  return { op: key.slice(0, at), task: key.slice(at + 1) };
}

/** A step's key among all steps of a tree. */
export const stepKey = (opPath: string, taskId: string, step: number): string => `${taskKey(opPath, taskId)}\u0000${step}`;

/** Where a step is; in an outlined tree (`T` TaskOutline) its run and op are the outline's, its task whole. */
export interface StepLocation<T extends Task | TaskOutline = Task> {
  readonly run: Run<T>;
  readonly op: Op<T>;
  readonly task: Task;
  readonly step: Step;
}

/** An op of a tree (whole or outlined) by its path (root-relative: one run holds it), with its run. */
function opAt<T extends Task | TaskOutline>(tree: TraceTree<T> | null | undefined, opPath: string): { run: Run<T>; op: Op<T> } | null {
  for (const run of tree?.runs ?? []) {
    const op = run.ops.find((candidate) => candidate.path === opPath);
    if (op) return { run, op };
  }
  return null;
}

/** A task of a tree (whole or outlined) by its op's path and its id. */
export function findTask<T extends Task | TaskOutline>(tree: TraceTree<T> | null | undefined, opPath: string, taskId: string): T | null {
  return opAt(tree, opPath)?.op.tasks.find((candidate) => candidate.id === taskId) ?? null;
}

/** A step of `task` (asked for on its own) placed in an outlined tree: its run and op from the outline. */
export function findStepOf(
  tree: TraceTree<Task | TaskOutline> | null | undefined,
  opPath: string,
  task: Task,
  stepNumber: number,
): StepLocation<Task | TaskOutline> | null {
  const at = opAt(tree, opPath);
  const step = task.steps.find((candidate) => candidate.step === stepNumber);
  return at && step && at.op.tasks.some((candidate) => candidate.id === task.id) ? { ...at, task, step } : null;
}

export function findStep(tree: TraceTree | null | undefined, opPath: string, taskId: string, stepNumber: number): StepLocation | null {
  const at = opAt(tree, opPath);
  const task = at?.op.tasks.find((candidate) => candidate.id === taskId);
  const step = task?.steps.find((candidate) => candidate.step === stepNumber);
  return at && task && step ? { ...at, task, step } : null;
}

/** How many steps the tree (or its outline) holds: every run, op and task. */
export function stepCount(tree: TraceTree<Task | TaskOutline> | null | undefined): number {
  const count = (task: Task | TaskOutline) => ('steps' in task ? task.steps.length : task.stepCount);
  return tree?.runs.reduce((n, run) => n + run.ops.reduce((m, op) => m + op.tasks.reduce((k, task) => k + count(task), 0), 0), 0) ?? 0;
}

/** Outlines made, by task: a task is replaced when it changes, never changed, so each is made once. */
const outlines = new WeakMap<Task, TaskOutline>();

/** What the tree panel shows of a task without its steps. */
export function taskOutline(task: Task): TaskOutline {
  let outline = outlines.get(task);
  if (!outline) {
    const kept = firstKeptRound(task);
    outline = {
      id: task.id,
      stepCount: task.steps.length,
      attempts: task.attempts,
      attemptSteps: task.attemptSteps,
      firstPassingStep: task.firstPassingStep,
      bestSpeedup: task.bestSpeedup,
      rounds: isRoundsTask(task) ? { firstKept: kept ? stepName(kept) : null } : null,
    };
    outlines.set(task, outline);
  }
  return outline;
}

/** The tree without its steps (what the page shows first): every task outlined. */
export function outlineOf(snapshot: IndexSnapshot): IndexOutline {
  const runs = snapshot.tree.runs.map((run) => ({ ...run, ops: run.ops.map((op) => ({ ...op, tasks: op.tasks.map(taskOutline) })) }));
  return { ...snapshot, tree: { ...snapshot.tree, runs } };
}

/** Steps in tree order (run, op, task, step), for j/k. */
export function allSteps(tree: TraceTree | null | undefined): StepLocation[] {
  const out: StepLocation[] = [];
  for (const run of tree?.runs ?? []) for (const op of run.ops) for (const task of op.tasks) for (const step of task.steps) out.push({ run, op, task, step });
  return out;
}

/** Every task of a tree (whole or outlined) in tree order, with its op's path. */
export function allTasks<T extends Task | TaskOutline>(tree: TraceTree<T> | null | undefined): Array<{ readonly op: string; readonly task: T }> {
  return tree?.runs.flatMap((run) => run.ops.flatMap((op) => op.tasks.map((task) => ({ op: op.path, task })))) ?? [];
}

/** Whether this step starts an attempt (holds its coder record). */
export function isAttemptStart(task: Task, step: Step): boolean {
  return step.attempt !== null && task.attemptSteps[step.attempt - 1] === step.step;
}

/** The steps that start the task's attempts, in order. */
export function attemptStarts(task: Task): Step[] {
  return task.steps.filter((step) => isAttemptStart(task, step));
}

/** The numbers of the steps that start a task's attempts (whole or outlined), in order. */
export function attemptStepNumbers(task: Task | TaskOutline): readonly number[] {
  return 'steps' in task ? attemptStarts(task).map((step) => step.step) : task.attemptSteps;
}

/** The step that starts the attempt owning `step` (a verifier log belongs to the coder step before it); itself when it owns none. */
export function attemptStartOf(task: Task, step: Step): Step {
  const start = step.attempt === null ? undefined : task.attemptSteps[step.attempt - 1];
  return task.steps.find((candidate) => candidate.step === start) ?? step;
}

/** The steps of the attempt that starts at `step`: up to the next attempt (just the step when it starts none). */
export function attemptWindow(task: Task, step: Step): Step[] {
  if (!isAttemptStart(task, step)) return [step];
  return task.steps.filter((candidate) => candidate.attempt === step.attempt);
}

/** The start of the attempt before the one at or after `stepNumber` (for the default diff and `[`). */
export function previousAttempt(task: Task, stepNumber: number): Step | null {
  const starts = attemptStarts(task).filter((step) => step.step < stepNumber);
  return starts[starts.length - 1] ?? null;
}

/** The coder's result file of a step: the LLM's answer, prose included. */
export function resultFile(step: Step): string | null {
  return step.records.find((record) => record.role === 'coder' && record.files.result)?.files.result ?? null;
}

/** The kernel an attempt is judged by: the one its verify folder ran, else the coder's result (its code is extracted when shown). */
export function kernelFile(step: Step): string | null {
  return step.kernelFile ?? resultFile(step);
}

/** The default diff of an attempt (`d`): the kernel of the attempt before it against its own; null when there is no earlier attempt. */
export function attemptDiff(task: Task, step: Step): { readonly left: string; readonly right: string } | null {
  const start = attemptStartOf(task, step);
  const previous = previousAttempt(task, start.step);
  const [left, right] = [previous && kernelFile(previous), kernelFile(start)];
  return left && right ? { left, right } : null;
}

/** The task's passed attempt with the highest speed-up (a pass without a timing when none has one); null when none passed. */
export function bestAttempt(task: Task): Step | null {
  let best: Step | null = null;
  for (const step of attemptStarts(task)) {
    if (step.status !== 'passed') continue;
    if (best === null || (step.speedup ?? Number.NEGATIVE_INFINITY) > (best.speedup ?? Number.NEGATIVE_INFINITY)) best = step;
  }
  return best;
}

/** An AutoResearch task's first round after the seed that was kept (null: none yet, or not such a task). */
export function firstKeptRound(task: Task): Step | null {
  return task.steps.find((step) => step.round !== null && step.round.round > 0 && step.round.accepted) ?? null;
}

/** Whether a task's attempts are AutoResearch rounds. */
export function isRoundsTask(task: Task): boolean {
  return task.steps.some((step) => step.round !== null);
}

/** Whether the tree holds more than one run: then every op and task is named with its run (two runs can have the same ops). */
export function hasManyRuns(tree: TraceTree<Task | TaskOutline> | null | undefined): boolean {
  return (tree?.runs.length ?? 0) > 1;
}

/** A run's short name: its folder's own name ('.' for the opened folder). */
export function runName(runPath: string): string {
  return runPath.slice(runPath.lastIndexOf('/') + 1) || '.';
}

/** "relu › task 0 › S03", with the run first when the tree holds several: "Task_a › relu › task 0 › S03". */
export function locationLabel(
  tree: TraceTree<Task | TaskOutline> | null | undefined,
  location: { readonly run: { readonly path: string }; readonly op: { readonly name: string }; readonly task?: { readonly id: string }; readonly step?: Step },
  separator = ' › ',
): string {
  return [
    ...(hasManyRuns(tree) ? [runName(location.run.path)] : []),
    location.op.name,
    ...(location.task ? [`task ${location.task.id}`] : []),
    ...(location.step ? [stepName(location.step)] : []),
  ].join(separator);
}

/** The step a file belongs to: a record's, or the attempt whose verify folder holds it. */
export function fileOwner(tree: TraceTree, path: string): StepLocation | null {
  return stepsByPath(tree).get(path) ?? verifyOwner(tree, path);
}

/** The same task (same op name and task id) in the tree's other runs: the runs to compare an attempt with. */
export function sameTaskElsewhere(tree: TraceTree, location: StepLocation): Array<{ readonly run: Run; readonly op: Op; readonly task: Task }> {
  const out: Array<{ run: Run; op: Op; task: Task }> = [];
  for (const run of tree.runs) {
    if (run === location.run) continue;
    for (const op of run.ops) {
      if (op.name !== location.op.name) continue;
      const task = op.tasks.find((candidate) => candidate.id === location.task.id);
      if (task) out.push({ run, op, task });
    }
  }
  return out;
}

const MAIN_ROLE_ORDER = ['coder', 'designer', 'verifier', 'other'];

/** The record a step is mostly about: its coder, else designer, else verifier, else the first. */
export function mainRecord(step: Step): TraceRecord | null {
  const candidates = step.records.filter((record) => !record.conductor);
  return [...candidates].sort((a, b) => MAIN_ROLE_ORDER.indexOf(a.role) - MAIN_ROLE_ORDER.indexOf(b.role))[0] ?? step.records[0] ?? null;
}

/** Every file a step owns (records and recorder files), by path: the owner of a search hit or a new file. */
export function stepsByPath(tree: TraceTree): Map<string, StepLocation> {
  const map = new Map<string, StepLocation>();
  for (const location of allSteps(tree)) {
    for (const record of location.step.records) {
      for (const path of Object.values(record.files)) if (path) map.set(path, location);
      for (const path of Object.values(record.otherFiles)) map.set(path, location);
      if (record.parsedFile) map.set(record.parsedFile, location);
    }
  }
  return map;
}

/** Each step by the verify folders it owns (for many lookups at once; verifyOwner for one). */
export function stepsByVerifyDir(tree: TraceTree): Map<string, StepLocation> {
  const map = new Map<string, StepLocation>();
  for (const location of allSteps(tree)) for (const dir of location.step.verifyDirs) if (!map.has(dir)) map.set(dir, location);
  return map;
}

/** The step whose verify folder holds a file, if the tree knows one. */
export function verifyOwner(tree: TraceTree, path: string): StepLocation | null {
  for (const run of tree.runs) {
    for (const op of run.ops) {
      if (op.path !== '' && !path.startsWith(`${op.path}/`) && !path.includes('/passed_cases/')) continue;
      for (const task of op.tasks) {
        for (const step of task.steps) if (step.verifyDirs.some((dir) => path.startsWith(`${dir}/`))) return { run, op, task, step };
      }
    }
  }
  return null;
}

export interface DiffCandidate {
  readonly path: string;
  readonly label: string;
}

const DIFF_PARAMS: readonly Param[] = ['result', 'prompt', 'reasoning'];

/** Files worth diffing: every attempt's verified kernel, every record's result, prompt and reasoning, across tasks, ops and runs. */
export function diffCandidates(tree: TraceTree): DiffCandidate[] {
  const out: DiffCandidate[] = [];
  for (const location of allSteps(tree)) {
    const where = locationLabel(tree, location, ' · ');
    if (location.step.kernelFile) out.push({ path: location.step.kernelFile, label: `${where} · kernel (verified)` });
    for (const record of location.step.records) {
      for (const param of DIFF_PARAMS) {
        const path = record.files[param];
        if (path) out.push({ path, label: `${where} · ${record.agent} ${param}` });
      }
    }
  }
  return out;
}
