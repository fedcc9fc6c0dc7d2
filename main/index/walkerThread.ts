import { Worker } from 'node:worker_threads';
import { workerFile } from '../workers/workerFile';

/**
 * One walker thread is kept between walks, not holding the process open: a thread spends ~150 ms
 * starting Node's internals before it reads a folder (a third of opening a 100k-file run), and the
 * index walks again every 30 s. Walks at the same time get threads of their own.
 */
let idleWalker: Worker | null = null;

export function takeWalker(): Worker {
  const worker = idleWalker ?? newWalker();
  idleWalker = null;
  worker.ref();
  return worker;
}

function newWalker(): Worker {
  const file = workerFile('walk');
  if (!file) throw new Error('the walk worker is not built');
  return new Worker(file);
}

export function keepWalker(worker: Worker): void {
  // Only the walk's own listeners: the worker keeps internal ones of its own.
  for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
  if (idleWalker) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idleWalker = worker;
  worker.once('exit', () => {
    if (idleWalker === worker) idleWalker = null;
  });
}

/**
 * Starts the walker thread now, to be kept idle until the first walk: a thread spends ~150 ms
 * starting Node's internals, which the CLI overlaps with loading its own code (app/cli-entry.ts).
 * Where no worker can start, nothing happens: the walk runs on the caller's thread then.
 */
export function prestartWalker(): void {
  if (idleWalker) return;
  try {
    keepWalker(newWalker());
  } catch {
    // No walker: walkFolders walks on its own thread.
  }
}
