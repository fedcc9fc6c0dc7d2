import type { CallArgs, CallName, CoreCalls, PushMap, PushName } from '../shared/contract';
import { fail, ok, type Result } from '../shared/model/result';
import { runAutopsy } from './autopsy';
import { DEFAULT_SLICE_BYTES, readSlice } from './files';
import { searchFiles } from './search';
import type { TraceIndex } from './traceIndex';

/** Events one `events.list` returns at most; the UI pages through more. */
export const MAX_EVENTS_PER_PAGE = 50_000;

/** Largest range one `file.read` returns; the UI pages through bigger files. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

export interface Core {
  readonly calls: CoreCalls;
  /** Runs a call whose name and arguments came from outside: both are checked first. */
  call(name: unknown, args: unknown): Promise<Result<unknown>>;
  onPush(listener: <K extends PushName>(name: K, data: PushMap[K]) => void): () => void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Argument checks, one per call: what a host receives is untrusted until it passes. */
const VALIDATE: { [K in CallName]: (args: unknown) => CallArgs<K> | string } = {
  'tree.snapshot': () => ({}),
  'file.read': (args) => {
    if (!isRecord(args) || typeof args.path !== 'string') return 'file.read needs { path: string }';
    if (args.offset !== undefined && !isCount(args.offset)) return 'offset must be a non-negative integer';
    if (args.length !== undefined && !isCount(args.length)) return 'length must be a non-negative integer';
    return { path: args.path, ...(args.offset === undefined ? {} : { offset: args.offset }), ...(args.length === undefined ? {} : { length: args.length }) };
  },
  'folder.files': (args) => (isRecord(args) && typeof args.path === 'string' ? { path: args.path } : 'folder.files needs { path: string }'),
  'events.list': (args) => {
    if (!isRecord(args) || typeof args.dir !== 'string') return 'events.list needs { dir: string }';
    if (args.from !== undefined && !isCount(args.from)) return 'from must be a non-negative integer';
    if (args.limit !== undefined && !isCount(args.limit)) return 'limit must be a non-negative integer';
    return { dir: args.dir, ...(args.from === undefined ? {} : { from: args.from }), ...(args.limit === undefined ? {} : { limit: args.limit }) };
  },
  'autopsy.run': () => ({}),
  'search.run': (args) =>
    isRecord(args) && typeof args.text === 'string' && typeof args.isRegex === 'boolean' && typeof args.isCaseSensitive === 'boolean'
      ? { text: args.text, isRegex: args.isRegex, isCaseSensitive: args.isCaseSensitive }
      : 'search.run needs { text: string, isRegex: boolean, isCaseSensitive: boolean }',
};

/** The contract implemented once over a live index; both hosts only carry it. */
export function createCore(index: TraceIndex): Core {
  const calls = {
    'tree.snapshot': async () => ok(index.snapshot()),
    'file.read': async ({ path, offset = 0, length = DEFAULT_SLICE_BYTES }) => readSlice(index.root, path, offset, Math.min(length, MAX_READ_BYTES)),
    'folder.files': async ({ path }) => {
      if (path.includes('\0') || path.startsWith('/') || path.split('/').includes('..')) return fail('outside-root', `not a folder inside the opened root: ${path}`);
      const prefix = path === '' ? '' : `${path.replace(/\/+$/, '')}/`;
      return ok(index.paths().filter((file) => file.startsWith(prefix)).sort());
    },
    'search.run': async (query) => searchFiles(index.paths().map((path) => [path, `${index.root}/${path}`] as const), query),
    'events.list': async ({ dir, from = 0, limit = MAX_EVENTS_PER_PAGE }) => {
      const reader = index.eventLog(dir);
      if (!reader) return fail('not-found', `no event log in ${dir || '.'}`);
      const events = reader.events();
      return ok({ source: reader.summary().source, total: events.length, events: events.slice(from, from + Math.min(limit, MAX_EVENTS_PER_PAGE)) });
    },
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
