/**
 * A big event log indexed on every core (issue #18: a finished 1M-event run's 289 MB final JSON
 * took 1.7 s on one thread). The file is cut at lines where an event begins: this thread indexes
 * the first part, a worker thread each of the others (main/workers/eventIndex.ts), and the parts
 * are appended in order (a final JSON's with what the spans and the LLM ledger read of each
 * payload: PayloadReads). Where the cuts are:
 * - a final JSON: json.dump starts each event object on a line of its own at the same
 *   indentation. Such a line can belong to another list, so a cut is trusted only where the scan
 *   of the part before it really stands between two events of the list (JsonEventIndex);
 * - a readable log: any line that is an event's header.
 * Where a cut does not hold, the rest is read on this thread, as one thread would have.
 */
import { availableParallelism } from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { JsonEventIndex, type JsonIndexPart } from './jsonLog';
import { ReadableLogIndex, type ReadableIndexPart } from './readableLog';
import { orThrow, type RootGate } from '../files/gate';
import { type ReadPoint, SEAM_BYTES } from '../files/appendReader';
import { workerFile } from '../workers/workerFile';
import type { LogPartMessage, LogPartRequest } from '../workers/eventIndex';

/** A part smaller than this is not worth a thread (one takes ~150 ms to start). */
const PART_BYTES = 32 * 1024 * 1024;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** How much is read to find the first event's indentation, and around each cut to find a line to cut at. */
const WINDOW_BYTES = 256 * 1024;
const MAX_PARTS = 8;

export interface PartOptions {
  /** The smallest part worth a thread. */
  readonly partBytes?: number;
  readonly maxParts?: number;
  /** Whether a final JSON's parts read what the spans and the LLM ledger take of its payloads (default true: PayloadReads). */
  readonly reads?: boolean;
}

type Indexed<K> = K extends 'json' ? JsonEventIndex : ReadableLogIndex;

/**
 * The log at `rel` indexed, on as many threads as its size is worth: `size`, how much of it was
 * read, and `readTo`, where an AppendReader goes on from (a readable log is followed); `threadParts`,
 * how many parts other threads indexed. What went wrong reading it throws.
 */
export async function indexLogFile<K extends 'json' | 'readable'>(
  gate: RootGate,
  rel: string,
  kind: K,
  { partBytes = PART_BYTES, maxParts = Math.min(MAX_PARTS, availableParallelism()), reads = true }: PartOptions = {},
): Promise<{ index: Indexed<K>; size: number; readTo: ReadPoint; threadParts: number }> {
  const { handle, size, identity } = orThrow(await gate.openFile(rel));
  const threads: Worker[] = [];
  try {
    const index = (kind === 'json' ? new JsonEventIndex({ reads }) : new ReadableLogIndex()) as Indexed<K>;
    const parts = Math.min(maxParts, Math.floor(size / partBytes));
    const file = workerFile('eventIndex');
    const cuts = parts > 1 && file ? await (kind === 'json' ? jsonCuts : readableCuts)(handle, size, parts) : [];
    const pending = cuts.map((start, k) => {
      const thread = new Worker(file!);
      threads.push(thread);
      return partOn(thread, { kind, fd: handle.fd, start, end: cuts[k + 1] ?? size, reads });
    });
    let at = cuts[0] ?? size;
    let threadParts = 0;
    await readInto(index, handle, 0, at);
    for (const [k, waiting] of pending.entries()) {
      const next = cuts[k + 1] ?? size;
      const part = await waiting;
      if (!part || !follows(index, part, at, next, k === pending.length - 1)) break;
      // The thread indexed the same format: its part is of this index's kind.
      if (index instanceof JsonEventIndex) index.append(part as JsonIndexPart);
      else index.append(part as ReadableIndexPart);
      at = next;
      threadParts++;
    }
    if (at < size) await readInto(index, handle, at, size);
    // The bytes the index ends with, read through the same descriptor: the next read goes on after them.
    const seam = Buffer.alloc(Math.min(SEAM_BYTES, size));
    await handle.read(seam, 0, seam.length, size - seam.length);
    return { index, size, readTo: { offset: size, identity, seam }, threadParts };
  } finally {
    // A thread may still read through the descriptor: it is closed once they have stopped.
    await Promise.all(threads.map((thread) => thread.terminate()));
    await handle.close();
  }
}

/**
 * Whether `part` (from `at` to `next`) goes on from where `index` stopped: the index stands where
 * the part began, and the part read to its end; a part before another ends where that one begins.
 */
