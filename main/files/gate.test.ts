import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlice } from './slice';
import { NOT_READ, RootGate } from './gate';

let base: string;
let root: string;
let gate: RootGate;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tracelens-files-'));
  root = join(base, 'root');
  await mkdir(join(root, 'op'), { recursive: true });
  await mkdir(join(base, 'elsewhere'));
  await writeFile(join(base, 'secret.txt'), 'outside');
  await writeFile(join(root, 'op', 'a.txt'), 'line one\nline two\n');
  await writeFile(join(root, '..dotdot.txt'), 'a legal name');
  await writeFile(join(root, 'op', 'model.bin'), Buffer.from([0x80, 0x02, 0x00, 0x63, 0x00]));
  await writeFile(join(root, 'op', 'bad.txt'), Buffer.from([0x61, 0xff, 0x62]));
  await symlink(join(base, 'secret.txt'), join(root, 'op', 'link-out.txt'));
  await symlink('../../secret.txt', join(root, 'op', 'relative-out.txt'));
  await symlink(join(root, 'op', 'link-out.txt'), join(root, 'chained-out.txt'));
  await symlink(join(root, 'op', 'a.txt'), join(root, 'link-in.txt'));
  await symlink(join(base, 'elsewhere'), join(root, 'folder-out'));
  await symlink(join(root, 'op'), join(root, 'folder-in'));
  await symlink(join(root, 'nothing-here'), join(root, 'dangling.txt'));
  await symlink(join(root, 'loop-b'), join(root, 'loop-a'));
  await symlink(join(root, 'loop-a'), join(root, 'loop-b'));
  await symlink('/dev/zero', join(root, 'zero.txt'));
  execFileSync('mkfifo', [join(root, 'pipe.txt')]);
  await symlink(join(root, 'pipe.txt'), join(root, 'link-to-pipe.txt'));
  gate = await RootGate.open(root);
});

afterAll(() => rm(base, { recursive: true, force: true }));

