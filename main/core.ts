import { type CallValue, type CheckedArgs, checkCallArgs, type CoreCalls, isCallName, type PushMap, type PushName } from '../shared/contract';
import { fail, ok, type Result } from '../shared/model/result';
import { runAutopsy } from './autopsy';
import { RunSummaries } from './summary';
import { IntegrityChecks } from './integrity';
import { askQuery, type QueryCallName } from '../shared/analysis/eventQuery';
import { findTask, outlineOf } from '../shared/analysis/treeQuery';
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

/** How long after its scan an index opened with `watch: 'on-follow'` is followed at the latest. */
const FOLLOW_WITHIN_MS = 10_000;

/** The calls that read one file through the gate: answered while the folder is still read. */
const FILE_CALLS: ReadonlySet<string> = new Set(['file.read', 'file.image']);

/** The contract implemented once over a live index; both hosts only carry it. */
export function createCore(index: TraceIndex): Core {
  const queries = new EventQueries(index);
  const noLog = (dir: string) => fail('not-found', `no event log in ${dir || '.'}`);
  /** A timeline call, asked of its log's query (shared/analysis/eventQuery.ts). */
  const fromQuery =
    <K extends QueryCallName>(name: K) =>
    async (args: CheckedArgs<K>): Promise<Result<CallValue<K>>> => {
      const { dir } = args as { dir: string };
      const query = queries.of(dir);
      return query ? ok(await askQuery(query, name, args)) : noLog(dir);
    };

  const integrity = new IntegrityChecks(index);
  const summaries = new RunSummaries(index, integrity, queries);
  // An index opened to be followed when told ('on-follow') is followed once the first summary is
  // answered, or FOLLOW_WITHIN_MS after its scan if no one asks for one. What that summary needs
  // is read from the end of the scan on.
  index.ready.then(
    () => {
      summaries.prepare();
      setTimeout(() => index.follow(), FOLLOW_WITHIN_MS).unref();
    },
    () => undefined, // a folder that could not be read: every call says so
  );
  const calls = {
    'tree.snapshot': async () => ok(index.snapshot()),
    'tree.outline': async ({ soFar }) => ok(outlineOf(soFar ? index.snapshotSoFar() : index.snapshot())),
    'tree.task': async ({ op, task, soFar }) => {
      const found = soFar ? index.taskSoFar(op, task) : findTask(index.snapshot().tree, op, task);
      return found ? ok(found) : fail('not-found', `no task ${task} in ${op || '.'}${soFar && index.status.state === 'scanning' ? ' so far' : ''}`);
    },
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
    'events.overview': fromQuery('events.overview'),
    'events.window': fromQuery('events.window'),
    'events.rows': fromQuery('events.rows'),
    'events.position': fromQuery('events.position'),
    'events.nextError': fromQuery('events.nextError'),
    'events.locate': fromQuery('events.locate'),
    'events.atLine': fromQuery('events.atLine'),
    'events.get': fromQuery('events.get'),
    'events.cost': async ({ dir }) => {
      const cost = await queries.cost(dir);
      return cost ? ok(cost) : noLog(dir);
    },
    'events.span': fromQuery('events.span'),
    'events.range': fromQuery('events.range'),
    'autopsy.run': async () => ok({ root: index.root, ...(await runAutopsy(index, integrity, summaries.errorLogs)) }),
    'runs.summary': async () => {
      const summary = await summaries.summary({ waitForChecks: false });
      index.follow(); // the first numbers are out: the watcher's first crawl may take its turn
      return ok(summary);
    },
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
        // What every call answers is about the folder read whole; but the outline and a task as read
        // so far, and a file's bytes (read through the gate, whatever the index holds).
        const isSoFar = (name === 'tree.outline' || name === 'tree.task') && (checked.value as CheckedArgs<'tree.outline' | 'tree.task'>).soFar;
        if (!isSoFar && !FILE_CALLS.has(name)) await index.ready;
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
