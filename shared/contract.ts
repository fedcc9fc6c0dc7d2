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
  /** Files not searched: binary, or larger than the search reads. */
  readonly filesSkipped: number;
  /** True when the hit limit was reached and the search stopped. */
  readonly isCut: boolean;
}

export interface EventPage {
  /** The file the events come from; when it changes (the final JSON appeared), start again from 0. */
  readonly source: string;
  readonly total: number;
  /** Events from `from` on, at most `limit`. */
  readonly events: readonly AgentEvent[];
}

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
  /** Events of one tracker log folder, from `from` on (payloads as written; parsed when shown). */
  'events.list': { args: { dir: string; from?: number; limit?: number }; value: EventPage };
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

export const CALL_NAMES: readonly CallName[] = ['tree.snapshot', 'file.read', 'folder.files', 'search.run', 'events.list', 'autopsy.run'];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && (CALL_NAMES as readonly string[]).includes(value);
}

/** The WebSocket wire format of `serve` (JSON text frames). */
export type WireRequest = { readonly id: number; readonly call: CallName; readonly args: unknown };
export type WireMessage =
  | { readonly id: number; readonly result: Result<unknown> }
  | { readonly push: PushName; readonly data: unknown };

export type { AppError, Result };
