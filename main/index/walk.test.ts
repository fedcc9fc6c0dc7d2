import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walkFolders, walkTree } from './walk';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

async function tree(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'tracelens-walk-'));
  await mkdir(join(dir, 'run/relu/I0_S01_verify'), { recursive: true });
  await writeFile(join(dir, 'top.txt'), '');
  await writeFile(join(dir, 'run/relu/I0_S01_relu_DoCoder_result.txt'), 'x');
  await writeFile(join(dir, 'run/relu/I0_S01_verify/verify_relu.py'), 'x');
  await symlink(join(dir, 'run'), join(dir, 'run-link')); // a folder link: not followed
  await symlink(join(dir, 'top.txt'), join(dir, 'run/top-link.txt')); // a file link: listed
  return dir;
}

describe('walkFolders', () => {
  it('lists the same files as the walk on this thread, folder by folder, links to folders not followed', async () => {
    const root = await tree();
    const files: string[] = [];
    const problems = await walkFolders(root, (folder, names) => {
      for (const name of names) files.push(folder === '' ? name : `${folder}/${name}`);
    });
    expect(problems).toEqual([]);
    expect(files.sort()).toEqual((await walkTree(root)).files.sort());
    expect(files.sort()).toEqual([
      'run-link',
      'run/relu/I0_S01_relu_DoCoder_result.txt',
      'run/relu/I0_S01_verify/verify_relu.py',
      'run/top-link.txt',
      'top.txt',
    ]);
  });

  it('walks one after another and at the same time give the same files (the thread kept between walks is reused)', async () => {
    const root = await tree();
    const list = async () => {
      const files: string[] = [];
      await walkFolders(root, (folder, names) => files.push(...names.map((name) => `${folder}/${name}`)));
      return files.sort();
    };
    const first = await list();
    expect(await list()).toEqual(first);
    expect(await Promise.all([list(), list(), list()])).toEqual([first, first, first]);
    // A walk that failed (its caller threw) leaves the next one working.
    await expect(
      walkFolders(root, () => {
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await list()).toEqual(first);
  });

  it("gives the sizes of the files the caller asks about, stat'ed on the walk's thread", async () => {
    const root = await tree();
    await writeFile(join(root, 'run/relu/I0_S02_relu_verifier_error_log.txt'), '');
    await writeFile(join(root, 'run/relu/I0_S03_relu_verifier_error_log.txt'), 'Traceback');
    const seen: Record<string, unknown> = {};
    await walkFolders(root, (_folder, names, sizes) => names.forEach((name, i) => sizes?.[i] !== undefined && (seen[name] = sizes[i])), {
      sizeSuffix: '_error_log.txt',
    });
    expect(seen).toEqual({ 'I0_S02_relu_verifier_error_log.txt': 0, 'I0_S03_relu_verifier_error_log.txt': 9 });
  });

  it("gives the oldest and newest time of the files named, per folder, without reading the folders again ('folders')", async () => {
    const root = await tree();
    const at = (seconds: number) => new Date(seconds * 1000);
    await utimes(join(root, 'top.txt'), at(1000), at(1000));
    await utimes(join(root, 'run/relu/I0_S01_relu_DoCoder_result.txt'), at(2000), at(2000));
    await writeFile(join(root, 'run/relu/later.txt'), 'not named: not stat');
    const seen: Array<[string, readonly string[], readonly [number, number] | null]> = [];
    await walkFolders(root, (folder, names, _sizes, _changed, _odd, times) => seen.push([folder, names, times]), {
      times: true,
      folders: [
        ['', ['top.txt']],
        ['run/relu', ['I0_S01_relu_DoCoder_result.txt', 'gone.txt']],
        ['run/gone', ['a.txt']],
      ],
    });
    expect(seen).toEqual([
      ['', [], [1_000_000, 1_000_000]],
      ['run/relu', [], [2_000_000, 2_000_000]], // a file gone since is left out
      ['run/gone', [], null],
    ]);
  });

  it('hands over one batch per turn of the event loop, so that the process answers meanwhile', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-walk-'));
    // Two folders past a batch (4096 files) each: three messages, all waiting once the first is slow.
    for (const folder of ['a', 'b']) {
      await mkdir(join(dir, folder));
      await Promise.all(Array.from({ length: 4100 }, (_, i) => writeFile(join(dir, folder, `f${i}`), '')));
    }
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const turnAtFolder: number[] = [];
    await walkFolders(dir, () => {
      if (turnAtFolder.length === 0) {
        const until = Date.now() + 200; // the walk posts everything while this one is classified
        while (Date.now() < until);
      }
      turnAtFolder.push(turns);
    });
    ticking = false;
    expect(turnAtFolder).toHaveLength(2);
    expect(turnAtFolder[1]!).toBeGreaterThan(turnAtFolder[0]!);
  });

  it('says which folder could not be read, and fails when the caller does', async () => {
    const root = await tree();
    expect(await walkFolders(join(root, 'gone'), () => undefined)).toEqual(['.: does not exist']);
    await expect(
      walkFolders(root, () => {
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
  });
});
