import { answerLanguage } from '../../shared/parse/code';
import type { IndexSnapshot } from '../../shared/model/liveIndex';
import { stepKey, taskKey, taskOutline } from '../../shared/analysis/treeQuery';
import { plural } from '../../shared/analysis/format';
import type { Op, Param, Run, Step, Task, TaskOutline } from '../../shared/model/trace';

/** A tree as the panel gets it: whole, or (before its steps come) outlined. */
type AnyTask = Task | TaskOutline;

export type TreeRow =
  | { readonly kind: 'run'; readonly key: string; readonly run: Run<AnyTask> }
  | { readonly kind: 'op'; readonly key: string; readonly run: Run<AnyTask>; readonly op: Op<AnyTask> }
  | { readonly kind: 'task'; readonly key: string; readonly op: Op<AnyTask>; readonly task: TaskOutline; readonly isExpanded: boolean }
  | { readonly kind: 'step'; readonly key: string; readonly op: Op<AnyTask>; readonly task: Task; readonly step: Step }
  | { readonly kind: 'log'; readonly key: string; readonly dir: string; readonly events: number | null }
  | { readonly kind: 'heading'; readonly key: string; readonly label: string }
  /** Steps not read over yet (the tree is still its outline). */
  | { readonly kind: 'pending'; readonly key: string; readonly label: string }
  | { readonly kind: 'other'; readonly key: string; readonly path: string; readonly reason: string; readonly isNotRead: boolean };

function stepText(step: Step): string {
  const padded = String(step.step).padStart(2, '0');
  return `s${step.step} s${padded} step${step.step} ${step.status} ${step.records.map((record) => `${record.agent} ${record.role}`).join(' ')}`.toLowerCase();
}

/** How the tree orders the ops of a run. */
export type OpOrder = 'name' | 'speedup' | 'attempts';

type Ranked = { readonly tasks: ReadonlyArray<{ readonly bestSpeedup: number | null; readonly attempts: number }> };

function opBest(op: Ranked): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const task of op.tasks) if (task.bestSpeedup !== null && task.bestSpeedup > best) best = task.bestSpeedup;
  return best;
}

function opAttempts(op: Ranked): number {
  return op.tasks.reduce((n, task) => n + task.attempts, 0);
}

/** Ops by name (as the tree is built), by best speed-up (fastest first), or by attempts (most first: where the agent struggled). */
export function orderOps<O extends Ranked>(ops: readonly O[], order: OpOrder): readonly O[] {
  if (order === 'name') return ops;
  const key = order === 'speedup' ? opBest : opAttempts;
  return [...ops].sort((a, b) => key(b) - key(a));
}

/**
 * The rows of the tree panel: what is expanded, narrowed by the filter. The filter is words, all
 * of which must match (in any order, any case) the run, op, task or step: `relu failed`, `run2`,
 * `S06`, `kernel_gen passed`, `task 3`. A task whose run, op or id matches shows all its steps when opened;
 * otherwise it opens on the steps that match. While the tree is its outline, an open task shows the
 * steps it was asked for alone or says they are coming, and a filter matches runs, ops and tasks
 * only (and says so).
 */
