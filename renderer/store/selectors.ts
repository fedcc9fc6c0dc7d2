import type { IndexSnapshot } from '../../shared/model/liveIndex';
import { stepKey, taskKey } from '../../shared/analysis/treeQuery';
import type { Op, Param, Run, Step, Task } from '../../shared/model/trace';

export type TreeRow =
  | { readonly kind: 'run'; readonly key: string; readonly run: Run }
  | { readonly kind: 'op'; readonly key: string; readonly run: Run; readonly op: Op }
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
        if (isExpanded) for (const step of matchingSteps) opRows.push({ kind: 'step', key: `s:${stepKey(op.path, task.id, step.step)}`, op, task, step });
      }
      if (opRows.length > 0) runRows.push({ kind: 'op', key: `o:${op.path}`, run, op }, ...opRows);
    }
    for (const log of run.eventLogs) {
      if (needle === '' || log.dir.toLowerCase().includes(needle))
        runRows.push({ kind: 'log', key: `l:${log.dir}`, dir: log.dir, events: snapshot.eventLogs[log.dir]?.total_events ?? null });
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
