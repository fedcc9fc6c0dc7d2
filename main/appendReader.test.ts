import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppendReader } from './appendReader';
import { RootGate } from './gate';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('AppendReader', () => {
  it('reads a file larger than one chunk completely, byte for byte, however the chunks cut its characters', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    const path = join(dir, 'log.txt');
    const line = '事件 event ✓\n';
    await writeFile(path, line.repeat(10_000));
    const reader = new AppendReader(await RootGate.open(dir), 'log.txt');
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    await reader.readAll((chunk) => {
      text += decoder.decode(chunk, { stream: true });
      chunks++;
    }, 1000); // 1000 bytes: every chunk boundary falls somewhere inside a line
    expect(chunks).toBeGreaterThan(100);
    expect(text).toBe(line.repeat(10_000));
    await appendFile(path, 'tail\n');
    let more = '';
    await reader.readAll((chunk) => (more += chunk.toString()));
    expect(more).toBe('tail\n');
  });

  it('starts again from 0 when the file shrank, and says so once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    const path = join(dir, 'log.txt');
    await writeFile(path, 'a long first version\n');
    const reader = new AppendReader(await RootGate.open(dir), 'log.txt');
    await reader.readAll(() => undefined);
    await writeFile(path, 'new\n');
    const seen: Array<[string, boolean]> = [];
    await reader.readAll((bytes, restarted) => seen.push([bytes.toString(), restarted]));
    expect(seen).toEqual([['new\n', true]]);
  });
});
