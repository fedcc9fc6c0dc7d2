import type { CallArgs, CallName, CoreCalls, PushMap, PushName } from '../shared/contract';
import { fail, ok, type Result } from '../shared/model/result';
import { isPlainObject } from '../shared/parse/lenientJson';
import type { EventFilters } from '../shared/contract';
import { runAutopsy } from './autopsy';
import type { EventLogReader } from './eventLog';
import { EventQuery } from './eventQuery';
import { DEFAULT_SLICE_BYTES, readSlice } from './files';
import { searchFiles } from './search';
import type { TraceIndex } from './traceIndex';

/** Table rows one `events.rows` returns at most; the UI pages through more. */
export const MAX_EVENTS_PER_PAGE = 50_000;

/** Largest range one `file.read` returns; the UI pages through bigger files. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

export interface Core {
  readonly calls: CoreCalls;
  /** Runs a call whose name and arguments came from outside: both are checked first. */
  call(name: unknown, args: unknown): Promise<Result<unknown>>;
  onPush(listener: <K extends PushName>(name: K, data: PushMap[K]) => void): () => void;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Argument checks, one per call: what a host receives is untrusted until it passes. */
const VALIDATE: { [K in CallName]: (args: unknown) => CallArgs<K> | string } = {
  'tree.snapshot': () => ({}),
  'file.read': (args) => {
    if (!isPlainObject(args) || typeof args.path !== 'string') return 'file.read needs { path: string }';
    if (args.offset !== undefined && !isCount(args.offset)) return 'offset must be a non-negative integer';
    if (args.length !== undefined && !isCount(args.length)) return 'length must be a non-negative integer';
    return { path: args.path, ...(args.offset === undefined ? {} : { offset: args.offset }), ...(args.length === undefined ? {} : { length: args.length }) };
  },
  'folder.files': (args) => (isPlainObject(args) && typeof args.path === 'string' ? { path: args.path } : 'folder.files needs { path: string }'),
  'events.overview': (args) => logArgs(args, () => ({})),
  'events.window': (args) =>
    logArgs(args, (a) => {
      if (typeof a.startMs !== 'number' || typeof a.endMs !== 'number' || !Number.isFinite(a.startMs) || !Number.isFinite(a.endMs) || a.endMs < a.startMs) return 'startMs ≤ endMs, both numbers';
      if (!isCount(a.columns) || a.columns > 8192) return 'columns must be an integer from 0 to 8192';
      if (a.laneMode !== 'stage' && a.laneMode !== 'type') return "laneMode is 'stage' or 'type'";
      if ((a.laneStart !== undefined && !isCount(a.laneStart)) || (a.laneCount !== undefined && !isCount(a.laneCount))) return 'laneStart and laneCount must be non-negative integers';
      const filters = eventFilters(a.filters);
      const lanes = { ...(a.laneStart === undefined ? {} : { laneStart: a.laneStart }), ...(a.laneCount === undefined ? {} : { laneCount: a.laneCount }) };
      return typeof filters === 'string' ? filters : { startMs: a.startMs, endMs: a.endMs, columns: a.columns, laneMode: a.laneMode, filters, ...lanes };
    }),
  'events.rows': (args) =>
    logArgs(args, (a) => {
      const filters = eventFilters(a.filters);
      if (typeof filters === 'string') return filters;
      return isCount(a.offset) && isCount(a.limit) ? { filters, offset: a.offset, limit: Math.min(a.limit, MAX_EVENTS_PER_PAGE) } : 'offset and limit must be non-negative integers';
    }),
  'events.position': (args) =>
    logArgs(args, (a) => {
      const filters = eventFilters(a.filters);
      if (typeof filters === 'string') return filters;
      return isCount(a.seq) ? { filters, seq: a.seq } : 'seq must be a non-negative integer';
    }),
  'events.nextError': (args) =>
    logArgs(args, (a) => {
      const filters = eventFilters(a.filters);
      if (typeof filters === 'string') return filters;
      if (typeof a.seq !== 'number' || !Number.isInteger(a.seq)) return 'seq must be an integer';
      return a.direction === 1 || a.direction === -1 ? { filters, seq: a.seq, direction: a.direction } : 'direction is 1 or -1';
    }),
  'events.locate': (args) => logArgs(args, (a) => (typeof a.timestamp === 'string' && typeof a.type === 'string' ? { timestamp: a.timestamp, type: a.type } : 'timestamp and type must be strings')),
  'events.get': (args) => logArgs(args, (a) => (isCount(a.seq) ? { seq: a.seq } : 'seq must be a non-negative integer')),
  'autopsy.run': () => ({}),
  'search.run': (args) =>
    isPlainObject(args) && typeof args.text === 'string' && typeof args.isRegex === 'boolean' && typeof args.isCaseSensitive === 'boolean'
      ? { text: args.text, isRegex: args.isRegex, isCaseSensitive: args.isCaseSensitive }
      : 'search.run needs { text: string, isRegex: boolean, isCaseSensitive: boolean }',
};