function follows(index: JsonEventIndex | ReadableLogIndex, part: JsonIndexPart | ReadableIndexPart, at: number, next: number, isLast: boolean): boolean {
  if ('ends' in part) {
    const json = index as JsonEventIndex;
    return json.isBetweenEvents && part.consumed === next && (isLast || part.endsBetweenEvents);
  }
  const readable = index as ReadableLogIndex;
  // The part before ended on a line break (the cut is a line's start); this one read all its bytes.
  if (readable.pending.length > 0 || readable.linesEnd !== at) return false;
  return part.consumed + part.carry.length === next && (isLast || (part.carry.length === 0 && !part.pendingCR));
}

/** A worker's part; null when it failed (the caller then reads that part itself). */
function partOn(thread: Worker, request: LogPartRequest): Promise<JsonIndexPart | ReadableIndexPart | null> {
  return new Promise((resolve) => {
    thread.once('message', (message: LogPartMessage) => resolve('part' in message ? message.part : null));
    thread.once('error', () => resolve(null));
    thread.once('exit', () => resolve(null));
    thread.postMessage(request);
  });
}

/** Bytes `from`–`to` pushed to the index, the next chunk read while this one is scanned. */
async function readInto(index: JsonEventIndex | ReadableLogIndex, handle: FileHandle, from: number, to: number): Promise<void> {
  const size = Math.min(CHUNK_BYTES, Math.max(1, to - from));
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  let turn = 0;
  const read = (at: number) => handle.read(buffers[turn]!, 0, Math.min(size, to - at), at);
  let next = from < to ? read(from) : null;
  for (let at = from; next;) {
    const { bytesRead, buffer } = await next;
    if (bytesRead === 0) break; // the file shrank under the read: the index says it is not whole
    at += bytesRead;
    turn ^= 1;
    next = at < to ? read(at) : null;
    index.push(buffer.subarray(0, bytesRead));
  }
}

/** The first place at or after each `k/parts` of the file where `find` finds a cut in the window read there. */
async function cutsNear(handle: FileHandle, size: number, parts: number, after: number, find: (window: Buffer) => number): Promise<number[]> {
  const cuts: number[] = [];
  const window = Buffer.allocUnsafe(WINDOW_BYTES);
  for (let k = 1; k < parts; k++) {
    const from = Math.max(Math.floor((size * k) / parts), (cuts.at(-1) ?? after) + 1);
    if (from >= size) break;
    const { bytesRead } = await handle.read(window, 0, Math.min(window.length, size - from), from);
    const found = find(window.subarray(0, bytesRead));
    if (found >= 0) cuts.push(from + found);
  }
  return cuts;
}

/**
 * A final JSON's cuts: lines that open an object at the first event's indentation. None when the
 * first event is not on a line of its own (compact JSON).
 */
async function jsonCuts(handle: FileHandle, size: number, parts: number): Promise<number[]> {
  const head = Buffer.allocUnsafe(Math.min(WINDOW_BYTES, size));
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  const probe = new JsonEventIndex();
  probe.push(head.subarray(0, bytesRead));
  if (probe.columns.count === 0) return [];
  const first = probe.columns.offset[0]!;
  const lineStart = head.lastIndexOf(10, first) + 1;
  if (lineStart === 0) return [];
  for (let i = lineStart; i < first; i++) if (head[i] !== 32 && head[i] !== 9) return [];
  // A line break, the indentation, the brace: the cut is the line's start.
  const opener = Buffer.concat([Buffer.from('\n'), head.subarray(lineStart, first), Buffer.from('{')]);
  return cutsNear(handle, size, parts, first, (window) => {
    const found = window.indexOf(opener);
    return found < 0 ? -1 : found + 1;
  });
}

/** A readable log's cuts: lines that are an event's header (as its index reads one). */
function readableCuts(handle: FileHandle, size: number, parts: number): Promise<number[]> {
  return cutsNear(handle, size, parts, 0, (window) => {
    for (let lf = window.indexOf('\n['); lf >= 0; lf = window.indexOf('\n[', lf + 1)) {
      const end = window.indexOf(10, lf + 1);
      if (end < 0) return -1;
      const probe = new ReadableLogIndex();
      probe.push(window.subarray(lf + 1, end + 1));
      if (probe.columns.count === 1) return lf + 1;
    }
    return -1;
  });
}
