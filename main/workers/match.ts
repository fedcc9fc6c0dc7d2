/**
 * The search's matching (main/files/search.ts), on a thread of its own: a regular expression can
 * backtrack for ever (`^(a+)+$` on a long line of a's), and on the server's thread that would stop
 * every other client. The search ends this thread when it runs out of time.
 */
import { parentPort } from 'node:worker_threads';
import { matchLines } from '../../shared/analysis/textSearch';

export type MatchRequest =
  { readonly source: string; readonly flags: string } | { readonly files: ReadonlyArray<readonly [string, string]>; readonly room: number };

let pattern: RegExp | null = null;

parentPort?.on('message', (message: MatchRequest) => {
  if ('source' in message) {
    pattern = new RegExp(message.source, message.flags);
    return;
  }
  parentPort!.postMessage({ hits: matchLines(message.files, pattern!, message.room) }); // the pattern is set by the first message of every search
});
