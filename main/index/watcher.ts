/**
 * chokidar on a thread of its own. While it starts, chokidar 6 lstat's every file below the root
 * (its scan stream always asks for stats): on a 100k-file run that held the event loop for 5.7 s,
 * with pauses of up to a second between two answers to the UI. In a worker the same start costs
 * the main thread nothing; its events come over in batches, as the same events chokidar emits
 * ('add', 'change', 'unlink', 'addDir', 'unlinkDir', 'error', 'ready'). Where no worker can load
 * chokidar, it runs here as before.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { ChokidarOptions, FSWatcher } from 'chokidar';
import type { WatchMessage, WatchStart } from '../workers/watch';
import { workerFile } from '../workers/workerFile';

const KINDS = ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const;

export class TreeWatcher extends EventEmitter {
  private worker: Worker | null = null;
  private inProcess: Promise<FSWatcher | null> | null = null;
  private isClosed = false;

  constructor(
    private readonly root: string,
    private readonly options: ChokidarOptions,
  ) {
    super();
    if (process.env.TRACELENS_WATCH_THREAD === 'main') {
      this.startInProcess();
      return;
    }
    try {
      const file = workerFile('watch');
      if (!file) throw new Error('the watch worker is not built');
      this.worker = new Worker(file, { workerData: { root, options, kinds: KINDS } satisfies WatchStart });
    } catch {
      this.startInProcess();
      return;
    }
    this.worker.on('message', (message: WatchMessage) => this.receive(message));
    this.worker.on('error', (error) => this.failOver(error));
  }

  private receive(message: WatchMessage): void {
    const events = message.events ?? [];
    for (let i = 0; i < events.length; i += 2) this.emit(events[i]!, events[i + 1]);
    if (message.error) this.emit('error', Object.assign(new Error(message.error.message), { code: message.error.code }));
    if (message.ready) this.emit('ready');
  }

  /** The worker could not watch (no worker, chokidar not loadable there): watch on this thread. */
  private failOver(error: unknown): void {
    if (this.isClosed || this.inProcess) return;
    void this.worker?.terminate();
    this.worker = null;
    process.emitWarning(`watching on the main thread: ${error instanceof Error ? error.message : String(error)}`);
    this.startInProcess();
  }

  private startInProcess(): void {
    // Loaded only here: every command that never watches on this thread starts without it (~10 ms).
    this.inProcess = import('chokidar').then(
      ({ watch }) => {
        if (this.isClosed) return null;
        const watcher = watch(this.root, this.options);
        for (const kind of KINDS) watcher.on(kind, (path) => this.emit(kind, path));
        watcher.on('error', (error) => this.emit('error', error));
        watcher.on('ready', () => this.emit('ready'));
        return watcher;
      },
      (error: unknown) => {
        this.emit('error', error);
        return null;
      },
    );
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await (await this.inProcess)?.close();
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    // chokidar closes its watches; a worker that does not answer in 2 s is stopped.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
      worker.on('message', (message: WatchMessage) => {
        if (!message.closed) return;
        clearTimeout(timer);
        void worker.terminate().then(() => resolve());
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage('close');
    });
  }
}