/** Checks `{ dir: string, … }` and the rest of a log call's arguments. */
function logArgs<T>(args: unknown, rest: (a: Record<string, unknown>) => T | string): ({ dir: string } & T) | string {
  if (!isPlainObject(args) || typeof args.dir !== 'string') return 'a log call needs { dir: string }';
  const checked = rest(args);
  return typeof checked === 'string' ? checked : { dir: args.dir, ...checked };
}

function eventFilters(value: unknown): EventFilters | string {
  if (value === undefined) return {};
  if (!isPlainObject(value)) return 'filters must be an object';
  const out: Record<string, string> = {};
  for (const key of ['type', 'level', 'stage', 'text'] as const) {
    const field = value[key];
    if (field === undefined || field === '') continue;
    if (typeof field !== 'string' || field.length > 1000) return `filters.${key} must be a short string`;
    out[key] = field;
  }
  return out;
}

/** The contract implemented once over a live index; both hosts only carry it. */
export function createCore(index: TraceIndex): Core {
  const queries = new Map<string, { reader: EventLogReader; query: EventQuery }>();
  const withQuery = async <T>(dir: string, ask: (query: EventQuery) => T): Promise<Result<T>> => {
    const reader = index.eventLog(dir);
    if (!reader) return fail('not-found', `no event log in ${dir || '.'}`);
    let entry = queries.get(dir);
    if (!entry || entry.reader !== reader) queries.set(dir, (entry = { reader, query: new EventQuery(reader) }));
    return ok(ask(entry.query));
  };

  const calls = {
    'tree.snapshot': async () => ok(index.snapshot()),
    'file.read': async ({ path, offset = 0, length = DEFAULT_SLICE_BYTES }) => readSlice(index.gate, path, offset, Math.min(length, MAX_READ_BYTES)),
    'folder.files': async ({ path }) => {
      // The index's own names, never the disk; the path is judged by the gate's words all the same.
      const located = index.gate.locate(path);
      if (!located.ok) return located;
      if (path.split(/[\\/]/).includes('..')) return fail('outside-root', `not a folder inside the opened root: ${path}`);
      const prefix = path === '' ? '' : `${path.replace(/\/+$/, '')}/`;
      return ok(index.paths().filter((file) => file.startsWith(prefix)).sort());
    },
    'search.run': async (query) => searchFiles(index.gate, index.paths(), query),
    'events.overview': async ({ dir }) => withQuery(dir, (query) => query.overview()),
    'events.window': async ({ dir, ...args }) => withQuery(dir, (query) => query.window(args)),
    'events.rows': async ({ dir, filters, offset, limit }) => withQuery(dir, (query) => query.rows(filters, offset, limit)),
    'events.position': async ({ dir, filters, seq }) => withQuery(dir, (query) => query.position(filters, seq)),
    'events.nextError': async ({ dir, filters, seq, direction }) => withQuery(dir, (query) => query.nextError(filters, seq, direction)),
    'events.locate': async ({ dir, timestamp, type }) => withQuery(dir, (query) => query.locate(timestamp, type)),
    'events.get': async ({ dir, seq }) => withQuery(dir, (query) => query.get(seq)),
    'autopsy.run': async () => ok({ root: index.root, ...(await runAutopsy(index)) }),
  } satisfies CoreCalls;

  return {
    calls,
    async call(name, args) {
      if (typeof name !== 'string' || !Object.hasOwn(VALIDATE, name)) return fail('invalid-argument', `unknown call: ${String(name)}`);
      const callName = name as CallName; // checked just above
      const checked = VALIDATE[callName](args ?? {});
      if (typeof checked === 'string') return fail('invalid-argument', checked);
      try {
        return await (calls[callName] as (args: unknown) => Promise<Result<unknown>>)(checked);
      } catch (error) {
        return fail('io-error', error instanceof Error ? error.message : String(error));
      }
    },
    onPush(listener) {
      const offDelta = index.onDelta((delta) => listener('tree.delta', delta));
      const offStatus = index.onStatus((status) => listener('index.status', status));
      return () => {
        offDelta();
        offStatus();
      };
    },
  };
}
