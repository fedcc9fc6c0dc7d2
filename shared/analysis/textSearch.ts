/**
 * Finding text in files line by line: the query made a pattern, and a file's lines matched
 * against it. The core runs it on a thread of its own (main/workers/match.ts, over files read
 * through the gate); a bundle's page runs it over the files it holds (renderer/lib/bundle.ts).
 */
import type { LineMatch, SearchQuery } from '../contract';
import { fail, ok, type Result } from '../model/result';

/** The longest search text taken. */
export const MAX_QUERY_LENGTH = 1000;

/** Builds the matcher for a query, or says why the query cannot be run. */
export function compileQuery(query: SearchQuery): Result<RegExp> {
  if (query.text === '') return fail('invalid-argument', 'the search text is empty');
  if (query.text.length > MAX_QUERY_LENGTH) return fail('invalid-argument', 'the search text is too long');
  const flags = query.isCaseSensitive ? 'g' : 'gi';
  try {
    return ok(new RegExp(query.isRegex ? query.text : query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags));
  } catch (error) {
    return fail('invalid-argument', `not a valid regular expression: ${(error as Error).message}`);
  }
}

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

/** The first match of each line of each file, at most `room` in all. */
export function matchLines(files: ReadonlyArray<readonly [string, string]>, pattern: RegExp, room: number): LineMatch[] {
  const hits: LineMatch[] = [];
  for (const [path, text] of files) {
    const lines = text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length && hits.length < room; i++) {
      const line = lines[i]!;
      pattern.lastIndex = 0;
      const match = pattern.exec(line);
      if (match) hits.push({ path, line: i + 1, column: match.index + 1, ...preview(line, match.index, match[0].length) });
    }
    if (hits.length >= room) break;
  }
  return hits;
}
