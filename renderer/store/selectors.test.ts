import { beforeAll, describe, expect, it } from 'vitest';
import { TraceTreeBuilder } from '../../shared/analysis/traceTree';
import { outlineOf, taskKey } from '../../shared/analysis/treeQuery';
import type { IndexSnapshot } from '../../shared/model/liveIndex';
import { orderOps, treeRows } from './selectors';

const OP = 'Task_x/relu';
let snapshot: IndexSnapshot;

beforeAll(() => {
  // An era A run built from names alone, as the index builds it (no disk: the renderer's tests run in a browser's terms).
  const builder = new TraceTreeBuilder('logs');
  for (const task of ['0', '1']) {
    for (const name of [
      'S01_relu_DoDesigner_result',
      'S02_relu_DoCoder_result',
      'S03_relu_DoTester_error_log',
      'S04_relu_FixCoder_result',
      'S05_relu_DoTester_error_log',
    ]) {
      builder.addFile(`${OP}/I${task}_${name}.txt`, name.endsWith('error_log') ? 10 : null);
    }
  }
  snapshot = { version: 1, root: '/logs', files: builder.fileCount, tree: builder.snapshot(), eventLogs: {}, status: { state: 'ready' } };
});

const stepRows = (rows: ReturnType<typeof treeRows>) => rows.flatMap((row) => (row.kind === 'step' ? [`${row.task.id}:${row.step.step}`] : []));

// The tree panel's rows, in Node: selectors import nothing that talks to a host.
describe('treeRows', () => {
  it('shows runs, ops and tasks; an expanded task shows its steps', () => {
    expect(treeRows(snapshot, {}, '').map((row) => row.key)).toEqual(['r:Task_x', `o:${OP}`, `t:${taskKey(OP, '0')}`, `t:${taskKey(OP, '1')}`]);
    expect(stepRows(treeRows(snapshot, { [taskKey(OP, '1')]: true }, ''))).toEqual(['1:1', '1:2', '1:3', '1:4', '1:5']);
  });

  it('narrows by agent or status and opens the tasks that match', () => {
    expect(stepRows(treeRows(snapshot, {}, 'dotester'))).toEqual(['0:3', '0:5', '1:3', '1:5']);
    expect(stepRows(treeRows(snapshot, {}, 'fixcoder'))).toEqual(['0:4', '1:4']);
  });

  it('takes several words, all of which must match the run, op, task or step, in any order', () => {
    expect(stepRows(treeRows(snapshot, {}, 'failed dotester'))).toEqual(['0:3', '0:5', '1:3', '1:5']);
    expect(stepRows(treeRows(snapshot, {}, 'S04'))).toEqual(['0:4', '1:4']);
    expect(stepRows(treeRows(snapshot, {}, 'relu  s4 task_x'))).toEqual(['0:4', '1:4']);
    // A task that matches as a whole opens on all its steps only when the user opens it.
    expect(
      treeRows(snapshot, {}, 'task 1')
        .filter((row) => row.kind === 'task')
        .map((row) => row.key),
    ).toEqual([`t:${taskKey(OP, '1')}`]);
    expect(stepRows(treeRows(snapshot, {}, 'task 1'))).toEqual([]);
    expect(treeRows(snapshot, {}, 'no such thing')).toEqual([]);
  });

  it("draws the outline before the steps come: the same task rows, an open task's steps said to be coming, a filter on runs, ops and tasks only", () => {
    const outline = outlineOf(snapshot);
    const keys = (rows: ReturnType<typeof treeRows>) => rows.map((row) => row.key);
    expect(keys(treeRows(outline, {}, ''))).toEqual(keys(treeRows(snapshot, {}, '')));
    const tasks = (rows: ReturnType<typeof treeRows>) => rows.flatMap((row) => (row.kind === 'task' ? [row.task] : []));
    expect(tasks(treeRows(outline, {}, ''))).toEqual(tasks(treeRows(snapshot, {}, '')));
    const open = { [taskKey(OP, '1')]: true } as const;
    expect(treeRows(outline, open, '').slice(-1)).toEqual([{ kind: 'pending', key: `p:${taskKey(OP, '1')}`, label: 'reading its 5 steps…' }]);
    // A task asked for on its own shows its steps, as the whole tree would.
    const task1 = snapshot.tree.runs[0]!.ops[0]!.tasks[1]!;
    expect(stepRows(treeRows(outline, open, '', 'name', new Map([[taskKey(OP, '1'), task1]])))).toEqual(stepRows(treeRows(snapshot, open, '')));
    // A task that matches shows; the steps that might match are not there yet, and the rows say so.
    expect(keys(treeRows(outline, {}, 'task 1'))).toEqual(['p:filter', 'r:Task_x', `o:${OP}`, `t:${taskKey(OP, '1')}`]);
    expect(keys(treeRows(outline, {}, 'dotester'))).toEqual(['p:filter']);
  });

  it('orders ops by name, best speed-up or attempts', () => {
    const op = (name: string, best: number | null, attempts: number) =>
      ({ name, path: name, tasks: [{ id: '0', steps: [], attempts, attemptSteps: [], firstPassingStep: null, bestSpeedup: best }] }) as const;
    const ops = [op('a', 1.2, 1), op('b', null, 5), op('c', 3, 2)];
    expect(orderOps(ops, 'name').map((o) => o.name)).toEqual(['a', 'b', 'c']);
    expect(orderOps(ops, 'speedup').map((o) => o.name)).toEqual(['c', 'a', 'b']);
    expect(orderOps(ops, 'attempts').map((o) => o.name)).toEqual(['b', 'c', 'a']);
  });

  it('lists files that are not read under a heading of their own, with why', () => {
    const withNotRead = { ...snapshot, tree: { ...snapshot.tree, notRead: [{ path: 'x/link.txt', reason: 'a link to outside the opened folder: not read' }] } };
    expect(treeRows(withNotRead, {}, '').slice(-2)).toEqual([
      { kind: 'heading', key: 'h:not-read', label: 'Not read (1)' },
      { kind: 'other', key: 'x:x/link.txt', path: 'x/link.txt', reason: 'a link to outside the opened folder: not read', isNotRead: true },
    ]);
  });
});
