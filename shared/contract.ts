/**
 * Every call and pushed message between the UI and the core, typed once. Both hosts (Electron
 * IPC and the HTTP/WebSocket server) implement `CoreCalls` and are checked against it with
 * `satisfies`; the renderer's api client is typed from it too.
 */
import * as v from 'valibot';
import type { AppError, ErrorCode, Result } from './model/result';
import type { AutopsyDocument } from './model/autopsy';
import type { AgentEvent, EventCost, EventRangeFigures, EventSpan } from './model/events';
import type { FileSlice, IndexDelta, IndexOutline, IndexSnapshot, IndexStatus } from './model/liveIndex';
import type { SummaryDocument } from './model/summary';
import type { IntegrityReport } from './model/integrity';
import type { Task } from './model/trace';
import { FILE_KINDS, type FileKind } from './parse/fileKind';

export interface SearchQuery {
  readonly text: string;
  readonly isRegex: boolean;
  readonly isCaseSensitive: boolean;
  /** Only files of these kinds (none: every kind). */
  readonly kinds?: readonly FileKind[] | undefined;
  /** Only files under this root-relative folder (a run's, an op's). */
  readonly under?: string | undefined;
}

/** A line that matches, as the matcher finds it. */
export interface LineMatch {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, where the match starts. */
  readonly column: number;
  /** The matching line, cut to a readable length around the match. */
  readonly preview: string;
  /** Where the match is in the preview (0-based) and how many of its characters the preview holds. */
  readonly previewStart: number;
  readonly previewLength: number;
}

