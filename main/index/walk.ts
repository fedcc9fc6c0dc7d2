import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { joinRelPath } from '../../shared/parse/relPath';
import { describeFsError } from '../files/gate';
import { decodeFsName, encodeFsName } from '../files/fsNames';
import type { WalkMessage, WalkRequest } from '../workers/walk';
import { keepWalker, takeWalker } from './walkerThread';
import type { Worker } from 'node:worker_threads';

export interface WalkResult {
  /** Root-relative file paths with `/` separators. */
  readonly files: string[];
  /** The files that are not plain files (links, FIFOs, sockets, devices): the gate says which it would not read. */
  readonly odd: string[];
  /** Folders that could not be read, with why (permission, vanished mid-walk, …). */
  readonly problems: string[];
}

/** Folders read at once; measured best at 32–64 on a 100k-file tree (libuv queues the rest). */
const CONCURRENCY = 48;

/**
 * Lists every file under `root` by name only: no per-file stat (STACK.md: a stat of every file
 * is 16× slower than the walk). Symlinked folders are not followed (no loops, no escaping the
 * root); links and special files (FIFOs, sockets, devices) are listed, named as `odd`, and
 * judged by the gate when anything would read them.
 */
export async function walkTree(root: string, startAt = ''): Promise<WalkResult> {
  const files: string[] = [];
  const odd: string[] = [];
  const problems: string[] = [];
  await walk(
    root,
    startAt,
    (dir, names, oddNames) => {
      for (const name of names) files.push(joinRelPath(dir, name));
      for (const name of oddNames ?? []) odd.push(joinRelPath(dir, name));
    },
    problems,
  );
  return { files, odd, problems };
}

async function walk(
  root: string,
  startAt: string,
  onFolder: (dir: string, names: readonly string[], odd: readonly string[] | null) => void,
  problems: string[],
): Promise<void> {
  const queue: string[] = [startAt];
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (active < CONCURRENCY && queue.length > 0) {
        const rel = queue.pop()!;
        active++;
        void readFolder(rel).finally(() => {
          active--;
          if (queue.length === 0 && active === 0) resolve();
          else pump();
        });
      }
      if (queue.length === 0 && active === 0) resolve();
    };
    const readFolder = async (rel: string): Promise<void> => {
      try {
        const folder = encodeFsName(rel === '' ? root : join(root, rel));
        let entries: Array<{ name: string; isDirectory(): boolean; isFile(): boolean }> = await readdir(folder, { withFileTypes: true });
        // A name that is not UTF-8 came out lossy: read the folder again as bytes (main/fsNames.ts).
        if (entries.some((entry) => entry.name.includes('\uFFFD'))) {
          entries = (await readdir(folder, { withFileTypes: true, encoding: 'buffer' })).map((entry) =>
            Object.assign(entry, { name: decodeFsName(entry.name) }),
          );
        }
        const names: string[] = [];
        let odd: string[] | null = null;
        for (const entry of entries) {
          if (entry.isDirectory()) queue.push(rel === '' ? entry.name : `${rel}/${entry.name}`);
          else {
            names.push(entry.name);
            if (!entry.isFile()) (odd ??= []).push(entry.name);
          }
        }
        if (names.length > 0) onFolder(rel, names, odd);
      } catch (error) {
        problems.push(`${rel === '' ? '.' : rel}: ${describeFsError(error)}`);
      }
    };
    pump();
  });
}

/**
 * A folder's files; `sizes[i]` the size of `names[i]` where the caller asked for it (-1: could
 * not be stat'ed; undefined: not asked or not known); `changed`: the names modified since the
 * time asked about (null when not asked or none); `odd`: the names that are not plain files
 * (links, FIFOs, sockets, devices; null when none); `times`: the oldest and newest modification
 * time of the folder's files (epoch ms) where the caller asked for them.
 */
export type FolderVisitor = (
  dir: string,
  names: readonly string[],
  sizes: ReadonlyArray<number | undefined> | null,
  changed: readonly string[] | null,
  odd: readonly string[] | null,
  times: readonly [number, number] | null,
) => void;

/**
 * Every folder under `root` with the names of its files, as the walk finds them (the rules of
 * walkTree). The walk runs on another thread, so that the caller classifies one batch while
 * the next is read; where no worker can start, it runs here. Resolves to the problems met.
 * With `folders` (and `times`) there is no walk on that thread: those folders' files are
 * stat'ed for their times, each folder coming with no names.
 */
export function walkFolders(
  root: string,
  onFolder: FolderVisitor,
  options: { startAt?: string; sizeSuffix?: string; changedSince?: number; times?: boolean; folders?: WalkRequest['folders'] } = {},
): Promise<string[]> {
  const { startAt = '', sizeSuffix = '', changedSince = 0, times = false, folders } = options;
  // Where no worker runs: the walk on this thread (which knows no times: `folders` has nothing to give).
  const inThread = () => (folders ? Promise.resolve([]) : walkInThread(root, onFolder, startAt, changedSince));
  return new Promise<string[]>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = takeWalker();
    } catch {
      resolve(inThread());
      return;
    }
    let received = false;
    let settled = false;
    const finish = (result: () => void) => {
      if (settled) return;
      settled = true;
      result();
    };
    // One batch per turn of the event loop: the walk outruns the classifying, and a port hands
    // over every message it holds at once, which kept a 430k-file scan from answering anything
    // (an HTTP request, a timer) for over a second.
    const pending: WalkMessage[] = [];
    const takeOne = (): void => {
      const message = pending.shift();
      if (!message || settled) return;
      try {
        const { batch } = message;
        for (let i = 0; i < batch.length; i += 6) {
          onFolder(
            batch[i] as string,
            batch[i + 1] as string[],
            batch[i + 2] as Array<number | undefined> | null,
            batch[i + 3] as string[] | null,
            batch[i + 4] as string[] | null,
            batch[i + 5] as [number, number] | null,
          );
        }
      } catch (error) {
        void worker.terminate();
        finish(() => reject(error));
        return;
      }
      if (message.done) {
        keepWalker(worker);
        finish(() =>
          resolve(
            (message.problems ?? []).map(
              ({ rel, code, message: text }) => `${rel === '' ? '.' : rel}: ${describeFsError(Object.assign(new Error(text), { code }))}`,
            ),
          ),
        );
      } else if (pending.length > 0) setImmediate(takeOne);
    };
    worker.on('message', (message: WalkMessage) => {
      received = true;
      pending.push(message);
      if (pending.length === 1) setImmediate(takeOne);
    });
    worker.on('error', (error) => finish(() => (received ? reject(error) : resolve(inThread()))));
    worker.on('exit', (code) => finish(() => reject(new Error(`the folder walk stopped (exit code ${code})`))));
    worker.postMessage({ root, startAt, batchFiles: 4096, sizeSuffix, changedSince, times, ...(folders ? { folders } : {}) } satisfies WalkRequest);
  });
}

/**
 * walkFolders on this thread, many folders read at once. No sizes (the caller stats what it needs)
 * and no modification times: where they were asked for, every file counts as changed, and no
 * folder's times are known.
 */
async function walkInThread(root: string, onFolder: FolderVisitor, startAt: string, changedSince: number): Promise<string[]> {
  const problems: string[] = [];
  await walk(root, startAt, (dir, names, odd) => onFolder(dir, names, null, changedSince > 0 ? names : null, odd, null), problems);
  return problems;
}
