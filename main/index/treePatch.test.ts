import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDemo } from '../demo';
import { TraceIndex } from './traceIndex';
import type { IndexDelta, IndexSnapshot } from '../../shared/model/liveIndex';
import { applyDelta } from '../../shared/analysis/treePatch';

describe('applyDelta', () => {
  it('keeps a client tree equal to the index through a live run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-patch-'));
    try {
      const index = await TraceIndex.open(dir, { rewalkMs: 0 });
      let client: IndexSnapshot = index.snapshot();
      let refetches = 0;
      index.onDelta((delta) => {
        const next = applyDelta(client, delta);
        if (next) client = next;
        else {
          refetches++;
          client = index.snapshot();
        }
      });
      await index.watching;
      const { files } = await writeDemo(dir, { ops: 2, tasksPerOp: 3, tickMs: 3, eventLog: false });
      // Until the watcher has told the index of every file written (not a fixed sleep).
      for (let i = 0; i < 300 && index.snapshot().files < files; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await index.settled();
      expect(index.snapshot().files).toBe(files);
      expect(client.tree).toEqual(index.snapshot().tree);
      expect(client.version).toBe(index.version);
      expect(client.files).toBe(index.snapshot().files);
      // New ops and runs come with the tree's structure: the client never asks for the whole tree again.
      expect(refetches).toBe(0);
      // An op folder removed: its tasks go, and so does the op.
      const run = client.tree.runs[0]!;
      await rm(join(dir, run.ops[0]!.path), { recursive: true, force: true });
      for (let i = 0; i < 30 && client.tree.runs[0]!.ops.length === run.ops.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      await index.settled();
      expect(client.tree.runs[0]!.ops).toHaveLength(run.ops.length - 1);
      expect(client.tree).toEqual(index.snapshot().tree);
      expect(refetches).toBe(0);
      await index.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a delta when a version was missed', () => {
    const snapshot = {
      version: 3,
      root: '/',
      files: 0,
      tree: { runs: [], otherFiles: [], notRead: [], warnings: [] },
      eventLogs: {},
      status: { state: 'ready' },
    } as const;
    const delta: IndexDelta = { version: 5, added: [], removed: [], changed: [], tasks: [], structural: false, eventLogs: {} };
    expect(applyDelta(snapshot, delta)).toBeNull();
    expect(applyDelta(snapshot, { ...delta, version: 4, added: ['a', 'b'], removed: ['c'] })).toMatchObject({ version: 4, files: 1 });
  });
});
