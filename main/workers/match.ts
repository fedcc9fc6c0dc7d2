/**
 * The search's matching (main/files/search.ts), on a thread of its own: a regular expression can
 * backtrack for ever (`^(a+)+$` on a long line of a's), and on the server's thread that would stop
 * every other client. The search ends this thread when it runs out of time.
 */
import { parentPort } from 'node:worker_threads';
import type { SearchHit } from '../../shared/contract';

export type MatchRequest =
  { readonly source: string; readonly flags: string } | { readonly files: ReadonlyArray<readonly [string, string]>; readonly room: number };

function preview(line: string, column: number): string {
  if (line.length <= 200) return line;
  const start = Math.max(0, column - 80);
  return `${start > 0 ? '…' : ''}${line.slice(start, start + 200)}…`;
}

let pattern: RegExp | null = null;

parentPort?.on('message', (message: MatchRequest) => {
  if ('source' in message) {
    pattern = new RegExp(message.source, message.flags);
    return;
  }
  const hits: SearchHit[] = [];
  for (const [path, text] of message.files) {
    const lines = text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length && hits.length < message.room; i++) {
      const line = lines[i]!;
      pattern!.lastIndex = 0; // set by the first message of every search
      const match = pattern!.exec(line);
      if (match) hits.push({ path, line: i + 1, column: match.index + 1, preview: preview(line, match.index) });
    }
    if (hits.length >= message.room) break;
  }
  parentPort!.postMessage({ hits });
});
