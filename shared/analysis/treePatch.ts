import type { IndexDelta, IndexSnapshot } from '../model/liveIndex';
import type { Op, Task } from '../model/trace';

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Applies a delta's task changes to a snapshot. Returns null when the delta cannot be applied
 * (a version was missed, or runs/ops changed): the client then asks for a fresh snapshot.
 */
export function applyDelta(snapshot: IndexSnapshot, delta: IndexDelta): IndexSnapshot | null {
  if (delta.version !== snapshot.version + 1 || delta.structural) return null;
  const files = snapshot.files + delta.added.length - delta.removed.length;
  if (delta.tasks.length === 0 && Object.keys(delta.eventLogs).length === 0) return { ...snapshot, version: delta.version, files };
  const changesByOp = new Map<string, Map<string, Task | null>>();
  for (const change of delta.tasks) {
    const changes = changesByOp.get(change.opPath) ?? new Map<string, Task | null>();
    changes.set(change.id, change.task);
    changesByOp.set(change.opPath, changes);
  }
  let unmatched = changesByOp.size;
  const runs = snapshot.tree.runs.map((run) => {
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
        tasks.sort((a, b) => collator.compare(a.id, b.id));
        return { ...op, tasks };
      }),
    };
  });
  if (unmatched > 0) return null;
  return { ...snapshot, version: delta.version, files, tree: { ...snapshot.tree, runs }, eventLogs: { ...snapshot.eventLogs, ...delta.eventLogs } };
}
