import type { IndexSnapshot } from '../../shared/model/liveIndex';
import type { Op, Param, Run, Step, Task, TraceRecord } from '../../shared/model/trace';
import { taskKey } from './store';
import { stepLabel } from '../../shared/parse/names';

export type TreeRow =
  | { readonly kind: 'run'; readonly key: string; readonly run: Run }
  | { readonly kind: 'op'; readonly key: string; readonly op: Op }
  | { readonly kind: 'task'; readonly key: string; readonly op: Op; readonly task: Task; readonly isExpanded: boolean }
  | { readonly kind: 'step'; readonly key: string; readonly op: Op; readonly task: Task; readonly step: Step }
  | { readonly kind: 'log'; readonly key: string; readonly dir: string; readonly events: number | null }
  | { readonly kind: 'heading'; readonly key: string; readonly label: string }
  | { readonly kind: 'other'; readonly key: string; readonly path: string; readonly reason: string; readonly isNotRead: boolean };

function stepText(step: Step): string {
  return `s${step.step} ${step.status} ${step.records.map((record) => `${record.agent} ${record.role}`).join(' ')}`.toLowerCase();
}

/** The rows of the tree panel: what is expanded, narrowed by the filter (op, task, agent, status). */
export function treeRows(snapshot: IndexSnapshot, expanded: Readonly<Record<string, true>>, filter: string): TreeRow[] {
  const needle = filter.trim().toLowerCase();
  const rows: TreeRow[] = [];
  for (const run of snapshot.tree.runs) {
    const runRows: TreeRow[] = [];
    for (const op of run.ops) {
      const opMatches = needle === '' || op.name.toLowerCase().includes(needle);
      const opRows: TreeRow[] = [];
      for (const task of op.tasks) {
        const key = taskKey(op.path, task.id);
        const matchingSteps = opMatches || task.id.toLowerCase().includes(needle) ? task.steps : task.steps.filter((step) => stepText(step).includes(needle));
        if (matchingSteps.length === 0) continue;
        const isExpanded = Boolean(expanded[key]) || (needle !== '' && !opMatches);
        opRows.push({ kind: 'task', key: `t:${key}`, op, task, isExpanded });
        if (isExpanded) for (const step of matchingSteps) opRows.push({ kind: 'step', key: `s:${key}\u0000${step.step}`, op, task, step });
      }
      if (opRows.length > 0) runRows.push({ kind: 'op', key: `o:${op.path}`, op }, ...opRows);
    }
    for (const log of run.eventLogs) {
      if (needle === '' || log.dir.toLowerCase().includes(needle)) runRows.push({ kind: 'log', key: `l:${log.dir}`, dir: log.dir, events: snapshot.eventLogs[log.dir]?.total_events ?? null });
    }
    if (runRows.length > 0 || needle === '') rows.push({ kind: 'run', key: `r:${run.path}`, run }, ...runRows);
  }
  const others = snapshot.tree.otherFiles.filter((file) => needle === '' || file.path.toLowerCase().includes(needle));
  if (others.length > 0) {
    rows.push({ kind: 'heading', key: 'h:other', label: `Other files (${others.length})` });
    for (const file of others) rows.push({ kind: 'other', key: `x:${file.path}`, path: file.path, reason: file.reason, isNotRead: false });
  }
  // Links out, FIFOs, devices: listed so that the user sees they exist, with why they are not read.
  const notRead = snapshot.tree.notRead.filter((file) => needle === '' || file.path.toLowerCase().includes(needle));
  if (notRead.length > 0) {
    rows.push({ kind: 'heading', key: 'h:not-read', label: `Not read (${notRead.length})` });
    for (const file of notRead) rows.push({ kind: 'other', key: `x:${file.path}`, path: file.path, reason: file.reason, isNotRead: true });
  }
  return rows;
}

export interface StepLocation {
  readonly run: Run;
  readonly op: Op;
  readonly task: Task;
  readonly step: Step;
}