export interface SearchHit extends LineMatch {
  /** What the file is (an answer, a kernel, an error log, …). */
  readonly kind: FileKind;
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

/** Non-negative safe integers: offsets, lengths, counts, event numbers. */
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** One event filter's text ('' is no filter). */
const filterText = v.optional(v.pipe(v.string(), v.maxLength(1000, 'filters must be short strings')));
const eventFilters = v.pipe(
  v.optional(v.object({ type: filterText, level: filterText, stage: filterText, text: filterText }), {}),
  // '' means "no filter": it is dropped, so that every reader sees only the filters set.
  v.transform(
    (filters): EventFilters => Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')) as EventFilters,
  ),
);
/** Calls that take nothing accept anything and see `{}` (older clients send `undefined`). */
const noArgs = v.pipe(
  v.unknown(),
  v.transform((): Record<string, never> => ({})),
);
const logArgs = <T extends v.ObjectEntries>(entries: T) => v.object({ dir: v.string(), ...entries });

/** Rows one `events.rows` returns at most; the UI pages through more. */
export const MAX_EVENTS_PER_PAGE = 50_000;

/**
 * Every call's arguments as a schema: the one source of the call names, the argument types and
 * the checks every host runs on what it receives (valibot; see the README for why).
 */
export const CALL_ARGS = {
  /** The whole tree, the event summaries and the index version. */
  'tree.snapshot': noArgs,
  /**
   * The same without the steps (each task's figures and step count): what the page shows first.
   * `soFar`: answered at once while the folder is still read (its status says `scanning`), with the
   * runs, ops and tasks found so far and no event logs; otherwise once the folder is read whole.
   */
  'tree.outline': v.optional(v.object({ soFar: v.optional(v.boolean()) }), {}),
  /**
   * One task whole, with its steps (`op` is the op's root-relative path): what an opened task shows
   * before the whole tree is in. `soFar`: answered at once while the folder is still read, the task
   * as found so far (more steps, and the files that give their verdicts, may come); otherwise once
   * the folder is read whole.
   */
  'tree.task': v.object({ op: v.string(), task: v.string(), soFar: v.optional(v.boolean()) }),
  /** A range of one file under the opened root (`path` is root-relative). */
  'file.read': v.object({ path: v.string(), offset: v.optional(count), length: v.optional(count) }),
  /** An image file (PNG, JPEG, GIF, WebP, told by its bytes) as base64, to preview a run's charts. */
  'file.image': v.object({ path: v.string() }),
  /** The indexed files below a root-relative folder, e.g. a verify folder. */
  'folder.files': v.object({ path: v.string() }),
  /** Full-text or regex search over every text file of the opened root. */
  'search.run': v.object({
    text: v.string(),
    isRegex: v.boolean(),
    isCaseSensitive: v.boolean(),
    kinds: v.optional(v.array(v.picklist(FILE_KINDS))),
    under: v.optional(v.string()),
  }),
  /** Counts and the time range of one tracker log folder's events. */
  'events.overview': logArgs({}),
  /** What to draw of a time window (marks per lane and pixel column, spans, an overview strip). */
  'events.window': v.pipe(
    logArgs({
      startMs: v.pipe(v.number(), v.finite()),
      endMs: v.pipe(v.number(), v.finite()),
      columns: v.pipe(count, v.maxValue(8192, 'columns must be an integer from 0 to 8192')),
      laneMode: v.picklist(['stage', 'type']),
      filters: eventFilters,
      laneStart: v.optional(count),
      laneCount: v.optional(count),
    }),
    v.check((args) => args.startMs <= args.endMs, 'startMs ≤ endMs'),
  ),
  /** Rows of the filtered event table (payloads as written, cut to a line's worth; parsed when shown). */
  'events.rows': logArgs({
    filters: eventFilters,
    offset: count,
    limit: v.pipe(
      count,
      v.transform((limit) => Math.min(limit, MAX_EVENTS_PER_PAGE)),
    ),
  }),
  /** Where an event sits in the filtered table (-1 when filtered out). */
  'events.position': logArgs({ filters: eventFilters, seq: count }),
  /** The next (direction 1) or previous (-1) error after `seq` among the filtered events. */
  'events.nextError': logArgs({ filters: eventFilters, seq: v.pipe(v.number(), v.integer()), direction: v.picklist([1, -1]) }),
  /** The event with this timestamp and type (the autopsy links to events so). */
  'events.locate': logArgs({ timestamp: v.string(), type: v.string() }),
  /** The event written at a line of the log's source file (the last one that starts at or before it); null when none. */
  'events.atLine': logArgs({ line: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  /** One event (its payload cut at 1 MB, its whole length said). */
  'events.get': logArgs({ seq: count }),
  /** Where a log's time and tokens went: spans, LLM calls, tokens and time, code runs, by stage and by model. */
  'events.cost': logArgs({}),
  /** The span an event starts (kind, label, stage, end, duration); null when it starts none. */
  'events.span': logArgs({ seq: count }),
  /** What a stretch of time holds: events and errors (filtered), LLM calls and their time in it, tokens logged in it. */
  'events.range': v.pipe(
    logArgs({ startMs: v.pipe(v.number(), v.finite()), endMs: v.pipe(v.number(), v.finite()), filters: eventFilters }),
    v.check((args) => args.startMs <= args.endMs, 'startMs ≤ endMs'),
  ),
  /** The autopsy: each agent event log's report (and the run's own, with differences) and the kernel runs'. */
  'autopsy.run': noArgs,
  /** How each run went: totals, pass rates, attempts to first pass, each op's best kernel, the run's state. */
  'runs.summary': noArgs,
  /** Every coder attempt's kernel checked against the integrity rules: the flags, each with its rule, line and reason. */
  'integrity.check': noArgs,
} as const satisfies Record<string, v.GenericSchema>;

export type CallName = keyof typeof CALL_ARGS;
/** What a caller sends. */
export type CallArgs<K extends CallName> = v.InferInput<(typeof CALL_ARGS)[K]>;
/** What a handler receives, checked (defaults filled in, '' filters dropped, limits clamped). */
export type CheckedArgs<K extends CallName> = v.InferOutput<(typeof CALL_ARGS)[K]>;

/** Call name → its value. */
export interface CallValues {
  'tree.snapshot': IndexSnapshot;
  'tree.outline': IndexOutline;
  'tree.task': Task;
  'file.read': FileSlice;
  'file.image': { readonly mime: string; readonly base64: string; readonly size: number };
  'folder.files': string[];
  'search.run': SearchResult;
  'events.overview': EventOverview;
  'events.window': EventWindow;
  'events.rows': { total: number; events: AgentEvent[] };
  'events.position': number;
  'events.nextError': number | null;
  'events.locate': number | null;
  'events.atLine': number | null;
  'events.get': AgentEvent | null;
  'events.cost': EventCost;
  'events.span': EventSpan | null;
  'events.range': EventRangeFigures;
  'autopsy.run': AutopsyDocument & { readonly root: string };
  'runs.summary': SummaryDocument;
  'integrity.check': IntegrityReport;
}
export type CallValue<K extends CallName> = CallValues[K];

/** What a host implements: one async handler per call, returning a Result (errors cross hosts as data). */
export type CoreCalls = { [K in CallName]: (args: CheckedArgs<K>) => Promise<Result<CallValue<K>>> };

export const CALL_NAMES = Object.keys(CALL_ARGS) as CallName[]; // the keys of the object just above

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(CALL_ARGS, value);
}

/** A call's arguments checked against its schema, or the first problem in words. */
export function checkCallArgs<K extends CallName>(name: K, args: unknown): Result<CheckedArgs<K>> {
  const checked = v.safeParse(CALL_ARGS[name], args);
  if (checked.success) return { ok: true, value: checked.output as CheckedArgs<K> }; // the schema of K gives K's output
  const issue = checked.issues[0];
  const where = issue ? v.getDotPath(issue) : null;
  return { ok: false, error: { code: 'invalid-argument', message: `${name}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid arguments'}` } };
}

/** Pushed messages, as they travel: a union on `push`. */
export type PushMessage = { readonly push: 'tree.delta'; readonly data: IndexDelta } | { readonly push: 'index.status'; readonly data: IndexStatus };
export type PushName = PushMessage['push'];
export type PushMap = { [M in PushMessage as M['push']]: M['data'] };
export const PUSH_NAMES: readonly PushName[] = ['tree.delta', 'index.status'];

/** The WebSocket wire format of `serve` (JSON text frames). */
export type WireRequest = { readonly id: number; readonly call: CallName; readonly args: unknown };
export type WireMessage = { readonly id: number; readonly result: Result<unknown> } | PushMessage;

const ERROR_CODES = [
  'not-found',
  'permission-denied',
  'outside-root',
  'invalid-argument',
  'not-a-directory',
  'too-large',
  'io-error',
] as const satisfies readonly ErrorCode[];

/**
 * A frame from the server, checked before the UI believes it: an answer (id and a Result) or a
 * push (a known name). The data inside is the core's own and is not parsed again here.
 */
export const WIRE_MESSAGE = v.union([
  v.object({
    id: v.number(),
    result: v.variant('ok', [
      v.object({ ok: v.literal(true), value: v.unknown() }),
      v.object({ ok: v.literal(false), error: v.object({ code: v.picklist(ERROR_CODES), message: v.string() }) }),
    ]),
  }),
  v.object({ push: v.picklist(PUSH_NAMES), data: v.unknown() }),
]);

/**
 * What the Electron preload exposes on `window.tracelens` (app/electron/preload.ts satisfies it):
 * one method per call, pushes, and the two things only the desktop does.
 */
export interface Bridge {
  readonly calls: { readonly [K in CallName]: (args: unknown) => Promise<Result<unknown>> };
  onPush(listener: (name: string, data: unknown) => void): () => void;
  /** Open a folder dropped on the window. */
  openDropped?(file: Blob): Promise<boolean>;
  /** Open an http(s) link in the system browser (after the user confirmed). */
  openExternal?(url: string): Promise<boolean>;
}

export type { AppError, Result };
