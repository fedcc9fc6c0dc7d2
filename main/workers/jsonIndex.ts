/**
 * A part of a big final JSON indexed on a thread of its own (main/events/jsonParts.ts): from a
 * line where an event of the list begins to where the next part begins, read through the file
 * descriptor the caller opened (and checked) in the root. Its columns cross back as plain data.
 */
import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { JsonEventIndex, type JsonIndexPart } from '../events/jsonLog';

export interface JsonPartRequest {
  readonly fd: number;
  readonly start: number;
  readonly end: number;
}

export type JsonPartMessage = { readonly part: JsonIndexPart } | { readonly error: string };

const CHUNK_BYTES = 8 * 1024 * 1024;

parentPort?.on('message', ({ fd, start, end }: JsonPartRequest) => {
  let message: JsonPartMessage;
  try {
    const index = JsonEventIndex.fromEventsList(start);
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
  const part = 'part' in message ? message.part : null;
  const transfer = part
    ? [
        ...[part.columns.timeMs, part.columns.type, part.columns.level, part.columns.stage, part.columns.line, part.columns.offset, part.ends],
        ...[part.reads.key, part.reads.stage, part.reads.model, part.reads.llmStage, part.reads.tokens, part.reads.seconds],
      ].map((array) => array.buffer as ArrayBuffer)
    : [];
  parentPort!.postMessage(message, transfer);
});
