/**
 * Questions asked of a built tree, answered once for every reader (the UI, the autopsy, the CLI):
 * where a step is, which attempt a step belongs to and which came before, which step owns a file,
 * what is worth diffing. The attempt rule itself is the builder's (attempts.ts): each step carries
 * its `attempt` and each task its `attemptSteps`; nothing here derives them again.
 */
import type { Op, Param, Run, Step, Task, TraceRecord, TraceTree } from '../model/trace';
import { stepLabel } from '../model/stepLabel';

/** A task's key among all tasks of a tree (op paths and task ids hold no NUL). */
export const taskKey = (opPath: string, taskId: string): string => `${opPath}\u0000${taskId}`;

/** A step's key among all steps of a tree. */
export const stepKey = (opPath: string, taskId: string, step: number): string => `${taskKey(opPath, taskId)}\u0000${step}`;

export interface StepLocation {
  readonly run: Run;
  readonly op: Op;
  readonly task: Task;
  readonly step: Step;
}

export function findStep(tree: TraceTree | null | undefined, opPath: string, taskId: string, stepNumber: number): StepLocation | null {
  for (const run of tree?.runs ?? []) {
    const op = run.ops.find((candidate) => candidate.path === opPath);
    const task = op?.tasks.find((candidate) => candidate.id === taskId);
    const step = task?.steps.find((candidate) => candidate.step === stepNumber);
    if (op && task && step) return { run, op, task, step };
  }
  return null;
}

/** Steps in tree order (run, op, task, step), for j/k. */
export function allSteps(tree: TraceTree | null | undefined): StepLocation[] {
  const out: StepLocation[] = [];
  for (const run of tree?.runs ?? []) for (const op of run.ops) for (const task of op.tasks) for (const step of task.steps) out.push({ run, op, task, step });
  return out;
}

/** Whether this step starts an attempt (holds its coder record). */
export function isAttemptStart(task: Task, step: Step): boolean {
  return step.attempt !== null && task.attemptSteps[step.attempt - 1] === step.step;
}

/** The steps that start the task's attempts, in order. */
export function attemptStarts(task: Task): Step[] {
  return task.steps.filter((step) => isAttemptStart(task, step));
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

/** The coder's result file of a step, the kernel an attempt wrote. */
export function resultFile(step: Step): string | null {
  return step.records.find((record) => record.role === 'coder' && record.files.result)?.files.result ?? null;
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
      if (record.parsedFile) map.set(record.parsedFile, location);
    }
  }
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

/** Files worth diffing: every record's result, prompt and reasoning, across tasks and ops. */
export function diffCandidates(tree: TraceTree): DiffCandidate[] {
  const out: DiffCandidate[] = [];
  for (const { op, task, step } of allSteps(tree)) {
    for (const record of step.records) {
      for (const param of DIFF_PARAMS) {
        const path = record.files[param];
        if (path) out.push({ path, label: `${op.name} · task ${task.id} · ${stepLabel(step.step)} · ${record.agent} ${param}` });
      }
    }
  }
  return out;
}
