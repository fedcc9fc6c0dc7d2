/**
 * The search's matching (main/files/search.ts), on a thread of its own: a regular expression can
 * backtrack for ever (`^(a+)+$` on a long line of a's), and on the server's thread that would stop
 * every other client. The search ends this thread when it runs out of time.
 */
import { parentPort } from 'node:worker_threads';
import type { LineMatch } from '../../shared/contract';

export type MatchRequest =
  { readonly source: string; readonly flags: string } | { readonly files: ReadonlyArray<readonly [string, string]>; readonly room: number };

/** The line, cut to 200 characters around the match, and where the match is in what is kept. */
function preview(line: string, index: number, length: number): Pick<LineMatch, 'preview' | 'previewStart' | 'previewLength'> {
  if (line.length <= 200) return { preview: line, previewStart: index, previewLength: length };
  const start = Math.max(0, index - 80);
  const lead = start > 0 ? 1 : 0; // the '…'
  return {
    preview: `${lead ? '…' : ''}${line.slice(start, start + 200)}${start + 200 < line.length ? '…' : ''}`,
    previewStart: index - start + lead,
    previewLength: Math.min(length, start + 200 - index),
  };
}

let pattern: RegExp | null = null;

parentPort?.on('message', (message: MatchRequest) => {
  if ('source' in message) {
    pattern = new RegExp(message.source, message.flags);
    return;
  }
  const hits: LineMatch[] = [];
  for (const [path, text] of message.files) {
    const lines = text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length && hits.length < message.room; i++) {
      const line = lines[i]!;
      pattern!.lastIndex = 0; // set by the first message of every search
      const match = pattern!.exec(line);
      if (match) hits.push({ path, line: i + 1, column: match.index + 1, ...preview(line, match.index, match[0].length) });
    }
    if (hits.length >= message.room) break;
  }
  parentPort!.postMessage({ hits });
});
