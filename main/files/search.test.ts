import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RootGate } from './gate';
import { SEARCH_LIMITS, searchFiles } from './search';

let dir: string;
let gate: RootGate;
const PATHS = ['a.txt', 'evil.txt', 'many.txt'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracelens-search-'));
  await writeFile(join(dir, 'a.txt'), 'import triton\nfrom torch import nn\n');
  // `^(a+)+$` backtracks for ever on a long run of a's that does not end the line.
  await writeFile(join(dir, 'evil.txt'), `${'a'.repeat(40)}!\n`);
  await writeFile(join(dir, 'many.txt'), 'match\n'.repeat(SEARCH_LIMITS.maxHits + 500));
  gate = await RootGate.open(dir);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('search', () => {
  it('finds matches line by line and says it ran through', async () => {
    const result = await searchFiles(gate, PATHS, { text: 'TORCH', isRegex: false, isCaseSensitive: false });
    expect(result).toEqual({
      ok: true,
      value: {
        hits: [{ path: 'a.txt', line: 2, column: 6, preview: 'from torch import nn', previewStart: 5, previewLength: 5, kind: 'other' }],
        filesSearched: 3,
        filesSkipped: 0,
        isCut: false,
        stopped: null,
      },
    });
  });

  it('says where the match is in a preview cut from a long line, and what kind of file holds it', async () => {
    await writeFile(
      join(dir, 'long.txt'),
      `${'x'.repeat(500)}NEEDLE${'y'.repeat(500)}
`,
    );
    const result = await searchFiles(gate, ['long.txt'], { text: 'needle', isRegex: false, isCaseSensitive: false }, { kindOf: () => 'result' });
    const [hit] = result.ok ? result.value.hits : [];
    expect(hit).toMatchObject({ column: 501, kind: 'result', previewLength: 6 });
    expect(hit!.preview.slice(hit!.previewStart, hit!.previewStart + hit!.previewLength)).toBe('NEEDLE');
    expect(hit!.preview.startsWith('…') && hit!.preview.endsWith('…')).toBe(true);
  });

  it('stops a catastrophic pattern at its time limit, says so, and keeps the server answering meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const result = await searchFiles(gate, ['a.txt', 'evil.txt'], { text: '^(a+)+$', isRegex: true, isCaseSensitive: true }, { batchMs: 600 });
    clearInterval(timer);
    expect(result).toMatchObject({
      ok: true,
      value: { stopped: 'search stopped: the pattern took over 0.6 s on 1 MB of text (it backtracks too much); 2 files not searched', hits: [] },
    });
    // The matching ran on its own thread: this one went on ticking the whole time.
    expect(ticks).toBeGreaterThan(5);
  });

  it('stops at its overall time limit and says how much it did not search', async () => {
    const result = await searchFiles(gate, ['a.txt', 'evil.txt'], { text: '^(a+)+$', isRegex: true, isCaseSensitive: true }, { maxMs: 300 });
    expect(result).toMatchObject({ ok: true, value: { stopped: 'search stopped after 0.3 s: 2 files not searched', hits: [] } });
  });

  it('stops at the match limit and says the list is cut', async () => {
    const result = await searchFiles(gate, PATHS, { text: 'match', isRegex: false, isCaseSensitive: true });
    expect(result).toMatchObject({ ok: true, value: { isCut: true, stopped: null } });
    expect(result.ok && result.value.hits.length).toBe(SEARCH_LIMITS.maxHits);
  });
});
