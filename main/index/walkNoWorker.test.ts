import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { walkFolders } from './walk';

// No walker thread can start (a build without its workers): the walk runs on this thread.
vi.mock('./walkerThread', () => ({
  takeWalker: () => {
    throw new Error('the walk worker is not built');
  },
  keepWalker: () => undefined,
}));

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('walkFolders with no walker thread', () => {
  it('walks on this thread, and gives no times of named files without walking the folder at all', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-walk-'));
    await mkdir(join(dir, 'run'));
    await writeFile(join(dir, 'run', 'a.txt'), 'a');
    const walked: string[] = [];
    expect(await walkFolders(dir, (folder, names) => walked.push(`${folder}: ${names.join(' ')}`))).toEqual([]);
    expect(walked).toEqual(['run: a.txt']);
    const timed: string[] = [];
    expect(await walkFolders(dir, (folder) => timed.push(folder), { times: true, folders: [['run', ['a.txt']]] })).toEqual([]);
    expect(timed).toEqual([]);
  });
});
