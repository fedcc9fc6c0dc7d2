import type { StateCreator } from 'zustand';
import { applyDelta } from '../../shared/analysis/treePatch';
import type { IndexDelta, IndexSnapshot, IndexStatus } from '../../shared/model/liveIndex';
import type { AppError } from '../../shared/model/result';
import type { ConnectionState } from '../lib/api';
import { forgetChanged } from '../lib/queryKeys';
import type { Store, StoreDeps } from './createStore';

/** The live tree as the host pushes it: the snapshot, patched by each delta, and the connection. */
export interface IndexSlice {
  snapshot: IndexSnapshot | null;
  snapshotError: AppError | null;
  /** A delta could not be applied: a fresh snapshot is on its way. */
  isSnapshotStale: boolean;
  connection: ConnectionState;
  status: IndexStatus;
  /** Paths added by the last delta that added any (what following goes to). */
  lastAdded: readonly string[];
  loadSnapshot(): Promise<void>;
  receiveDelta(delta: IndexDelta): void;
  setConnection(state: ConnectionState): void;
  setStatus(status: IndexStatus): void;
}

export const indexSlice =
  ({ api, queries }: StoreDeps): StateCreator<Store, [], [], IndexSlice> =>
  (set, get) => ({
    snapshot: null,
    snapshotError: null,
    isSnapshotStale: false,
    connection: 'connecting',
    status: { state: 'ready' },
    lastAdded: [],
    async loadSnapshot() {
      const result = await api.call('tree.snapshot', {});
      if (result.ok) set({ snapshot: result.value, snapshotError: null, isSnapshotStale: false, status: result.value.status });
      else set({ snapshotError: result.error, isSnapshotStale: false });
    },
    receiveDelta(delta) {
      const { snapshot } = get();
      // Files that changed or went away are read again (now if shown, else when next shown).
      forgetChanged(queries, delta);
      const patched = snapshot ? applyDelta(snapshot, delta) : null;
      set({ lastAdded: delta.added.length > 0 ? delta.added : get().lastAdded, ...(patched ? { snapshot: patched } : {}) });
      if (!patched && !get().isSnapshotStale) {
        set({ isSnapshotStale: true });
        void get().loadSnapshot();
      }
      // Where the news arrives, following decides where to go.
      if (delta.added.length > 0) get().followNewest();
    },
    setConnection(connection) {
      set({ connection });
      if (connection === 'open' && get().snapshot) void get().loadSnapshot();
    },
    setStatus(status) {
      set({ status });
    },
  });
