import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../shared/contract';
import { type Core, createCore } from './core';
import { TraceIndex } from './index/traceIndex';

let dir: string;
let index: TraceIndex;
let core: Core;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracelens-core-'));
  await mkdir(join(dir, 'relu'));
  await writeFile(join(dir, 'relu', 'I0_S01_relu_DoCoder_result.txt'), 'import triton\n');
  // A 2 GB sparse file: nothing may read it whole.
  await writeFile(join(dir, 'relu', 'I0_S01_relu_DoCoder_reasoning.txt'), '');
  await truncate(join(dir, 'relu', 'I0_S01_relu_DoCoder_reasoning.txt'), 2 * 2 ** 30);
  index = await TraceIndex.open(dir, { watch: false });
  core = createCore(index);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the core contract', () => {
  it('answers any name and arguments with a Result, never a throw (fuzz)', async () => {
    const anything = fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...CALL_NAMES), fc.string()), anything, async (name, args) => {
        const result = await core.call(name, args);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.error.code).toMatch(/^[a-z-]+$/);
      }),
      { numRuns: 400 },
    );
  });

  it('reads the start of a 2 GB sparse file, names it binary, and never reads it whole', async () => {
    const result = await core.call('file.read', { path: 'relu/I0_S01_relu_DoCoder_reasoning.txt' });
    expect(result).toMatchObject({ ok: true, value: { size: 2 * 2 ** 30, isBinary: true, text: '' } });
    const search = await core.call('search.run', { text: 'triton', isRegex: false, isCaseSensitive: false });
    expect(search).toMatchObject({ ok: true, value: { filesSearched: 1, filesSkipped: 1, hits: [{ path: 'relu/I0_S01_relu_DoCoder_result.txt', line: 1 }] } });
  });

  it('says a file vanished mid-session, and goes on', async () => {
    // A watching index that has seen the file: the UI holds its name when it goes.
    const live = await TraceIndex.open(dir, { rewalkMs: 0 });
    await live.watching;
    const liveCore = createCore(live);
    const path = 'relu/I0_S02_relu_DoCoder_result.txt';
    await writeFile(join(dir, path), 'import triton  # attempt 2\n');
    for (let i = 0; i < 200 && !live.paths().includes(path); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(live.paths()).toContain(path);
    expect(await liveCore.call('file.read', { path })).toMatchObject({ ok: true, value: { text: 'import triton  # attempt 2\n' } });
    await rm(join(dir, path));
    // Read before the watcher's news arrives, as a click at that moment would: said, not thrown.
    expect(await liveCore.call('file.read', { path })).toMatchObject({ ok: false, error: { code: 'not-found', message: `${path}: does not exist` } });
    for (let i = 0; i < 200 && live.paths().includes(path); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const snapshot = await liveCore.call('tree.snapshot', {});
    expect(snapshot).toMatchObject({ ok: true });
    expect(live.paths()).not.toContain(path);
    expect(live.paths()).toContain('relu/I0_S01_relu_DoCoder_result.txt');
    await live.close();
  });

  it('refuses bad regular expressions and empty searches with a reason', async () => {
    expect(await core.call('search.run', { text: '(', isRegex: true, isCaseSensitive: false })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringContaining('not a valid regular expression') },
    });
    expect(await core.call('search.run', { text: '', isRegex: false, isCaseSensitive: false })).toMatchObject({
      ok: false,
      error: { message: 'the search text is empty' },
    });
  });
});
