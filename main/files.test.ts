import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlice, resolveInsideRoot } from './files';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tracelens-files-'));
  root = join(base, 'root');
  await mkdir(join(root, 'op'), { recursive: true });
  await writeFile(join(base, 'secret.txt'), 'outside');
  await writeFile(join(root, 'op', 'a.txt'), 'line one\nline two\n');
  await writeFile(join(root, '..dotdot.txt'), 'a legal name');
  await writeFile(join(root, 'op', 'model.bin'), Buffer.from([0x80, 0x02, 0x00, 0x63, 0x00]));
  await writeFile(join(root, 'op', 'bad.txt'), Buffer.from([0x61, 0xff, 0x62]));
  await symlink(join(base, 'secret.txt'), join(root, 'op', 'link-out.txt'));
  await symlink(join(root, 'op', 'a.txt'), join(root, 'link-in.txt'));
});

afterAll(() => rm(base, { recursive: true, force: true }));

describe('resolveInsideRoot', () => {
  it.each([
    ['../secret.txt', 'outside-root'],
    ['op/../../secret.txt', 'outside-root'],
    ['/etc/passwd', 'outside-root'],
    ['C:\\Windows\\win.ini', 'outside-root'],
    ['\\\\server\\share\\x', 'outside-root'],
    ['//server/share/x', 'outside-root'],
    ['op/link-out.txt', 'outside-root'],
    ['op/a.txt\0.png', 'invalid-argument'],
    ['op/missing.txt', 'not-found'],
  ])('refuses %j', async (path, code) => {
    const result = await resolveInsideRoot(root, path);
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses what is not a string', async () => {
    expect(await resolveInsideRoot(root, 42)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('accepts names that merely start with dots, and links that stay inside', async () => {
    expect(await resolveInsideRoot(root, '..dotdot.txt')).toMatchObject({ ok: true });
    expect(await resolveInsideRoot(root, 'link-in.txt')).toEqual({ ok: true, value: join(root, 'op', 'a.txt') });
  });
});

describe('readSlice', () => {
  it('reads a range and says when the file goes on', async () => {
    const result = await readSlice(root, 'op/a.txt', 5, 3);
    expect(result).toEqual({ ok: true, value: { size: 18, offset: 5, length: 3, text: 'one', isBinary: false, isCut: true, encoding: 'utf-8', hadInvalidBytes: false } });
  });

  it('names binary files instead of dumping them', async () => {
    expect(await readSlice(root, 'op/model.bin')).toMatchObject({ ok: true, value: { isBinary: true, text: '', size: 5 } });
  });

  it('replaces invalid UTF-8 and says so', async () => {
    expect(await readSlice(root, 'op/bad.txt')).toMatchObject({ ok: true, value: { text: 'a\uFFFDb', hadInvalidBytes: true } });
  });

  it('refuses bad ranges and folders', async () => {
    expect(await readSlice(root, 'op/a.txt', -1)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await readSlice(root, 'op')).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'not a file: op' } });
  });
});
