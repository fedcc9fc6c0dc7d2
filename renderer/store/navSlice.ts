import type { StateCreator } from 'zustand';
import { taskKey } from '../../shared/analysis/treeQuery';
import { cachedSnapshot } from '../lib/queryKeys';
import type { Store, StoreDeps } from './createStore';
import { followTarget } from './follow';
import type { OpOrder } from './selectors';
import { type Route, routeToHash } from './route';

/** Following moves the view at most this often: a burst of files is not a burst of page changes. */
export const FOLLOW_EVERY_MS = 1000;

/** What the user chose: where they are, what is open, what is filtered, whether to follow. */
export interface NavSlice {
  route: Route;
  /** Task keys (`opPath \0 taskId`) whose steps are shown in the tree. */
  expanded: Readonly<Record<string, true>>;
  filter: string;
  /** How the tree orders each run's ops. */
  opOrder: OpOrder;
  /** Best speed-ups leave out the kernels an integrity rule flags (overview, run, comparison). */
  excludeFlagged: boolean;
  /** Follow the newest step of a live run; paused by any choice of the user. */
  isFollowing: boolean;
  isHelpOpen: boolean;
  /**
   * Goes to a view. The address bar mirrors it: the user's choices make history entries,
   * following only updates the address; `fromAddress` is a route the address bar gave (back,
   * a link, a reload), which is not written back.
   */
  navigate(route: Route, options?: { byUser?: boolean; fromAddress?: boolean }): void;
  /** While following, goes to the attempt the newest files belong to (at most once a FOLLOW_EVERY_MS). */
  followNewest(): void;
  toggleExpanded(key: string, expanded?: boolean): void;
  /** Expands every task of the tree, or collapses them all. */
  setAllExpanded(isExpanded: boolean): void;
  setFilter(filter: string): void;
  setOpOrder(order: OpOrder): void;
  setExcludeFlagged(exclude: boolean): void;
  setFollowing(isFollowing: boolean): void;
  setHelpOpen(isOpen: boolean): void;
}

export const navSlice =
  ({ address, now, queries }: StoreDeps): StateCreator<Store, [], [], NavSlice> =>
  (set, get) => {
    let lastFollowAt = Number.NEGATIVE_INFINITY;
    let followTimer: ReturnType<typeof setTimeout> | null = null;
    return {
      route: { view: 'home' },
      expanded: {},
      filter: '',
      opOrder: 'name',
      excludeFlagged: false,
      isFollowing: true,
      isHelpOpen: false,
      navigate(route, options) {
        set({ route, ...(options?.byUser ? { isFollowing: false } : {}) });
        if (route.view === 'step') get().toggleExpanded(taskKey(route.op, route.task), true);
        if (options?.fromAddress) return;
        const hash = routeToHash(route);
        const shown = address.read();
        if (shown === hash || (route.view === 'home' && (shown === '' || shown === '#/'))) return;
        if (options?.byUser) address.push(hash);
        else address.replace(hash);
      },
      followNewest() {
        const { isFollowing, lastAdded, route } = get();
        if (!isFollowing || followTimer) return;
        const snapshot = cachedSnapshot(queries);
        if (!snapshot) return;
        // Too soon after the last move: go to the newest step when the time comes.
        const wait = lastFollowAt + FOLLOW_EVERY_MS - now();
        if (wait > 0) {
          followTimer = setTimeout(() => {
            followTimer = null;
            get().followNewest();
          }, wait);
          return;
        }
        const target = followTarget(snapshot.tree, lastAdded, route);
        set({ lastAdded: [] }); // looked at: the next move is about what comes next
        if (!target) return;
        lastFollowAt = now();
        get().navigate(target);
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
          for (const run of cachedSnapshot(queries)?.tree.runs ?? [])
            for (const op of run.ops) for (const task of op.tasks) expanded[taskKey(op.path, task.id)] = true;
        set({ expanded });
      },
      setFilter(filter) {
        set({ filter });
      },
      setOpOrder(opOrder) {
        set({ opOrder });
      },
      setExcludeFlagged(excludeFlagged) {
        set({ excludeFlagged });
      },
      setFollowing(isFollowing) {
        set({ isFollowing });
        if (isFollowing) get().followNewest();
      },
      setHelpOpen(isHelpOpen) {
        set({ isHelpOpen });
      },
    };
  };
