/**
 * Every call and pushed message between the UI and the core, typed once. Both hosts (Electron
 * IPC and the HTTP/WebSocket server) implement `CoreCalls` and are checked against it with
 * `satisfies`; the renderer's api client is typed from it too.
 */
import type { AppError, Result } from './model/result';
import type { AutopsyDocument } from './analysis/autopsyMarkdown';
import type { AgentEvent } from './model/events';
import type { FileSlice, IndexDelta, IndexSnapshot, IndexStatus } from './model/liveIndex';

export interface SearchQuery {
  readonly text: string;
  readonly isRegex: boolean;
  readonly isCaseSensitive: boolean;
}

export interface SearchHit {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, where the match starts. */
  readonly column: number;
  /** The matching line, cut to a readable length around the match. */
  readonly preview: string;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  readonly filesSearched: number;
  /** Files not searched: binary, larger than the search reads, or not read at all (links out, FIFOs). */
  readonly filesSkipped: number;
  /** True when the hit limit was reached and the search stopped. */
  readonly isCut: boolean;
  /** Why the search stopped before the end (its time limit), with what it did not search; null when it ran through. */
  readonly stopped: string | null;
}

export interface EventFilters {
  readonly type?: string;
  readonly level?: string;
  readonly stage?: string;
  /** Case-insensitive text in the type or the payload. */
  readonly text?: string;
}

export interface EventOverview {
  /** The file the events come from (the final JSON replaces the readable log when it appears). */
  readonly source: string;
  readonly total: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly types: Readonly<Record<string, number>>;
  readonly stages: Readonly<Record<string, number>>;
  readonly levels: Readonly<Record<string, number>>;
  readonly spans: number;
  readonly runningSpans: number;
}

/** What to draw of a time window at a given number of pixel columns. */
export interface EventWindow {
  /** Every lane's name; marks and spans are only those of the lanes asked for (all by default). */
  readonly lanes: readonly string[];
  /** Flat quadruples: lane, column, level (0 info, 1 warning, 2 error), seq. */
  readonly marks: readonly number[];
  /** Flat sextuples: lane, first column, end column, kind (0 stage, 1 LLM call, 2 task, 3 code run), flags (1 running, 2 failed), start seq. */
  readonly spans: readonly number[];
  /** The whole log at the same number of columns: events and errors per column. */
  readonly overview: { readonly counts: readonly number[]; readonly errors: readonly number[] };
}

type LogArgs<T = object> = { dir: string } & T;

/** Call name → its argument and its value. */
export interface CallMap {
  /** The whole tree, the event summaries and the index version. */
  'tree.snapshot': { args: Record<string, never>; value: IndexSnapshot };
  /** A range of one file under the opened root (`path` is root-relative). */
  'file.read': { args: { path: string; offset?: number; length?: number }; value: FileSlice };
  /** The indexed files below a root-relative folder, e.g. a verify folder. */
  'folder.files': { args: { path: string }; value: string[] };
  /** Full-text or regex search over every text file of the opened root. */
  'search.run': { args: SearchQuery; value: SearchResult };
  /** Counts and the time range of one tracker log folder's events. */
  'events.overview': { args: LogArgs; value: EventOverview };
  /** What to draw of a time window (marks per lane and pixel column, spans, an overview strip). */
  'events.window': { args: LogArgs<{ startMs: number; endMs: number; columns: number; laneMode: 'stage' | 'type'; filters: EventFilters; laneStart?: number; laneCount?: number }>; value: EventWindow };
  /** Rows of the filtered event table (payloads as written; parsed when shown). */
  'events.rows': { args: LogArgs<{ filters: EventFilters; offset: number; limit: number }>; value: { total: number; events: AgentEvent[] } };
  /** Where an event sits in the filtered table (-1 when filtered out). */
  'events.position': { args: LogArgs<{ filters: EventFilters; seq: number }>; value: number };
  /** The next (direction 1) or previous (-1) error after `seq` among the filtered events. */
  'events.nextError': { args: LogArgs<{ filters: EventFilters; seq: number; direction: 1 | -1 }>; value: number | null };
  /** The event with this timestamp and type (the autopsy links to events so). */
  'events.locate': { args: LogArgs<{ timestamp: string; type: string }>; value: number | null };
  /** One event. */
  'events.get': { args: LogArgs<{ seq: number }>; value: AgentEvent | null };
  /** The autopsy: each agent event log's report (and the run's own, with differences) and the kernel runs'. */
  'autopsy.run': { args: Record<string, never>; value: AutopsyDocument & { readonly root: string } };
}

export type CallName = keyof CallMap;
export type CallArgs<K extends CallName> = CallMap[K]['args'];
export type CallValue<K extends CallName> = CallMap[K]['value'];

/** What a host implements: one async handler per call, returning a Result (errors cross hosts as data). */
export type CoreCalls = { [K in CallName]: (args: CallArgs<K>) => Promise<Result<CallValue<K>>> };

/** Pushed message name → its payload. */
export interface PushMap {
  /** A batch of changes; `version` is the index version after it. */
  'tree.delta': IndexDelta;
  /** The opened root vanished, came back, or watching failed. */
  'index.status': IndexStatus;
}

export type PushName = keyof PushMap;

export const CALL_NAMES: readonly CallName[] = [
  'tree.snapshot',
  'file.read',
  'folder.files',
  'search.run',
  'events.overview',
  'events.window',
  'events.rows',
  'events.position',
  'events.nextError',
  'events.locate',
  'events.get',
  'autopsy.run',
];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && (CALL_NAMES as readonly string[]).includes(value);
}

/** The WebSocket wire format of `serve` (JSON text frames). */
export type WireRequest = { readonly id: number; readonly call: CallName; readonly args: unknown };
export type WireMessage =
  | { readonly id: number; readonly result: Result<unknown> }
  | { readonly push: PushName; readonly data: unknown };

export type { AppError, Result };
