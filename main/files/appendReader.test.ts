import { appendFile, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
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

  it('refuses, through the gate, a log that is now a link out of the folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    await mkdir(join(dir, 'root'));
    await writeFile(join(dir, 'secret.txt'), 'outside');
    await symlink(join(dir, 'secret.txt'), join(dir, 'root', 'log.txt'));
    const reader = new AppendReader(await RootGate.open(join(dir, 'root')), 'log.txt');
    await expect(reader.readAll(() => undefined)).rejects.toThrow('log.txt: a link to outside the opened folder: not read');
  });
});

/** What a reader sees of the file from where it stopped: each chunk's text, and whether it started over. */
async function readAgain(reader: AppendReader): Promise<Array<[string, boolean]>> {
  const seen: Array<[string, boolean]> = [];
  await reader.readAll((bytes, restarted) => seen.push([bytes.toString(), restarted]));
  return seen;
}

// Up to 256 KB of new bytes are read synchronously, more through the promise API: both tell an append from a rewrite.
describe.each([
  ['a small file (read synchronously)', ''],
  ['a large file (read through the promise API)', `${'x'.repeat(300 * 1024)}\n`],
])('AppendReader, on %s', (_kind, pad) => {
  it('starts again from 0 when the file shrank, and says so once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    const path = join(dir, 'log.txt');
    await writeFile(path, `${pad}a long first version\n${pad}`);
    const reader = new AppendReader(await RootGate.open(dir), 'log.txt');
    await reader.readAll(() => undefined);
    await writeFile(path, `${pad}new\n`);
    expect(await readAgain(reader)).toEqual([[`${pad}new\n`, true]]);
  });

  it('starts again from 0 when the file was cut and written again past its old length; an append after is an append', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    const path = join(dir, 'log.txt');
    await writeFile(path, `${pad}first run: line 1\n`);
    const reader = new AppendReader(await RootGate.open(dir), 'log.txt');
    await reader.readAll(() => undefined);
    // The same file (same inode), truncated and rewritten longer than before: not an append.
    await writeFile(path, `${pad}second run: line 1\nsecond run: line 2\n`);
    expect(await readAgain(reader)).toEqual([[`${pad}second run: line 1\nsecond run: line 2\n`, true]]);
    await appendFile(path, 'second run: line 3\n');
    expect(await readAgain(reader)).toEqual([['second run: line 3\n', false]]);
  });

  it('starts again from 0 when another file took the name, even one that begins with the same bytes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-append-'));
    const path = join(dir, 'log.txt');
    await writeFile(path, `${pad}old\n`);
    const reader = new AppendReader(await RootGate.open(dir), 'log.txt');
    await reader.readAll(() => undefined);
    await rename(path, join(dir, 'log.1.txt')); // rotated: kept, so the new file cannot have its inode
    await writeFile(path, `${pad}old\nnew\n`);
    expect(await readAgain(reader)).toEqual([[`${pad}old\nnew\n`, true]]);
  });
});
