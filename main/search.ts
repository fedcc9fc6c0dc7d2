import { open } from 'node:fs/promises';
import type { SearchHit, SearchQuery, SearchResult } from '../shared/contract';
import { fail, ok, type Result } from '../shared/model/result';
import { decodeText, looksBinary } from '../shared/parse/text';

export const SEARCH_LIMITS = { maxHits: 2000, maxFileBytes: 16 * 1024 * 1024, maxQueryLength: 1000 } as const;

/** Builds the matcher for a query, or says why the query cannot be run. */
export function compileQuery(query: SearchQuery): Result<RegExp> {
  if (query.text === '') return fail('invalid-argument', 'the search text is empty');
  if (query.text.length > SEARCH_LIMITS.maxQueryLength) return fail('invalid-argument', 'the search text is too long');
  const flags = query.isCaseSensitive ? 'g' : 'gi';
  try {
    return ok(new RegExp(query.isRegex ? query.text : query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags));
  } catch (error) {
    return fail('invalid-argument', `not a valid regular expression: ${(error as Error).message}`);
  }
}

function preview(line: string, column: number): string {
  if (line.length <= 200) return line;
  const start = Math.max(0, column - 80);
  return `${start > 0 ? '…' : ''}${line.slice(start, start + 200)}…`;
}

/** Searches the given files (absolute path per root-relative path) line by line. */
export async function searchFiles(files: ReadonlyArray<readonly [string, string]>, query: SearchQuery): Promise<Result<SearchResult>> {
  const compiled = compileQuery(query);
  if (!compiled.ok) return compiled;
  const pattern = compiled.value;
  const hits: SearchHit[] = [];
  let filesSearched = 0;
  let filesSkipped = 0;
  for (const [path, absolute] of files) {
    if (hits.length >= SEARCH_LIMITS.maxHits) break;
    let bytes: Buffer;
    try {
      const handle = await open(absolute, 'r');
      try {
        const { size } = await handle.stat();
        if (size > SEARCH_LIMITS.maxFileBytes) {
          filesSkipped++;
          continue;
        }
        bytes = Buffer.alloc(size);
        await handle.read(bytes, 0, size, 0);
      } finally {
        await handle.close();
      }
    } catch {
      filesSkipped++;
      continue;
    }
    if (looksBinary(bytes)) {
      filesSkipped++;
      continue;
    }
    filesSearched++;
    const lines = decodeText(bytes).text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length && hits.length < SEARCH_LIMITS.maxHits; i++) {
      const line = lines[i]!;
      pattern.lastIndex = 0;
      const match = pattern.exec(line);
      if (match) hits.push({ path, line: i + 1, column: match.index + 1, preview: preview(line, match.index) });
    }
  }
  return ok({ hits, filesSearched, filesSkipped, isCut: hits.length >= SEARCH_LIMITS.maxHits });
}