describe('RootGate', () => {
  it.each([
    ['../secret.txt', 'outside-root'],
    ['op/../../secret.txt', 'outside-root'],
    ['/etc/passwd', 'outside-root'],
    ['C:\\Windows\\win.ini', 'outside-root'],
    ['\\\\server\\share\\x', 'outside-root'],
    ['//server/share/x', 'outside-root'],
    ['op/link-out.txt', 'outside-root'],
    ['op/relative-out.txt', 'outside-root'],
    ['chained-out.txt', 'outside-root'],
    ['folder-out/x.txt', 'outside-root'],
    ['zero.txt', 'invalid-argument'],
    ['pipe.txt', 'invalid-argument'],
    ['link-to-pipe.txt', 'invalid-argument'],
    ['op', 'invalid-argument'],
    ['folder-in', 'invalid-argument'],
    ['loop-a', 'invalid-argument'],
    ['op/a.txt\0.png', 'invalid-argument'],
    ['op/missing.txt', 'not-found'],
    ['dangling.txt', 'not-found'],
  ])('refuses to open %j', async (path, code) => {
    expect(await gate.openFile(path)).toMatchObject({ ok: false, error: { code } });
    expect(gate.openFileSync(path)).toMatchObject({ ok: false });
  });

  it('says why in words a user can act on', async () => {
    expect(await gate.openFile('op/link-out.txt')).toMatchObject({ error: { message: `op/link-out.txt: ${NOT_READ.outside}` } });
    expect(await gate.openFile('zero.txt')).toMatchObject({ error: { message: `zero.txt: ${NOT_READ.outside}` } });
    expect(await gate.openFile('pipe.txt')).toMatchObject({ error: { message: 'pipe.txt: a FIFO (named pipe): not read' } });
    expect(await gate.openFile('dangling.txt')).toMatchObject({ error: { message: `dangling.txt: ${NOT_READ.brokenLink}` } });
  });

  it('refuses what is not a string', async () => {
    expect(await gate.openFile(42)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('opens names that merely start with dots, and links that stay inside', async () => {
    const dots = await gate.read('..dotdot.txt', 0, 100);
    expect(dots.ok && dots.value.bytes.toString()).toBe('a legal name');
    const link = await gate.read('link-in.txt', 0, 100);
    expect(link.ok && link.value.bytes.toString()).toBe('line one\nline two\n');
    const sync = gate.openFileSync('link-in.txt');
    expect(sync).toMatchObject({ ok: true, value: { size: 18 } });
    if (sync.ok) {
      const bytes = Buffer.alloc(4);
      expect(sync.value.readAt(bytes, 5)).toBe(4);
      expect(bytes.toString()).toBe('one\n');
      sync.value.close();
    }
  });

  it('names each entry that would not be read, and why; plain files and links inside are read', async () => {
    const why = Object.fromEntries(
      await Promise.all(
        [
          'op/a.txt',
          'link-in.txt',
          'op/link-out.txt',
          'op/relative-out.txt',
          'chained-out.txt',
          'folder-out',
          'folder-in',
          'dangling.txt',
          'loop-a',
          'zero.txt',
          'pipe.txt',
          'link-to-pipe.txt',
        ].map(async (path) => [path, await gate.whyNotRead(path)]),
      ),
    );
    expect(why).toEqual({
      'op/a.txt': null,
      'link-in.txt': null,
      'op/link-out.txt': NOT_READ.outside,
      'op/relative-out.txt': NOT_READ.outside,
      'chained-out.txt': NOT_READ.outside,
      'folder-out': NOT_READ.outside,
      'folder-in': NOT_READ.folderLink,
      'dangling.txt': NOT_READ.brokenLink,
      'loop-a': NOT_READ.loop,
      'zero.txt': NOT_READ.outside,
      'pipe.txt': 'a FIFO (named pipe): not read',
      'link-to-pipe.txt': 'a FIFO (named pipe): not read',
    });
  });

  it('is not fooled by a link swapped in while a file is being opened (open first, then check the handle)', async () => {
    // Another thread swaps the name between a plain file inside and a link out, as fast as it can,
    // while the gate reads it: every answer is the inside text or a refusal, never the outside's.
    await writeFile(join(root, 'swap-plain'), 'inside');
    let swapping = true;
    const swapper = (async () => {
      for (let i = 0; swapping; i++) {
        if (i % 2 === 0) await writeFile(join(root, 'swap-plain'), 'inside').catch(() => undefined);
        else await symlink(join(base, 'secret.txt'), join(root, 'swap-link')).catch(() => undefined);
        await rename(join(root, i % 2 === 0 ? 'swap-plain' : 'swap-link'), join(root, 'swapped.txt')).catch(() => undefined);
      }
    })();
    const seen = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      const read = await gate.read('swapped.txt', 0, 100);
      seen.add(read.ok ? read.value.bytes.toString() : read.error.code);
    }
    swapping = false;
    await swapper;
    expect(seen.has('outside')).toBe(false);
    expect(seen.has('inside')).toBe(true);
    expect([...seen].some((what) => what === 'outside-root')).toBe(true);
  });

  it('refuses a file larger than the caller reads, before reading it', async () => {
    expect(await gate.read('op/a.txt', 0, 4, 10)).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('knows where an output would land once links are resolved', async () => {
    expect(await gate.wouldLandInside(join(root, 'op', 'new', 'report.json'))).toBe(true);
    expect(await gate.wouldLandInside(join(root, 'folder-in', 'report.json'))).toBe(true);
    expect(await gate.wouldLandInside(join(base, 'report.json'))).toBe(false);
    expect(await gate.wouldLandInside(join(root, 'folder-out', 'report.json'))).toBe(false);
  });
});

describe('readSlice', () => {
  it('reads a range and says when the file goes on', async () => {
    const result = await readSlice(gate, 'op/a.txt', 5, 3);
    expect(result).toEqual({
      ok: true,
      value: {
        size: 18,
        modifiedMs: expect.any(Number),
        offset: 5,
        length: 3,
        text: 'one',
        isBinary: false,
        isCut: true,
        encoding: 'utf-8',
        hadInvalidBytes: false,
      },
    });
    // When it was written: how long an attempt has waited for its verdict.
    expect(Math.abs((result.ok ? result.value.modifiedMs : 0) - Date.now())).toBeLessThan(3_600_000);
  });

  it('names binary files instead of dumping them', async () => {
    expect(await readSlice(gate, 'op/model.bin')).toMatchObject({ ok: true, value: { isBinary: true, text: '', size: 5 } });
  });

  it('replaces invalid UTF-8 and says so', async () => {
    expect(await readSlice(gate, 'op/bad.txt')).toMatchObject({ ok: true, value: { text: 'a\uFFFDb', hadInvalidBytes: true } });
  });

  it('refuses bad ranges and folders', async () => {
    expect(await readSlice(gate, 'op/a.txt', -1)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await readSlice(gate, 'op')).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'op: a folder, not a file' } });
  });
});
