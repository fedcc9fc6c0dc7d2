import type { StateCreator } from 'zustand';
import type { IndexDelta, IndexStatus } from '../../shared/model/liveIndex';
import type { ConnectionState } from '../lib/api';
import { forgetChanged, patchStatus, patchTree, treeQuery, treeKey } from '../lib/queryKeys';
import type { Store, StoreDeps } from './createStore';

/**
 * Where the host's pushes arrive. The live tree itself lives in the query cache (queryKeys.ts:
 * `treeKey`), patched here by each delta; the store keeps the connection and what following needs.
 */
export interface IndexSlice {
  connection: ConnectionState;
  /** The status pushed before the tree came (how far the folder's first read is); null once the tree holds it. */
  statusBeforeTree: IndexStatus | null;
  /** Paths added since the view last followed (what following goes to); while not following, those of the last delta. */
  lastAdded: readonly string[];
  /** Asks for the live tree (the page's first question; tests call it directly). */
  loadSnapshot(): Promise<void>;
  receiveDelta(delta: IndexDelta): void;
  setConnection(state: ConnectionState): void;
  setStatus(status: IndexStatus): void;
}

export const indexSlice =
  ({ api, queries }: StoreDeps): StateCreator<Store, [], [], IndexSlice> =>
  (set, get) => ({
    connection: 'connecting',
    statusBeforeTree: null,
    lastAdded: [],
    async loadSnapshot() {
      await queries.fetchQuery(treeQuery(api));
    },
    receiveDelta(delta) {
      // Files that changed or went away are read again (now if shown, else when next shown).
      forgetChanged(queries, delta);
      patchTree(queries, delta);
      if (delta.added.length === 0) return;
      // Kept until the view moves: a move waits up to a second, and a later delta of other files
      // (an event log) must not hide the steps an earlier one added meanwhile.
      const { isFollowing, lastAdded } = get();
      set({ lastAdded: isFollowing ? [...lastAdded, ...delta.added] : delta.added });
      // Where the news arrives, following decides where to go.
      get().followNewest();
    },
    setConnection(connection) {
      set({ connection });
      // Back after a loss: deltas were missed, so the tree is asked for again.
      if (connection === 'open' && queries.getQueryData(treeKey)) void queries.invalidateQueries({ queryKey: treeKey, exact: true });
    },
    setStatus(status) {
      set({ statusBeforeTree: patchStatus(queries, status) ? null : status });
    },
  });
