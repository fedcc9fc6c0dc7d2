import type { IndexDelta, IndexSnapshot } from '../model/liveIndex';
import type { Op, Task } from '../model/trace';
import { compareTaskIds } from './order';

/**
 * Applies a delta to a snapshot: its task changes, and with a structural delta the runs and ops
 * it carries (tasks kept from the snapshot). Returns null when the delta cannot be applied (a
 * version was missed, or a structural delta came without its structure): the client then asks for
 * a fresh snapshot.
 */
export function applyDelta(snapshot: IndexSnapshot, delta: IndexDelta): IndexSnapshot | null {
  if (delta.version !== snapshot.version + 1 || (delta.structural && !delta.structure)) return null;
  const files = snapshot.files + delta.added.length - delta.removed.length;
  if (!delta.structural && delta.tasks.length === 0 && Object.keys(delta.eventLogs).length === 0) return { ...snapshot, version: delta.version, files };
  // A structural delta's runs and ops, each op with the tasks the client had for it.
  const known = new Map<string, Op>();
  for (const run of snapshot.tree.runs) for (const op of run.ops) known.set(op.path, op);
  const base = delta.structure
    ? delta.structure.runs.map((run) => ({ ...run, ops: run.ops.map((op) => ({ ...op, tasks: known.get(op.path)?.tasks ?? [] })) }))
    : snapshot.tree.runs;
  const changesByOp = new Map<string, Map<string, Task | null>>();
  for (const change of delta.tasks) {
    const changes = changesByOp.get(change.opPath) ?? new Map<string, Task | null>();
    changes.set(change.id, change.task);
    changesByOp.set(change.opPath, changes);
  }
  let unmatched = changesByOp.size;
  const runs = base.map((run) => {
    if (!run.ops.some((op) => changesByOp.has(op.path))) return run;
    return {
      ...run,
      ops: run.ops.map((op): Op => {
        const changes = changesByOp.get(op.path);
        if (!changes) return op;
        unmatched--;
        const tasks = op.tasks.flatMap((task) => {
          if (!changes.has(task.id)) return [task];
          const next = changes.get(task.id)!;
          changes.delete(task.id);
          return next ? [next] : [];
        });
        for (const task of changes.values()) if (task) tasks.push(task);
        tasks.sort((a, b) => compareTaskIds(a.id, b.id));
        return { ...op, tasks };
      }),
    };
  });
  // Changes to a task of an op that is gone: only a removal (nothing to show) is fine.
  if (unmatched > 0 && delta.tasks.some((change) => change.task !== null && !runs.some((run) => run.ops.some((op) => op.path === change.opPath)))) return null;
  const tree = delta.structure
    ? { runs, otherFiles: delta.structure.otherFiles, notRead: delta.structure.notRead, warnings: delta.structure.warnings }
    : { ...snapshot.tree, runs };
  return { ...snapshot, version: delta.version, files, tree, eventLogs: { ...snapshot.eventLogs, ...delta.eventLogs } };
}
