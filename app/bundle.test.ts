import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../shared/bundle';
import { main } from './cli';

const SAMPLES = fileURLToPath(new URL('../test/fixtures/samples/', import.meta.url));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let root: string;
let elsewhere: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tracelens-bundle-src-'));
  elsewhere = await mkdtemp(join(tmpdir(), 'tracelens-bundle-out-'));
  await cp(join(SAMPLES, 'aikg_v1_2026-01'), root, { recursive: true });
  await cp(join(SAMPLES, 'mm_agent_documented_mcm_killer'), join(root, 'mm'), { recursive: true });
  await mkdir(join(root, 'extra'));
  await writeFile(join(root, 'extra', 'big.log'), `${'a line of a long log\n'.repeat(60_000)}`); // 1.2 MB
  await writeFile(join(root, 'extra', 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
  await writeFile(join(root, 'extra', 'chart.png'), PNG);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(elsewhere, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    args,
    (text) => (out += text),
    (text) => (err += text),
    false,
    false,
  );
  return { code, out, err };
}

/** Every path under a folder with its size and mtime. */
async function fingerprint(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(entries.map(async (entry) => `${join(entry.parentPath, entry.name)} ${(await stat(join(entry.parentPath, entry.name))).mtimeMs}`)).then(
    (list) => list.sort(),
  );
}

describe('tracelens bundle', () => {
  it('writes the page, the run, its events and what the core said of them, and says what it left out', async () => {
    const before = await fingerprint(root);
    const out = join(elsewhere, 'share');
    const { code, out: said, err } = await run('bundle', root, '--out', out, '--max-file-mb', '1');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(said).toMatch(/^wrote a bundle of \d+ files \([\d.]+ (B|KB|MB)\) and 26 events to .+share\n/);
    expect(said).toContain('  left out: 1 file cut at 1 MB, 1 file not copied (binary or not readable); bundle/manifest.json lists each\n');
    expect(await fingerprint(root)).toEqual(before); // nothing written where it read

    // The page, told where its bundle is; no source maps.
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<meta name="tracelens-bundle" content="bundle/manifest.json" />');
    expect((await readdir(join(out, 'assets'))).some((name) => name.endsWith('.map'))).toBe(false);

    const manifest = JSON.parse(await readFile(join(out, 'bundle', 'manifest.json'), 'utf8')) as BundleManifest;
    expect(manifest.format).toBe('tracelens-bundle/1');
    expect(manifest.snapshot.tree.runs.map((run) => run.path)).toContain('aikg_logs/Task_i49c7ohg');
    expect(manifest.summary.runs.length).toBe(manifest.snapshot.tree.runs.length);
    expect(manifest.integrity).toBeDefined();
    expect(manifest.autopsy.root).toBe(root);
    // Every indexed file is listed; a big one is cut at the cap, a binary listed but not copied, an image copied.
    expect(Object.keys(manifest.files).length).toBe(manifest.snapshot.files);
    expect(manifest.files['extra/big.log']).toMatchObject({ size: 1_260_000, kept: 2 ** 20, isBinary: false });
    expect((await stat(join(out, 'bundle', 'files', 'extra', 'big.log'))).size).toBe(2 ** 20);
    expect(manifest.files['extra/blob.bin']).toMatchObject({ kept: 0, isBinary: true });
    await expect(stat(join(out, 'bundle', 'files', 'extra', 'blob.bin'))).rejects.toThrow();
    expect(await readFile(join(out, 'bundle', 'files', 'extra', 'chart.png'))).toEqual(PNG);
    expect(manifest.leftOut).toEqual([
      { path: 'extra/big.log', reason: 'cut to its first 1048576 of 1260000 bytes' },
      { path: 'extra/blob.bin', reason: 'binary (10 bytes): listed, not copied' },
    ]);
    const prompt = 'aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_0_0_S04_Square_matrix_multiplication__coder_prompt.txt';
    expect(manifest.files[prompt]).toMatchObject({ kind: 'prompt', isBinary: false });
    expect(await readFile(join(out, 'bundle', 'files', ...prompt.split('/')), 'utf8')).toBe(await readFile(join(root, prompt), 'utf8'));

    // Each event log: its events one per line, as the core reads them, with its cost.
    const logs = Object.entries(manifest.eventLogs);
    expect(logs.map(([, log]) => log.count).reduce((a, b) => a + b, 0)).toBe(26);
    for (const [dir, log] of logs) {
      const lines = (await readFile(join(out, log.file), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(log.count);
      expect(JSON.parse(lines[0]!)).toMatchObject({ seq: 0, timestamp: expect.any(String), type: expect.any(String) });
      expect(log.summary.total_events, dir).toBe(log.count);
      expect(log.total).toBe(log.count);
      expect(log.cost).not.toBeNull();
    }
  });

  it('keeps the first --max-events of a log, and says so', async () => {
    const out = join(elsewhere, 'few-events');
    const { code, out: said } = await run('bundle', root, '--out', out, '--max-events', '5');
    expect(code).toBe(0);
    expect(said).toContain('2 event logs cut at 5 events');
    const manifest = JSON.parse(await readFile(join(out, 'bundle', 'manifest.json'), 'utf8')) as BundleManifest;
    const logs = Object.entries(manifest.eventLogs);
    expect(logs.map(([, log]) => [log.count, log.total]).sort()).toEqual([
      [2, 2],
      [5, 12],
      [5, 12],
    ]);
    expect(manifest.leftOut.filter((entry) => entry.reason.endsWith('events (--max-events)')).map((entry) => entry.reason)).toEqual([
      'its first 5 of 12 events (--max-events)',
      'its first 5 of 12 events (--max-events)',
    ]);
    for (const [, log] of logs) expect((await readFile(join(out, log.file), 'utf8')).trim().split('\n')).toHaveLength(log.count);
  });

  it('copies no link that leads out and opens no FIFO: both are listed with why', async () => {
    const { execFileSync } = await import('node:child_process');
    const { symlink } = await import('node:fs/promises');
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-bundle-odd-'));
    try {
      await cp(join(SAMPLES, 'aikg_v0_2025-06'), dir, { recursive: true });
      await symlink('/etc/passwd', join(dir, 'passwd.txt'));
      execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
      const out = join(elsewhere, 'odd');
      expect((await run('bundle', dir, '--out', out)).code).toBe(0);
      const manifest = JSON.parse(await readFile(join(out, 'bundle', 'manifest.json'), 'utf8')) as BundleManifest;
      expect(manifest.leftOut.map((entry) => entry.path)).toEqual(['passwd.txt', 'pipe.txt']);
      expect(manifest.leftOut.map((entry) => entry.reason).join(' ')).toMatch(/outside.*FIFO|FIFO.*outside/i);
      expect((await readdir(join(out, 'bundle', 'files'))).sort()).not.toContain('passwd.txt');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to write inside the folder it reads, into a folder that is not empty, or without --out', async () => {
    expect(await run('bundle', root, '--out', join(root, 'share'))).toMatchObject({ code: 2, err: expect.stringContaining('is inside the folder being read') });
    const full = join(elsewhere, 'full');
    await mkdir(full);
    await writeFile(join(full, 'keep.txt'), 'mine');
    expect(await run('bundle', root, '--out', full)).toMatchObject({ code: 2, err: expect.stringContaining('is not empty') });
    expect(await readFile(join(full, 'keep.txt'), 'utf8')).toBe('mine');
    expect(await run('bundle', root)).toMatchObject({ code: 2, err: expect.stringContaining('bundle needs a folder to write into') });
    expect(await run('bundle', root, '--out', join(elsewhere, 'x'), '--max-file-mb', 'lots')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--max-file-mb'),
    });
  });
});
