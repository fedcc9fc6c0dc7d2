/**
 * The tree builder's state made into the model's tree (FORMATS.md §1): runs, ops and tasks in
 * a person's order, each task built by the attempt rule (attempts.ts) once and kept until one of
 * its files changes.
 */
import type { AutoResearchFolder, EventLogRef, Op, OtherFile, Run, Task, TraceTree } from '../model/trace';
import { joinRelPath, splitRelPath } from '../parse/relPath';
import { baseName, type VerificationEntry } from '../parse/verification';
import { verifyFolderFiles } from '../parse/verifyFiles';
import { buildTask } from './attempts';
import type { FileRegistry } from './fileRegistry';
import { compareNames, compareTaskIds } from './order';
import type { OpAcc, RunAcc, TaskAcc } from './treeAcc';

/** What the projections read of the builder. */
export interface TreeState {
  readonly runs: ReadonlyMap<string, RunAcc>;
  readonly ops: ReadonlyMap<string, OpAcc>;
  readonly other: ReadonlyMap<string, string>;
  readonly notRead: ReadonlyMap<string, string>;
  readonly warningsBySource: ReadonlyMap<string, readonly string[]>;
  /** Which files exist (a verify folder's kernel is found among its names). */
  readonly files: FileRegistry;
}

/** The tree, each op made by `opNode` (whole, or without its tasks for a structural delta; null: left out). */
export function treeOf(state: TreeState, opNode: (op: OpAcc) => Op | null): TraceTree {
  const outputs = akgOpOutputs(state);
  const runs: Run[] = [...state.runs.values()]
    .sort((a, b) => compareNames(a.path, b.path))
    .map((run) => ({
      path: run.path,
      ops: [...run.ops]
        .map((opPath) => state.ops.get(opPath)!)
        .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.path, b.path))
        .flatMap((op) => opNode(op) ?? []),
      eventLogs: [...run.eventLogs]
        .sort(([a], [b]) => compareNames(a, b))
        .map(([dir, log]): EventLogRef => ({ format: log.format ?? 'documented', dir, files: [...log.files].sort(compareNames) })),
      files: [...run.files, ...(outputs.get(run.path) ?? [])].sort(compareNames),
      autoresearch: [...run.autoresearch]
        .sort(([a], [b]) => compareNames(a, b))
        .map(([dir, ar]): AutoResearchFolder => ({
          dir,
          op: ar.op,
          form: ar.forms.workspace > 0 ? 'workspace' : 'v1',
          roundsFile: ar.roundsFile,
          opPath: ar.target?.opPath ?? null,
          task: ar.target?.id ?? null,
          stateFile: ar.stateFile,
          phase: ar.phase,
        })),
    }));
  const shown = new Set([...outputs.values()].flat());
  const otherFiles: OtherFile[] = [...state.other]
    .filter(([path]) => !state.notRead.has(path) && !shown.has(path)) // listed once, with why it is not read
    .sort(([a], [b]) => compareNames(a, b))
    .map(([path, reason]) => ({ path, reason }));
  const notRead: OtherFile[] = [...state.notRead].sort(([a], [b]) => compareNames(a, b)).map(([path, reason]) => ({ path, reason }));
  const warnings = [...state.warningsBySource].sort(([a], [b]) => compareNames(a, b)).flatMap(([, list]) => list);
  return { runs, otherFiles, notRead, warnings };
}

/** What an akg-op / opencode run writes beside its `logs/` log root (FORMATS.md §4.3). */
const AKG_OP_OUTPUT = new Set(['run.log', 'summary.json', 'generated_code.py']);

/**
 * The files of akg-op output folders, by the run of their `logs/`: `<out>/{run.log, summary.json,
 * generated_code.py}` belong to the log root `<out>/logs` when that folder is a run (found by what
 * it holds, not by a `Task_` name); else they stay other files.
 */
function akgOpOutputs(state: TreeState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const path of state.other.keys()) {
    const { dir, name } = splitRelPath(path);
    const logs = joinRelPath(dir, 'logs');
    if (!AKG_OP_OUTPUT.has(name) || !state.runs.has(logs)) continue;
    const files = out.get(logs);
    if (files) files.push(path);
    else out.set(logs, [path]);
  }
  return out;
}

/** An op with its tasks. */
export function opNode(state: TreeState, op: OpAcc): Op {
  const tasks = [...op.tasks.values()].sort((a, b) => compareTaskIds(a.id, b.id)).map((task) => taskNode(state, op, task));
  return { name: op.name, path: op.path, tasks };
}

/** Whether every task of the op is built (none changed since it was). */
export function isOpBuilt(op: OpAcc): boolean {
  for (const task of op.tasks.values()) if (!task.node) return false;
  return true;
}

/** A task, built once and kept until one of its files changes (`node` is reset then). */
export function taskNode(state: TreeState, op: OpAcc, acc: TaskAcc): Task {
  if (acc.node) return acc.node;
  if (!op.speedupsByDir) {
    op.speedupsByDir = new Map();
    for (const lines of op.speedupFiles.values()) for (const line of lines) op.speedupsByDir.set(line.uniqueDir, line);
  }
  const passedCaseNames = new Set<string>();
  for (const dir of acc.verifyDirs.values()) if (dir.info.passedCase) passedCaseNames.add(baseName(dir.path));
  const run = state.runs.get(op.runDir);
  const byName = run && verificationIndex(run);
  const named = byName?.get(op.name)?.get(acc.id);
  const unnamed = byName?.get('')?.get(acc.id);
  const verifications = named && unnamed ? [...named, ...unnamed] : (named ?? unnamed ?? NO_VERIFICATIONS);
  acc.node = buildTask({
    id: acc.id,
    records: acc.records,
    sizes: acc.sizes,
    verdicts: acc.verdicts,
    parsed: acc.parsed,
    verifyDirs: acc.verifyDirs.values(),
    verifyFiles: (dir) => verifyFolderFiles(state.files.names(dir.path), op.name),
    passedCaseNames,
    speedups: op.speedupsByDir,
    verifications,
    rounds: acc.rounds,
  });
  return acc.node;
}

const NO_VERIFICATIONS: readonly VerificationEntry[] = Object.freeze([]);

function verificationIndex(run: RunAcc): Map<string, Map<string, VerificationEntry[]>> {
  if (!run.verificationsByTask) {
    const index = new Map<string, Map<string, VerificationEntry[]>>();
    for (const entries of run.verifications.values()) {
      for (const entry of entries) {
        let byId = index.get(entry.taskName);
        if (!byId) index.set(entry.taskName, (byId = new Map()));
        // A multi-case verify (`_Init_Task2_multicase`, br_agents) is its task's, told apart by its folder name.
        const id = entry.taskId.endsWith('_multicase') ? entry.taskId.slice(0, -'_multicase'.length) : entry.taskId;
        const list = byId.get(id);
        if (list) list.push(entry);
        else byId.set(id, [entry]);
      }
    }
    run.verificationsByTask = index;
  }
  return run.verificationsByTask;
}