export function findStep(snapshot: IndexSnapshot | null, opPath: string, taskId: string, stepNumber: number): StepLocation | null {
  for (const run of snapshot?.tree.runs ?? []) {
    const op = run.ops.find((candidate) => candidate.path === opPath);
    const task = op?.tasks.find((candidate) => candidate.id === taskId);
    const step = task?.steps.find((candidate) => candidate.step === stepNumber);
    if (op && task && step) return { run, op, task, step };
  }
  return null;
}

/** The record a step is mostly about: its coder, else designer, else verifier, else the first. */
export function mainRecord(step: Step): TraceRecord | null {
  const order = ['coder', 'designer', 'verifier', 'other'];
  const candidates = step.records.filter((record) => !record.conductor);
  return [...candidates].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))[0] ?? step.records[0] ?? null;
}

export const isAttempt = (step: Step) => step.records.some((record) => record.role === 'coder');

/** The previous coder attempt of the same task (for the default diff). */
export function previousAttempt(task: Task, stepNumber: number): Step | null {
  const attempts = task.steps.filter(isAttempt).filter((step) => step.step < stepNumber);
  return attempts[attempts.length - 1] ?? null;
}

export function resultFile(step: Step): string | null {
  return step.records.find((record) => record.role === 'coder' && record.files.result)?.files.result ?? null;
}

/** Every file a step owns (records and recorder files), to group search hits by step. */
export function stepsByPath(snapshot: IndexSnapshot): Map<string, StepLocation> {
  const map = new Map<string, StepLocation>();
  for (const run of snapshot.tree.runs) {
    for (const op of run.ops) {
      for (const task of op.tasks) {
        for (const step of task.steps) {
          const location = { run, op, task, step };
          for (const record of step.records) {
            for (const path of Object.values(record.files)) if (path) map.set(path, location);
            if (record.parsedFile) map.set(record.parsedFile, location);
          }
        }
      }
    }
  }
  return map;
}

/** The verify folder of a file path, if it is inside one the tree knows. */
export function verifyOwner(snapshot: IndexSnapshot, path: string): StepLocation | null {
  for (const run of snapshot.tree.runs) {
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

/** Files worth diffing: every record's prompt and result, across tasks and ops. */
export function diffCandidates(snapshot: IndexSnapshot): DiffCandidate[] {
  const out: DiffCandidate[] = [];
  const params: Param[] = ['result', 'prompt', 'reasoning'];
  for (const run of snapshot.tree.runs) {
    for (const op of run.ops) {
      for (const task of op.tasks) {
        for (const step of task.steps) {
          for (const record of step.records) {
            for (const param of params) {
              const path = record.files[param];
              if (path) out.push({ path, label: `${op.name} · task ${task.id} · ${stepLabel(step.step)} · ${record.agent} ${param}` });
            }
          }
        }
      }
    }
  }
  return out;
}

/** Steps in tree order, for j/k. */
export function allSteps(snapshot: IndexSnapshot | null): StepLocation[] {
  const out: StepLocation[] = [];
  for (const run of snapshot?.tree.runs ?? []) for (const op of run.ops) for (const task of op.tasks) for (const step of task.steps) out.push({ run, op, task, step });
  return out;
}

export function languageOf(path: string): string {
  if (/\.(py|pyi)$/.test(path)) return 'python';
  if (/\.(md|markdown)$/.test(path)) return 'markdown';
  if (/\.(cpp|cc|cu|cuh|h|hpp|c)$/.test(path)) return 'cpp';
  if (/\.(json|jsonl)$/.test(path)) return 'json';
  return 'plaintext';
}

/** Record text files are `.txt`; their language comes from what they hold. */
export function recordLanguage(param: Param, role: string): string {
  if (param === 'result' && role === 'coder') return 'python';
  if (param === 'error_log') return 'plaintext';
  return 'markdown';
}
