import { create } from 'zustand';
import { applyDelta } from '../../shared/analysis/treePatch';
import { taskKey } from '../../shared/analysis/treeQuery';
import type { IndexDelta, IndexSnapshot, IndexStatus } from '../../shared/model/liveIndex';
import type { AppError } from '../../shared/model/result';
import { api, type ConnectionState } from '../lib/api';
import { forgetChanged, queryClient } from '../lib/hostData';
import type { Route } from './route';

interface IndexSlice {
  snapshot: IndexSnapshot | null;
  snapshotError: AppError | null;
  /** A delta could not be applied: a fresh snapshot is on its way. */
  isSnapshotStale: boolean;
  connection: ConnectionState;
  status: IndexStatus;
  /** Paths added by the last deltas, newest last (drives "follow the newest step"). */
  lastAdded: readonly string[];
  loadSnapshot(): Promise<void>;
  receiveDelta(delta: IndexDelta): void;
  setConnection(state: ConnectionState): void;
  setStatus(status: IndexStatus): void;
}

interface NavSlice {
  route: Route;
  /** Task keys (`opPath \0 taskId`) whose steps are shown in the tree. */
  expanded: Readonly<Record<string, true>>;
  filter: string;
  /** Follow the newest step of a live run; paused by any choice of the user. */
  isFollowing: boolean;
  isHelpOpen: boolean;
  /** Whether the last navigation was the user's (a history entry) or the app's (following: no entry). */
  isRouteByUser: boolean;
  navigate(route: Route, options?: { byUser?: boolean }): void;
  toggleExpanded(key: string, expanded?: boolean): void;
  /** Expands every task of the tree, or collapses them all. */
  setAllExpanded(isExpanded: boolean): void;
  setFilter(filter: string): void;
  setFollowing(isFollowing: boolean): void;
  setHelpOpen(isOpen: boolean): void;
}

/** What the user chose and the live tree; what is asked of the host lives in lib/hostData.ts. */
export type Store = IndexSlice & NavSlice;

export const useStore = create<Store>()((set, get) => ({
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
    forgetChanged(queryClient, delta);
    const patched = snapshot ? applyDelta(snapshot, delta) : null;
    set({ lastAdded: delta.added.length > 0 ? delta.added : get().lastAdded, ...(patched ? { snapshot: patched } : {}) });
    if (!patched && !get().isSnapshotStale) {
      set({ isSnapshotStale: true });
      void get().loadSnapshot();
    }
  },
  setConnection(connection) {
    set({ connection });
    if (connection === 'open' && get().snapshot) void get().loadSnapshot();
  },
  setStatus(status) {
    set({ status });
  },

  route: { view: 'home' },
  expanded: {},
  filter: '',
  isFollowing: true,
  isHelpOpen: false,
  isRouteByUser: false,
  navigate(route, options) {
    set({ route, isRouteByUser: Boolean(options?.byUser), ...(options?.byUser ? { isFollowing: false } : {}) });
    if (route.view === 'step') get().toggleExpanded(taskKey(route.op, route.task), true);
  },
  toggleExpanded(key, expanded) {
    const current = get().expanded;
    const isOpen = expanded ?? !current[key];
    if (Boolean(current[key]) === isOpen) return;
    const next = { ...current };
    if (isOpen) next[key] = true;
    else delete next[key];
    set({ expanded: next });
  },
  setAllExpanded(isExpanded) {
    const expanded: Record<string, true> = {};
    if (isExpanded)
      for (const run of get().snapshot?.tree.runs ?? []) for (const op of run.ops) for (const task of op.tasks) expanded[taskKey(op.path, task.id)] = true;
    set({ expanded });
  },
  setFilter(filter) {
    set({ filter });
  },
  setFollowing(isFollowing) {
    set({ isFollowing });
  },
  setHelpOpen(isHelpOpen) {
    set({ isHelpOpen });
  },
}));
