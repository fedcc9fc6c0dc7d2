import { beforeAll, describe, expect, it } from 'vitest';
import { TraceTreeBuilder } from '../../shared/analysis/traceTree';
import { taskKey } from '../../shared/analysis/treeQuery';
import type { IndexSnapshot } from '../../shared/model/liveIndex';
import { treeRows } from './selectors';

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

  it('lists files that are not read under a heading of their own, with why', () => {
    const withNotRead = { ...snapshot, tree: { ...snapshot.tree, notRead: [{ path: 'x/link.txt', reason: 'a link to outside the opened folder: not read' }] } };
    expect(treeRows(withNotRead, {}, '').slice(-2)).toEqual([
      { kind: 'heading', key: 'h:not-read', label: 'Not read (1)' },
      { kind: 'other', key: 'x:x/link.txt', path: 'x/link.txt', reason: 'a link to outside the opened folder: not read', isNotRead: true },
    ]);
  });
});
