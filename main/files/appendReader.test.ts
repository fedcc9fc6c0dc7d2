import { appendFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
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

  it('starts again from 0 when the file was cut and written again past its old length', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    const path = join(dir, 'log.txt');
    await writeFile(path, 'first run: line 1\n');
    const reader = new AppendReader(await RootGate.open(dir), 'log.txt');
    await reader.readAll(() => undefined);
    // The same file (same inode), truncated and rewritten longer than before: not an append.
    await writeFile(path, 'second run: line 1\nsecond run: line 2\n');
    const seen: Array<[string, boolean]> = [];
    await reader.readAll((bytes, restarted) => seen.push([bytes.toString(), restarted]));
    expect(seen).toEqual([['second run: line 1\nsecond run: line 2\n', true]]);
    // A plain append after that is an append again.
    await appendFile(path, 'second run: line 3\n');
    const more: Array<[string, boolean]> = [];
    await reader.readAll((bytes, restarted) => more.push([bytes.toString(), restarted]));
    expect(more).toEqual([['second run: line 3\n', false]]);
  });

  it('refuses, through the gate, a log that is now a link out of the folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    await mkdir(join(dir, 'root'));
    await writeFile(join(dir, 'secret.txt'), 'outside');
    await symlink(join(dir, 'secret.txt'), join(dir, 'root', 'log.txt'));
    const reader = new AppendReader(await RootGate.open(join(dir, 'root')), 'log.txt');
    await expect(reader.readAll(() => undefined)).rejects.toThrow('log.txt: a link to outside the opened folder: not read');
  });
});
