import { Worker } from 'node:worker_threads';
import type { LineMatch, SearchHit, SearchQuery, SearchResult } from '../../shared/contract';
import type { FileKind } from '../../shared/parse/fileKind';
import { fail, ok, type Result } from '../../shared/model/result';
import { decodeText, looksBinary } from '../../shared/parse/text';
import { compileQuery } from '../../shared/analysis/textSearch';
import type { MatchRequest } from '../workers/match';
import { workerFile } from '../workers/workerFile';
import type { RootGate } from './gate';
import { countText } from '../../shared/analysis/format';

export const SEARCH_LIMITS = {
  maxHits: 2000,
  maxFileBytes: 16 * 1024 * 1024,
  /** A search that runs longer stops, says so, and keeps what it found (it never blocks the server meanwhile). */
  maxMs: 60_000,
  /**
   * Matching one batch (at most batchChars of text) takes milliseconds for any sane pattern; one
   * that takes longer backtracks without end, and the search stops there.
   */
  batchMs: 5_000,
  /** Text handed to the matcher at once (a batch of small files, or one large one), and files. */
  batchChars: 1024 * 1024,
  batchFiles: 256,
  /** Files being read at once. */
  readsInFlight: 16,
} as const;

export interface SearchOptions {
  /** Time limits in ms (defaults in SEARCH_LIMITS). */
  readonly maxMs?: number;
  readonly batchMs?: number;
  /** What kind of file each path is (the hits say it); 'other' when not given. */
  readonly kindOf?: (path: string) => FileKind;
}

/**
 * Searches the given root-relative files line by line. Every file is read through the gate (links
 * out, FIFOs and devices are skipped, never read); files are read here while the matcher thread
 * works, a batch at a time, so one search holds at most a few batches in memory and the server
 * keeps answering other calls meanwhile.
 */
export async function searchFiles(gate: RootGate, paths: readonly string[], query: SearchQuery, options: SearchOptions = {}): Promise<Result<SearchResult>> {
  const compiled = compileQuery(query);
  if (!compiled.ok) return compiled;
  const maxMs = options.maxMs ?? SEARCH_LIMITS.maxMs;
  const batchMs = options.batchMs ?? SEARCH_LIMITS.batchMs;
  const kindOf = options.kindOf ?? (() => 'other' as const);
  // The matching runs on a thread of its own (main/workers/match.ts): a pattern that backtracks
  // for ever must not stop the server, and the thread is ended when the search runs out of time.
  let worker: Worker;
  try {
    const file = workerFile('match');
    if (!file) throw new Error('the search worker is not built (npm run build)');
    worker = new Worker(file);
  } catch (error) {
    return fail('io-error', `the search could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  worker.unref();
  worker.postMessage({ source: compiled.value.source, flags: compiled.value.flags } satisfies MatchRequest);
  const deadline = performance.now() + maxMs;
  const hits: SearchHit[] = [];
  let filesSearched = 0;
  let filesSkipped = 0;
  let stopped: string | null = null;

  /** Whether the search stopped on a batch the pattern could not match in time (else the overall limit). */
  let isTooSlow = false;
  /** Matches one batch, or null when the time ran out first (the thread is then ended). */
  const match = (files: Array<[string, string]>): Promise<LineMatch[] | null> =>
    new Promise((resolve) => {
      const left = deadline - performance.now();
      const timer = setTimeout(
        () => {
          isTooSlow = batchMs < left;
          resolve(null);
        },
        Math.max(0, Math.min(batchMs, left)),
      );
      worker.once('message', (message: { hits: LineMatch[] }) => {
        clearTimeout(timer);
        resolve(message.hits);
      });
      worker.postMessage({ files, room: SEARCH_LIMITS.maxHits - hits.length } satisfies MatchRequest);
    });

  const stop = () => {
    const notSearched = paths.length - filesSearched - filesSkipped;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
    stopped = isTooSlow
      ? `search stopped: the pattern took over ${seconds(batchMs)} on 1 MB of text (it backtracks too much); ${countText(notSearched)} files not searched`
      : `search stopped after ${seconds(maxMs)}: ${countText(notSearched)} files not searched`;
  };
  /** Matches one batch; false when the search is over (out of time, or enough matches). */
  const send = async (files: Array<[string, string]>): Promise<boolean> => {
    const found = await match(files);
    if (found === null) return false;
    for (const hit of found) hits.push({ ...hit, kind: kindOf(hit.path) });
    filesSearched += files.length;
    return hits.length < SEARCH_LIMITS.maxHits;
  };
  try {
    // Files are read a few at a time (each read is a round of system calls), in order, while the
    // matcher works on the batch before.
    const reads: Array<Promise<string | null>> = [];
    let next = 0;
    const fill = () => {
      while (next < paths.length && reads.length < SEARCH_LIMITS.readsInFlight) reads.push(readSearchable(gate, paths[next++]!));
    };
    let batch: Array<[string, string]> = [];
    let batchChars = 0;
    let pending: Promise<boolean> = Promise.resolve(true);
    let isOver = false;
    for (fill(); reads.length > 0 && !isOver; fill()) {
      if (performance.now() > deadline) break;
      const path = paths[next - reads.length]!;
      const text = await reads.shift()!;
      if (text === null) {
        filesSkipped++;
        continue;
      }
      batch.push([path, text]);
      batchChars += text.length;
      if (batchChars >= SEARCH_LIMITS.batchChars || batch.length >= SEARCH_LIMITS.batchFiles) {
        isOver = !(await pending);
        if (!isOver) pending = send(batch);
        batch = [];
        batchChars = 0;
      }
    }
    await Promise.allSettled(reads);
    if ((await pending) && !isOver && batch.length > 0) await send(batch);
    if (hits.length < SEARCH_LIMITS.maxHits && filesSearched + filesSkipped < paths.length) stop();
  } finally {
    void worker.terminate();
  }
  const isCut = hits.length >= SEARCH_LIMITS.maxHits;
  return ok({ hits: hits.slice(0, SEARCH_LIMITS.maxHits), filesSearched, filesSkipped, isCut, stopped });
}

/** A file's text for searching; null when it is not searched (refused by the gate, too large, binary). */
async function readSearchable(gate: RootGate, path: string): Promise<string | null> {
  const read = await gate.read(path, 0, SEARCH_LIMITS.maxFileBytes, SEARCH_LIMITS.maxFileBytes);
  if (!read.ok || looksBinary(read.value.bytes)) return null;
  return decodeText(read.value.bytes).text;
}