export function treeRows(
  snapshot: IndexSnapshot<AnyTask>,
  expanded: Readonly<Record<string, true>>,
  filter: string,
  order: OpOrder = 'name',
  /** Tasks of an outline asked for whole on their own, by taskKey. */
  loaded: ReadonlyMap<string, Task> = new Map(),
): TreeRow[] {
  // "task 1" is one term (task 1, not any step with a 1 in it).
  const terms = filter
    .toLowerCase()
    .replace(/\btask\s+/g, 'task\u0000')
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => term.replace('\u0000', ' '));
  const matches = (text: string) => terms.every((term) => text.includes(term));
  const rows: TreeRow[] = [];
  let isPartial = false;
  for (const run of snapshot.tree.runs) {
    const runRows: TreeRow[] = [];
    const runText = run.path.toLowerCase();
    for (const op of orderOps(run.ops, order)) {
      const opText = `${runText} ${op.name.toLowerCase()}`;
      const opRows: TreeRow[] = [];
      for (const task of op.tasks) {
        const key = taskKey(op.path, task.id);
        const taskText = `${opText} task ${task.id.toLowerCase()}`;
        const isTaskMatch = matches(taskText);
        if (!('steps' in task)) {
          // An outline: its steps are not here to match or show.
          if (!isTaskMatch) {
            isPartial = true;
            continue;
          }
          const isExpanded = Boolean(expanded[key]);
          opRows.push({ kind: 'task', key: `t:${key}`, op, task, isExpanded });
          // Its steps when it was asked for on its own (`loaded`); else they are coming.
          const whole = loaded.get(key);
          if (isExpanded && whole)
            for (const step of whole.steps) opRows.push({ kind: 'step', key: `s:${stepKey(op.path, task.id, step.step)}`, op, task: whole, step });
          else if (isExpanded) opRows.push({ kind: 'pending', key: `p:${key}`, label: `reading its ${plural(task.stepCount, 'step')}…` });
          continue;
        }
        const matchingSteps = isTaskMatch ? task.steps : task.steps.filter((step) => matches(`${taskText} ${stepText(step)}`));
        if (matchingSteps.length === 0) continue;
        const isExpanded = Boolean(expanded[key]) || !isTaskMatch;
        opRows.push({ kind: 'task', key: `t:${key}`, op, task: taskOutline(task), isExpanded });
        if (isExpanded) for (const step of matchingSteps) opRows.push({ kind: 'step', key: `s:${stepKey(op.path, task.id, step.step)}`, op, task, step });
      }
      if (opRows.length > 0 || (terms.length > 0 && op.tasks.length === 0 && matches(opText)))
        runRows.push({ kind: 'op', key: `o:${op.path}`, run, op }, ...opRows);
    }
    for (const log of run.eventLogs) {
      if (matches(`${runText} ${log.dir.toLowerCase()} events`))
        runRows.push({ kind: 'log', key: `l:${log.dir}`, dir: log.dir, events: snapshot.eventLogs[log.dir]?.total_events ?? null });
    }
    if (runRows.length > 0 || terms.length === 0) rows.push({ kind: 'run', key: `r:${run.path}`, run }, ...runRows);
  }
  if (isPartial) rows.unshift({ kind: 'pending', key: 'p:filter', label: 'steps are still being read: only runs, ops and tasks are matched yet' });
  const others = snapshot.tree.otherFiles.filter((file) => matches(file.path.toLowerCase()));
  if (others.length > 0) {
    rows.push({ kind: 'heading', key: 'h:other', label: `Other files (${others.length})` });
    for (const file of others) rows.push({ kind: 'other', key: `x:${file.path}`, path: file.path, reason: file.reason, isNotRead: false });
  }
  // Links out, FIFOs, devices: listed so that the user sees they exist, with why they are not read.
  const notRead = snapshot.tree.notRead.filter((file) => matches(`${file.path} ${file.reason}`.toLowerCase()));
  if (notRead.length > 0) {
    rows.push({ kind: 'heading', key: 'h:not-read', label: `Not read (${notRead.length})` });
    for (const file of notRead) rows.push({ kind: 'other', key: `x:${file.path}`, path: file.path, reason: file.reason, isNotRead: true });
  }
  return rows;
}

export function languageOf(path: string): string {
  if (/\.(py|pyi)$/.test(path)) return 'python';
  if (/\.(md|markdown)$/.test(path)) return 'markdown';
  if (/\.(cpp|cc|cu|cuh|h|hpp|c)$/.test(path)) return 'cpp';
  if (/\.(json|jsonl)$/.test(path)) return 'json';
  return 'plaintext';
}

/**
 * Record text files are `.txt`; their language comes from what they hold. Prompts, reasoning and
 * logs are plain text (a prompt's `<kernel_gen …>` is no HTML tag, its `*op*` no emphasis); an
 * answer is shown in the language of its code.
 */
export function recordLanguage(param: Param, role: string): string | ((text: string) => string) {
  if (param !== 'result') return 'plaintext';
  if (role === 'coder') return (text) => answerLanguage(text, 'python');
  return (text) => answerLanguage(text, 'plaintext');
}
