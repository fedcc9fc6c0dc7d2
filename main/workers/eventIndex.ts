/**
 * A part of a big event log indexed on a thread of its own (main/events/logParts.ts): a final
 * JSON or a readable log, from a line where an event begins to where the next part begins, read
 * through the file descriptor the caller opened (and checked) in the root. Its columns cross
 * back as plain data.
 */
import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { JsonEventIndex, type JsonIndexPart } from '../events/jsonLog';
import { ReadableLogIndex, type ReadableIndexPart } from '../events/readableLog';

export interface LogPartRequest {
  readonly kind: 'json' | 'readable';
  readonly fd: number;
  readonly start: number;
  readonly end: number;
  /** Whether a final JSON's payloads are read for the spans (PartOptions.reads). */
  readonly reads: boolean;
}

export type LogPartMessage = { readonly part: JsonIndexPart | ReadableIndexPart } | { readonly error: string };

const CHUNK_BYTES = 8 * 1024 * 1024;

parentPort?.on('message', ({ kind, fd, start, end, reads }: LogPartRequest) => {
  let message: LogPartMessage;
  try {
    const index = kind === 'json' ? JsonEventIndex.fromEventsList(start, { reads }) : ReadableLogIndex.fromOffset(start);
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, end - start));
    for (let at = start; at < end;) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
      if (read === 0) break; // the file shrank: the part ends short, and the caller reads on itself
      index.push(buffer.subarray(0, read));
      at += read;
    }
    message = { part: index.part() };
  } catch (error) {
    message = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(message, 'part' in message ? transferable(message.part) : []);
});

/** The part's typed arrays, handed over rather than copied. */
function transferable(part: JsonIndexPart | ReadableIndexPart): ArrayBuffer[] {
  const { columns } = part;
  const arrays: ArrayBufferView[] = [columns.timeMs, columns.type, columns.level, columns.stage, columns.line, columns.offset];
  if ('ends' in part) arrays.push(part.ends, part.reads.key, part.reads.stage, part.reads.model, part.reads.llmStage, part.reads.tokens, part.reads.seconds);
  return arrays.map((array) => array.buffer as ArrayBuffer);
}
