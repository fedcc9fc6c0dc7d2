/**
 * chokidar on a thread of its own (main/index/watcher.ts says why). Its events go over in
 * batches: in a burst each file comes with several events, each on its own turn of the loop, and
 * a message per turn cost more than the watching.
 */
import { type ChokidarOptions, watch } from 'chokidar';
import { parentPort, workerData } from 'node:worker_threads';

export interface WatchStart {
  readonly root: string;
  readonly options: ChokidarOptions;
  readonly kinds: readonly string[];
}

export interface WatchMessage {
  readonly events?: string[];
  readonly error?: { code?: string; message: string };
  readonly ready?: boolean;
  readonly closed?: boolean;
}

const BATCH_MS = 10;

if (parentPort) {
  const port = parentPort;
  const { root, options, kinds } = workerData as WatchStart; // what watcher.ts starts this thread with
  let batch: string[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const post = (message: WatchMessage) => port.postMessage(message);
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (batch.length === 0) return;
    post({ events: batch });
    batch = [];
  };
  const watcher = watch(root, options);
  for (const kind of kinds) {
    watcher.on(kind as 'add', (path: string) => {
      timer ??= setTimeout(flush, BATCH_MS);
      batch.push(kind, path);
    });
  }
  watcher.on('error', (error: unknown) => {
    flush();
    const { code, message } = error as NodeJS.ErrnoException;
    post({ error: { ...(code ? { code } : {}), message: String(message ?? error) } });
  });
  watcher.on('ready', () => {
    flush();
    post({ ready: true });
  });
  port.on('message', (message: unknown) => {
    if (message === 'close') void watcher.close().finally(() => post({ closed: true }));
  });
}
