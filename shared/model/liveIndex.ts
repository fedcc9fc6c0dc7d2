/** What the core's live index hands out: snapshots, versioned deltas and its status. */
import type { EventSummary } from './events';
import type { Task, TaskOutline, TraceTree } from './trace';

/** A task that changed in a batch: the task as it is now, or null when it is gone. */
export interface TaskChange {
  readonly opPath: string;
  /** The task as it is now; null when it no longer exists. */
  readonly task: Task | null;
  readonly id: string;
}

export interface IndexDelta {
  /** The index version after this batch; a client that missed one asks for a snapshot. */
  readonly version: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly tasks: readonly TaskChange[];
  /** True when runs, ops, run files, event logs or other files changed: tasks alone do not say it all. */
  readonly structural: boolean;
  /**
   * With `structural`: the tree as it is now without tasks (ops' `tasks` empty), so that a client
   * keeps its tasks, applies `tasks`, and needs no new snapshot. Absent: ask for a snapshot.
   */
  readonly structure?: TraceTree;
  /** Event summaries of log folders whose events changed, by folder. */
  readonly eventLogs: Readonly<Record<string, EventSummary>>;
}

export type IndexStatus =
  | { readonly state: 'ready' }
  /** The folder is being read: no tree yet (or, on a reload, the one before); `files` found so far. */
  | { readonly state: 'scanning'; readonly message: string; readonly files: number }
  /** The tree is there; the watcher is still starting (changes meanwhile are caught up after). */
  | { readonly state: 'starting'; readonly message: string }
  /** A bundle's tree: what the folder held when the bundle was made; nothing is followed. */
  | { readonly state: 'snapshot'; readonly message: string }
  | { readonly state: 'root-missing'; readonly message: string }
  | { readonly state: 'watch-error'; readonly message: string }
  /** Polling instead of watching (asked for, or the watch limit was reached). */
  | { readonly state: 'polling'; readonly message: string };

export interface IndexSnapshot<T = Task> {
  readonly version: number;
  readonly root: string;
  /** How many files the index holds (kept up to date by deltas' added and removed). */
  readonly files: number;
  readonly tree: TraceTree<T>;
  readonly eventLogs: Readonly<Record<string, EventSummary>>;
  readonly status: IndexStatus;
}

/**
 * The tree as the page first gets it (issue #18): every run, op and task with its figures, no
 * steps. A 100k-file run's outline is a fortieth of its tree; the steps follow in the whole tree.
 */
export type IndexOutline = IndexSnapshot<TaskOutline>;

/** A range of one file, decoded; binary files are named, not dumped. */
export interface FileSlice {
  readonly size: number;
  /** When the file was last written (epoch ms): how long a step has waited for its verdict. */
  readonly modifiedMs: number;
  readonly offset: number;
  /** Bytes read from `offset` (the text is their decoding). */
  readonly length: number;
  /** Empty for binary files. */
  readonly text: string;
  readonly isBinary: boolean;
  /** True when the file goes on past what was read. */
  readonly isCut: boolean;
  readonly encoding: string;
  readonly hadInvalidBytes: boolean;
}
