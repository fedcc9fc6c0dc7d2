/**
 * A bundle's find, matching on a thread of its own (as the core's, main/workers/match.ts): a
 * pattern that backtracks for ever must not hang the page; the page ends this worker when one
 * batch takes too long.
 */
import { matchLines } from '../../shared/analysis/textSearch';

export interface MatchJob {
  readonly source: string;
  readonly flags: string;
  readonly files: ReadonlyArray<readonly [string, string]>;
  readonly room: number;
}

self.onmessage = (message: MessageEvent<MatchJob>) => {
  const { source, flags, files, room } = message.data;
  self.postMessage(matchLines(files, new RegExp(source, flags), room));
};
