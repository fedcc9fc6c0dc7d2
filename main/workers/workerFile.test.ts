import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TreeWatcher } from '../index/watcher';
import { workerFile } from './workerFile';

/** A watcher of a new empty folder reports a file written there, and closes: the watcher, once closed. */
async function watchOneFile(): Promise<TreeWatcher> {
  const dir = await mkdtemp(join(tmpdir(), 'tracelens-watch-'));
  try {
    const watcher = new TreeWatcher(dir, { ignoreInitial: true, persistent: true, followSymlinks: false });
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    const added = new Promise<string>((resolve) => watcher.once('add', (path: string) => resolve(path)));
    await writeFile(join(dir, 'a.txt'), 'x');
    expect(await added).toBe(join(dir, 'a.txt'));
    await watcher.close();
    return watcher;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the worker threads', () => {
  it('are built TypeScript entry points the core finds (the tests build them first)', () => {
    for (const name of ['walk', 'watch', 'match', 'eventIndex', 'codeCheck'] as const)
      expect(workerFile(name)?.pathname).toMatch(new RegExp(`/dist/workers/${name}\\.js$`));
  });

  it('watch on their own thread: chokidar starts there, with no fall-back to the main thread', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const watcher = await watchOneFile();
      expect(warnings.filter((message) => message.startsWith('watching on the main thread'))).toEqual([]);
      expect((watcher as unknown as { inProcess: unknown }).inProcess).toBeNull(); // the in-process fallback was never made
    } finally {
      process.off('warning', onWarning);
    }
  });

  describe('watching on the main thread (TRACELENS_WATCH_THREAD=main, or no worker): chokidar is loaded then', () => {
    afterEach(() => vi.unstubAllEnvs());

    it('reports what changes, and closes', async () => {
      vi.stubEnv('TRACELENS_WATCH_THREAD', 'main');
      const watcher = await watchOneFile();
      expect(await (watcher as unknown as { inProcess: Promise<unknown> }).inProcess).not.toBeNull(); // it watched here
    });

    it('closed before chokidar is loaded: it never starts watching', async () => {
      vi.stubEnv('TRACELENS_WATCH_THREAD', 'main');
      const dir = await mkdtemp(join(tmpdir(), 'tracelens-watch-main-'));
      try {
        const watcher = new TreeWatcher(dir, { ignoreInitial: true, persistent: true, followSymlinks: false });
        const ready = vi.fn();
        watcher.on('ready', ready);
        await watcher.close();
        expect(await (watcher as unknown as { inProcess: Promise<unknown> }).inProcess).toBeNull();
        expect(ready).not.toHaveBeenCalled();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
