/**
 * The host of a bundle (`tracelens bundle`, app/bundle.ts): no core, no server, no connection.
 * Every call is answered from the bundle's files over plain HTTP from the same folder: the tree,
 * summaries, integrity report and autopsy as the core computed them when the bundle was made;
 * files and images as bundled; find over the bundled files; the timeline's questions by the same
 * EventQuery the core runs, over the events the bundle holds.
 */
import { askQuery, EventQuery, type EventSource, isQueryCall } from '../../shared/analysis/eventQuery';
import { EventColumns } from '../../shared/analysis/eventColumns';
import { compileQuery } from '../../shared/analysis/textSearch';
import { findTask, outlineOf } from '../../shared/analysis/treeQuery';
import { BUNDLE_META, type BundleManifest } from '../../shared/bundle';
import { type CallArgs, type CallName, type CallValue, type CheckedArgs, checkCallArgs, type LineMatch, type SearchHit } from '../../shared/contract';
import type { AgentEvent, EventSummary } from '../../shared/model/events';
import type { IndexSnapshot } from '../../shared/model/liveIndex';
import { fail, ok, type Result } from '../../shared/model/result';
import { imageMime } from '../../shared/parse/imageType';
import { decodeText, looksBinary, SNIFF_BYTES } from '../../shared/parse/text';
import type { Api } from './api';
import type { MatchJob } from './matchWorker';
import MatchWorker from './matchWorker?worker';
import { countText } from '../../shared/analysis/format';

/** When the bundle shown was taken (epoch ms); null until its manifest is read, or on any other page. */
let takenAtMs: number | null = null;

/**
 * The time "… ago" counts to: now, or in a bundle the moment it was taken (its runs' states were
 * decided then: "running · last write 2 s ago" stays true of the snapshot however old it is).
 */
export function shownNow(): number {
  return takenAtMs ?? Date.now();
}

/** The manifest a bundle's page names in its index.html; null on any other page. */
export function bundleManifestUrl(): string | null {
  return document.querySelector(`meta[name="${BUNDLE_META}"]`)?.getAttribute('content') ?? null;
}

/** A log's events as the bundle holds them: the source the page's EventQuery reads. */
class BundledEvents implements EventSource {
  readonly columns = new EventColumns();

  constructor(
    private readonly events: readonly AgentEvent[],
    private readonly written: EventSummary,
  ) {
    events.forEach((event, i) => this.columns.addEvent(event, i));
  }

  scanText(from: number, to: number, visit: (i: number, text: string, event: AgentEvent | null) => void, wanted?: (i: number) => boolean): void {
    for (let i = Math.max(0, from); i < Math.min(to, this.events.length); i++) if (!wanted || wanted(i)) visit(i, this.events[i]!.rawData, this.events[i]!);
  }

  payloadStart(): number {
    return 0; // the texts are the payloads
  }

  summary(): EventSummary {
    return this.written;
  }

  event(i: number): AgentEvent | null {
    return this.events[i] ?? null;
  }
}

/** A bundle's tree: as the folder held it when the bundle was made, and said so. */
function bundledTree(m: BundleManifest): IndexSnapshot {
  return {
    ...m.snapshot,
    status: { state: 'snapshot', message: `a bundle: what the folder held at ${m.takenAt.replace('T', ' ').slice(0, 16)} UTC, not followed` },
  };
}

const SEARCH_MAX_HITS = 2000;
/** The core's limits (main/files/search.ts): text matched at once, and how long one batch may take. */
const SEARCH_BATCH_CHARS = 1024 * 1024;
const SEARCH_BATCH_MS = 5000;

