/**
 * A final JSON indexed on every core (issue #18: a finished 1M-event run's 289 MB took 1.7 s on
 * one). json.dump writes one event object a line group, each starting on a line of its own at the
 * same indentation, so the file can be cut there: this thread indexes the first part, a worker
 * thread each of the others from that line on (JsonEventIndex.fromEventsList), and the parts are
 * appended in order. A cut is trusted only where the scan of the part before it really stands
 * between two events of the list (a `{` at that indentation can belong to another list, or the
 * file can be compact): where it does not, the rest is read here, as one thread would have.
 */
import { availableParallelism } from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { JsonEventIndex, type JsonIndexPart } from './jsonLog';
import { orThrow, type RootGate } from '../files/gate';
import { workerFile } from '../workers/workerFile';
import type { JsonPartMessage, JsonPartRequest } from '../workers/jsonIndex';

/** A part smaller than this is not worth a thread (one takes ~150 ms to start). */
export const PART_BYTES = 32 * 1024 * 1024;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** How much of the file is read to find the first event's indentation, and around each cut to find a line to cut at. */
const HEAD_BYTES = 256 * 1024;
const MAX_PARTS = 8;

/**
 * The file at `rel` indexed whole, on as many threads as its size is worth (`threadParts`: how many
 * parts other threads indexed); what went wrong reading it throws.
 */
export async function indexJsonFile(
  gate: RootGate,
  rel: string,
  { partBytes = PART_BYTES, maxParts = Math.min(MAX_PARTS, availableParallelism()) } = {},
): Promise<{ index: JsonEventIndex; size: number; threadParts: number }> {
  const { handle, size } = orThrow(await gate.openFile(rel));
  const threads: Worker[] = [];
  try {
    const index = new JsonEventIndex();
    const parts = Math.min(maxParts, Math.floor(size / partBytes));
    const cuts = parts > 1 && workerFile('jsonIndex') ? await cutsOf(handle, size, parts) : [];
    const pending = cuts.map((start, k) => {
      const thread = new Worker(workerFile('jsonIndex')!);
      threads.push(thread);
      return partOn(thread, { fd: handle.fd, start, end: cuts[k + 1] ?? size });
    });
    let at = cuts[0] ?? size;
    let threadParts = 0;
    await readInto(index, handle, 0, at);
    for (const [k, waiting] of pending.entries()) {
      const next = cuts[k + 1] ?? size;
      const part = await waiting;
      const isLast = k === pending.length - 1;
      // The part is this index's continuation only if the scan stands between events where it starts,
      // and it read to where the next one starts, ending there between events too.
      if (!part || !index.isBetweenEvents || part.consumed !== next || (!isLast && !part.endsBetweenEvents)) break;
      index.append(part);
      at = next;
      threadParts++;
    }
    if (at < size) await readInto(index, handle, at, size);
    return { index, size, threadParts };
  } finally {
    // A thread may still read through the descriptor: it is closed once they have stopped.
    await Promise.all(threads.map((thread) => thread.terminate()));
    await handle.close();
  }
}

/** A worker's part; null when it failed (the caller then reads that part itself). */
function partOn(thread: Worker, request: JsonPartRequest): Promise<JsonIndexPart | null> {
  return new Promise((resolve) => {
    thread.once('message', (message: JsonPartMessage) => resolve('part' in message ? message.part : null));
    thread.once('error', () => resolve(null));
    thread.once('exit', () => resolve(null));
    thread.postMessage(request);
  });
}

/** Bytes `from`–`to` pushed to the index, the next chunk read while this one is scanned. */
async function readInto(index: JsonEventIndex, handle: FileHandle, from: number, to: number): Promise<void> {
  const buffers = [Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, to - from))), Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, to - from)))];
  let turn = 0;
  const read = (at: number) => handle.read(buffers[turn]!, 0, Math.min(buffers[turn]!.length, to - at), at);
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

/**
 * Where parts after the first start: at about each `k/parts` of the file, the first line that
 * opens an object at the first event's indentation. None when the first event is not on a line
 * of its own (compact JSON) or no such line is near.
 */
async function cutsOf(handle: FileHandle, size: number, parts: number): Promise<number[]> {
  const head = Buffer.allocUnsafe(Math.min(HEAD_BYTES, size));
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  const probe = new JsonEventIndex();
  probe.push(head.subarray(0, bytesRead));
  if (probe.columns.count === 0) return [];
  const first = probe.columns.offset[0]!;
  const lineStart = head.lastIndexOf(10, first) + 1;
  if (lineStart === 0) return [];
  for (let i = lineStart; i < first; i++) if (head[i] !== 32 && head[i] !== 9) return [];
  // A line break, the indentation, the brace.
  const opener = Buffer.concat([Buffer.from('\n'), head.subarray(lineStart, first), Buffer.from('{')]);
  const cuts: number[] = [];
  const window = Buffer.allocUnsafe(HEAD_BYTES);
  for (let k = 1; k < parts; k++) {
    const from = Math.max(Math.floor((size * k) / parts), cuts.at(-1) ?? first + 1);
    const { bytesRead: got } = await handle.read(window, 0, Math.min(window.length, size - from), from);
    const found = window.subarray(0, got).indexOf(opener);
    if (found >= 0) cuts.push(from + found + 1);
  }
  return cuts;
}
