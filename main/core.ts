import { checkCallArgs, type CoreCalls, type EventFilters, isCallName, type PushMap, type PushName } from '../shared/contract';
import { fail, ok, type Result } from '../shared/model/result';
import { runAutopsy } from './autopsy';
import { RunSummaries } from './summary';
import { IntegrityChecks } from './integrity';
import type { EventQuery } from '../shared/analysis/eventQuery';
import { EventQueries } from './events/eventQueries';
import { readImage } from './files/image';
import { DEFAULT_SLICE_BYTES, readSlice } from './files/slice';
import { fileKindOf } from '../shared/parse/fileKind';
import { searchFiles } from './files/search';
import type { TraceIndex } from './index/traceIndex';

/** Largest range one `file.read` returns; the UI pages through bigger files. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

export interface Core {
  readonly calls: CoreCalls;
  /** Runs a call whose name and arguments came from outside: both are checked first. */
  call(name: unknown, args: unknown): Promise<Result<unknown>>;
  /** The index's status (at once, then as it changes) and its deltas; returns how to stop. */
  onPush(listener: <K extends PushName>(name: K, data: PushMap[K]) => void): () => void;
}

/** The contract implemented once over a live index; both hosts only carry it. */
export function createCore(index: TraceIndex): Core {
  const queries = new EventQueries(index);
  const noLog = (dir: string) => fail('not-found', `no event log in ${dir || '.'}`);
  const withQuery = async <T>(dir: string, ask: (query: EventQuery) => T, filters?: EventFilters): Promise<Result<T>> => {
    const query = queries.of(dir);
    if (!query) return noLog(dir);
    // A text filter reads every payload: done in slices first, so other calls go on meanwhile.
    if (filters?.text) await query.prepare(filters);
    return ok(ask(query));
  };

  const integrity = new IntegrityChecks(index);
  const summaries = new RunSummaries(index, integrity, queries);
  const calls = {
    'tree.snapshot': async () => ok(index.snapshot()),
    'file.read': async ({ path, offset = 0, length = DEFAULT_SLICE_BYTES }) => readSlice(index.gate, path, offset, Math.min(length, MAX_READ_BYTES)),
    'file.image': async ({ path }) => readImage(index.gate, path),
    'folder.files': async ({ path }) => {
      // The index's own names, never the disk; the path is judged by the gate's words all the same.
      const located = index.gate.locate(path);
      if (!located.ok) return located;
      if (path.split(/[\\/]/).includes('..')) return fail('outside-root', `not a folder inside the opened root: ${path}`);
      const prefix = path === '' ? '' : `${path.replace(/\/+$/, '')}/`;
      return ok(
        index
          .paths()
          .filter((file) => file.startsWith(prefix))
          .sort(),
      );
    },
    'search.run': async ({ kinds, under, ...query }) => {
      const kindOf = (path: string) => fileKindOf(path, index.info(path));
      const prefix = under ? `${under.replace(/\/+$/, '')}/` : '';
      const paths = index.paths().filter((path) => path.startsWith(prefix) && (!kinds || kinds.includes(kindOf(path))));
      return searchFiles(index.gate, paths, query, { kindOf });
    },
    'events.overview': async ({ dir }) => withQuery(dir, (query) => query.overview()),
    'events.window': async ({ dir, ...args }) => withQuery(dir, (query) => query.window(args), args.filters),
    'events.rows': async ({ dir, filters, offset, limit }) => withQuery(dir, (query) => query.rows(filters, offset, limit), filters),
    'events.position': async ({ dir, filters, seq }) => withQuery(dir, (query) => query.position(filters, seq), filters),
    'events.nextError': async ({ dir, filters, seq, direction }) => withQuery(dir, (query) => query.nextError(filters, seq, direction), filters),
    'events.locate': async ({ dir, timestamp, type }) => withQuery(dir, (query) => query.locate(timestamp, type)),
    'events.atLine': async ({ dir, line }) => withQuery(dir, (query) => query.atLine(line)),
    'events.get': async ({ dir, seq }) => withQuery(dir, (query) => query.get(seq)),
    'events.cost': async ({ dir }) => {
      const cost = await queries.cost(dir);
      return cost ? ok(cost) : noLog(dir);
    },
    'events.span': async ({ dir, seq }) => withQuery(dir, (query) => query.span(seq)),
    'events.range': async ({ dir, startMs, endMs, filters }) => withQuery(dir, (query) => query.range(startMs, endMs, filters), filters),
    'autopsy.run': async () => ok({ root: index.root, ...(await runAutopsy(index, integrity)) }),
    'runs.summary': async () => ok(await summaries.summary({ waitForChecks: false })),
    'integrity.check': async () => ok(await integrity.report()),
  } satisfies CoreCalls;

  return {
    calls,
    async call(name, args) {
      if (!isCallName(name)) return fail('invalid-argument', `unknown call: ${String(name)}`);
      // The contract's schema for this call, the same in every host (shared/contract.ts).
      const checked = checkCallArgs(name, args ?? {});
      if (!checked.ok) return checked;
      try {
        await index.ready; // what every call answers is about the folder read whole
        return await (calls[name] as (args: unknown) => Promise<Result<unknown>>)(checked.value); // args checked for this very call
      } catch (error) {
        return fail('io-error', error instanceof Error ? error.message : String(error));
      }
    },
    onPush(listener) {
      const offDelta = index.onDelta((delta) => listener('tree.delta', delta));
      const offStatus = index.onStatus((status) => listener('index.status', status));
      listener('index.status', index.status); // where it stands now, then each change
      return () => {
        offDelta();
        offStatus();
      };
    },
  };
}