export function bundleApi(manifestUrl: string): Api {
  const base = new URL(manifestUrl, window.location.href);
  const manifest: Promise<BundleManifest> = fetch(base).then(async (response) => {
    if (!response.ok) throw new Error(`the bundle's manifest (${base.pathname}) answered HTTP ${response.status}`);
    const read = (await response.json()) as BundleManifest;
    takenAtMs = Date.parse(read.takenAt);
    return read;
  });
  const fileUrl = (path: string) => new URL(`files/${path.split('/').map(encodeURIComponent).join('/')}`, base);
  const bytesOf = async (path: string): Promise<Uint8Array> => {
    const response = await fetch(fileUrl(path));
    if (!response.ok) throw new Error(`${path}: the bundle answered HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const queries = new Map<string, Promise<EventQuery>>();
  const queryOf = (m: BundleManifest, dir: string): Promise<EventQuery> | null => {
    const log = m.eventLogs[dir];
    if (!log) return null;
    let query = queries.get(dir);
    if (!query) {
      query = fetch(new URL(log.file.replace(/^bundle\//, ''), base))
        .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`${log.file}: HTTP ${response.status}`))))
        .then((text) => {
          const events = text.split('\n').flatMap((line) => (line === '' ? [] : [JSON.parse(line) as AgentEvent]));
          return new EventQuery(new BundledEvents(events, log.summary));
        })
        .catch((error: unknown) => {
          queries.delete(dir); // asked again next time, not failed for good
          throw error;
        });
      queries.set(dir, query);
    }
    return query;
  };

  const answer = async (name: CallName, args: Record<string, unknown>, m: BundleManifest): Promise<Result<unknown>> => {
    if (isQueryCall(name)) {
      const dir = String(args.dir);
      const query = await queryOf(m, dir);
      if (!query) return fail('not-found', `no event log in ${dir || '.'}`);
      const answered = await askQuery(query, name, args as CheckedArgs<typeof name>);
      const log = m.eventLogs[dir]!;
      if (name !== 'events.overview' || log.count === log.total) return ok(answered);
      // A log cut by --max-events says so where its source is named.
      const overview = answered as CallValue<'events.overview'>;
      return ok({ ...overview, source: `${overview.source} (its first ${log.count} of ${log.total} events in this bundle)` });
    }
    switch (name) {
      case 'tree.snapshot':
        return ok(bundledTree(m));
      case 'tree.outline':
        return ok(outlineOf(bundledTree(m)));
      case 'tree.task': {
        const found = findTask(m.snapshot.tree, String(args.op), String(args.task));
        return found ? ok(found) : fail('not-found', `no task ${String(args.task)} in ${String(args.op) || '.'}`);
      }
      case 'runs.summary':
        return ok(m.summary);
      case 'integrity.check':
        return ok(m.integrity);
      case 'autopsy.run':
        return ok(m.autopsy);
      case 'folder.files': {
        const prefix = args.path === '' ? '' : `${String(args.path).replace(/\/+$/, '')}/`;
        return ok(
          Object.keys(m.files)
            .filter((path) => path.startsWith(prefix))
            .sort(),
        );
      }
      case 'file.read':
        return readFile(m, String(args.path), Number(args.offset ?? 0), Number(args.length ?? 4 * 1024 * 1024));
      case 'file.image': {
        const path = String(args.path);
        if (!m.files[path] || m.files[path].kept === 0) return fail('not-found', `${path}: not in this bundle`);
        const bytes = await bytesOf(path);
        const mime = imageMime(bytes);
        if (!mime) return fail('invalid-argument', `${path}: not a PNG, JPEG, GIF or WebP image`);
        let binary = '';
        for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
        return ok({ mime, base64: btoa(binary), size: bytes.length });
      }
      case 'search.run':
        return search(m, args as CallArgs<'search.run'>);
      case 'events.cost': {
        const cost = m.eventLogs[String(args.dir)]?.cost;
        return cost ? ok(cost) : fail('not-found', `no event log in ${String(args.dir) || '.'}`);
      }
    }
  };

  async function readFile(m: BundleManifest, path: string, offset: number, length: number): Promise<Result<unknown>> {
    const file = m.files[path];
    if (!file) return fail('not-found', `${path}: not in this bundle`);
    const { size, modifiedMs } = file;
    const binary = { size, modifiedMs, offset, length: 0, text: '', isBinary: true, isCut: false, encoding: 'binary', hadInvalidBytes: false };
    if (file.isBinary) return ok(binary);
    if (offset >= file.kept && offset < size) return fail('too-large', `${path}: this bundle holds its first ${file.kept} of ${size} bytes`);
    const bytes = await bytesOf(path);
    if (looksBinary(bytes.subarray(0, SNIFF_BYTES))) return ok(binary); // an image: shown as one, not as text
    const slice = bytes.subarray(offset, offset + length);
    const decoded = decodeText(slice);
    return ok({
      size,
      modifiedMs,
      offset,
      length: slice.length,
      text: decoded.text,
      isBinary: false,
      isCut: offset + slice.length < size,
      encoding: decoded.encoding,
      hadInvalidBytes: decoded.hadInvalidBytes,
    });
  }

  /**
   * Find over the bundled files. The matching runs in a worker, a batch of files at a time, under
   * the core's limit for one batch: a pattern that backtracks for ever stops the search, not the page.
   */
  async function search(m: BundleManifest, { kinds, under, ...query }: CallArgs<'search.run'>): Promise<Result<CallValue<'search.run'>>> {
    const pattern = compileQuery(query);
    if (!pattern.ok) return pattern;
    const prefix = under ? `${under.replace(/\/+$/, '')}/` : '';
    const paths = Object.keys(m.files)
      .filter((path) => path.startsWith(prefix) && (!kinds || kinds.includes(m.files[path]!.kind)))
      .sort();
    const hits: SearchHit[] = [];
    let filesSearched = 0;
    let filesSkipped = 0;
    let stopped: string | null = null;
    let isTooSlow = false;
    const worker = new MatchWorker();
    try {
      let batch: Array<[string, string]> = [];
      let chars = 0;
      const match = async (): Promise<boolean> => {
        const job: MatchJob = { source: pattern.value.source, flags: pattern.value.flags, files: batch, room: SEARCH_MAX_HITS - hits.length };
        const found = await new Promise<LineMatch[] | null>((resolve) => {
          const timer = setTimeout(() => resolve(null), SEARCH_BATCH_MS);
          worker.onmessage = (message: MessageEvent<LineMatch[]>) => {
            clearTimeout(timer);
            resolve(message.data);
          };
          worker.postMessage(job);
        });
        if (found === null) return false;
        for (const hit of found) hits.push({ ...hit, kind: m.files[hit.path]!.kind });
        filesSearched += batch.length;
        batch = [];
        chars = 0;
        return true;
      };
      for (const path of paths) {
        const file = m.files[path]!;
        const bytes = file.isBinary || file.kept === 0 ? null : await bytesOf(path);
        if (!bytes || looksBinary(bytes.subarray(0, SNIFF_BYTES))) {
          filesSkipped++;
          continue;
        }
        const text = decodeText(bytes).text;
        batch.push([path, text]);
        chars += text.length;
        if (chars < SEARCH_BATCH_CHARS) continue;
        isTooSlow = !(await match());
        if (isTooSlow || hits.length >= SEARCH_MAX_HITS) break;
      }
      if (!isTooSlow && batch.length > 0 && hits.length < SEARCH_MAX_HITS) isTooSlow = !(await match());
      if (isTooSlow) {
        const notSearched = paths.length - filesSearched - filesSkipped;
        stopped = `search stopped: the pattern took over ${SEARCH_BATCH_MS / 1000} s on 1 MB of text (it backtracks too much); ${countText(notSearched)} files not searched`;
      }
    } finally {
      worker.terminate();
    }
    return ok({ hits: hits.slice(0, SEARCH_MAX_HITS), filesSearched, filesSkipped, isCut: hits.length >= SEARCH_MAX_HITS, stopped });
  }

  return {
    async call(name, args) {
      // The contract's schema for this call, as the core checks it.
      const checked = checkCallArgs(name, args ?? {});
      if (!checked.ok) return checked as Result<CallValue<typeof name>>;
      try {
        return (await answer(name, checked.value as Record<string, unknown>, await manifest)) as Result<CallValue<typeof name>>;
      } catch (error) {
        return fail('io-error', error instanceof Error ? error.message : String(error));
      }
    },
    onPush: () => () => undefined,
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
  };
}
