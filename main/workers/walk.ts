/**
 * The walk of walkFolders (main/index/walk.ts), on a thread of its own: synchronous readdir (no
 * promise per folder), file names posted in batches of about `batchFiles` as
 * `[dir, names, sizes, changed, odd, …]`. Plain files whose names end with `sizeSuffix` are
 * stat'ed here too (links and special files are left to the gate), with `changedSince` every
 * file, to name those modified since then, and with `times` every file, to give each folder the
 * oldest and newest modification time of its files (`[first, last]`, epoch ms). `odd` names what
 * is not a plain file. The thread takes one walk after another.
 */
import { type Dirent, lstatSync, readdirSync, type Stats } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { decodeFsName, encodeFsName } from '../files/fsNames';

export interface WalkRequest {
  readonly root: string;
  readonly startAt: string;
  readonly batchFiles: number;
  readonly sizeSuffix: string;
  readonly changedSince: number;
  readonly times: boolean;
  /** Instead of a walk: these folders' files (root-relative folder, its names) stat'ed for their times, no folder read again. */
  readonly folders?: ReadonlyArray<readonly [string, readonly string[]]>;
}

export interface WalkMessage {
  readonly batch: Array<string | string[] | Array<number | undefined> | [number, number] | null>;
  readonly problems?: Array<{ rel: string; code?: string; message: string }>;
  readonly done?: boolean;
}

function readFolder(folder: string | Buffer): Array<Dirent<string>> {
  const entries = readdirSync(folder, { withFileTypes: true });
  // A name that is not UTF-8 came out lossy: the folder again, as bytes (main/files/fsNames.ts).
  if (!entries.some((entry) => entry.name.includes('\uFFFD'))) return entries;
  return readdirSync(folder, { withFileTypes: true, encoding: 'buffer' }).map(
    (entry) => Object.assign(entry, { name: decodeFsName(entry.name) }) as unknown as Dirent<string>,
  ); // the same entry, its name decoded
}

/** The oldest and newest modification time so far, and one more. */
function widen(span: [number, number] | null, modifiedMs: number): [number, number] {
  return span ? [Math.min(span[0], modifiedMs), Math.max(span[1], modifiedMs)] : [modifiedMs, modifiedMs];
}

/** lstat: a link's target is the gate's to judge, and a FIFO's stat never blocks; null when it is gone since it was listed (the index sees it go). */
function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(encodeFsName(path));
  } catch {
    return null;
  }
}

/**
 * The times of files already known (FolderTimes: the names the index holds), without reading the
 * folders again: a walk with `times` read every folder and stat'ed every file, and its folder
 * reads were a third of its time on the 430k-file run. Each folder comes with no names.
 */
function statFolders(root: string, folders: NonNullable<WalkRequest['folders']>, batchFiles: number, post: (message: WalkMessage) => void): void {
  let batch: WalkMessage['batch'] = [];
  let count = 0;
  for (const [rel, names] of folders) {
    const dir = rel === '' ? root : `${root}/${rel}`;
    let span: [number, number] | null = null;
    for (const name of names) {
      const stats = lstatOrNull(`${dir}/${name}`);
      if (stats) span = widen(span, stats.mtimeMs);
    }
    batch.push(rel, [], null, null, null, span);
    count += names.length;
    if (count >= batchFiles) {
      post({ batch });
      batch = [];
      count = 0;
    }
  }
  post({ batch, problems: [], done: true });
}

function walk({ root, startAt, batchFiles, sizeSuffix, changedSince, times, folders }: WalkRequest, post: (message: WalkMessage) => void): void {
  if (folders) return statFolders(root, folders, batchFiles, post);
  const stack = [startAt];
  const problems: Array<{ rel: string; code?: string; message: string }> = [];
  let batch: WalkMessage['batch'] = [];
  let count = 0;
  while (stack.length > 0) {
    const rel = stack.pop()!;
    const dir = rel === '' ? root : `${root}/${rel}`;
    let entries: Array<Dirent<string>>;
    try {
      entries = readFolder(encodeFsName(dir));
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      problems.push({ rel, ...(code ? { code } : {}), message: String(message) });
      continue;
    }
    const names: string[] = [];
    let sizes: Array<number | undefined> | null = null;
    let changed: string[] | null = null;
    let odd: string[] | null = null;
    let span: [number, number] | null = null;
    for (const entry of entries) {
      if (entry.isDirectory()) {
        stack.push(rel === '' ? entry.name : `${rel}/${entry.name}`);
        continue;
      }
      const isPlain = entry.isFile();
      if (!isPlain) (odd ??= []).push(entry.name);
      const isSized = isPlain && sizeSuffix !== '' && entry.name.endsWith(sizeSuffix);
      if (isSized || changedSince > 0 || times) {
        const stats = lstatOrNull(`${dir}/${entry.name}`);
        if (isSized) (sizes ??= [])[names.length] = stats ? stats.size : -1;
        if (changedSince > 0 && stats && stats.mtimeMs >= changedSince) (changed ??= []).push(entry.name);
        if (times && stats) span = widen(span, stats.mtimeMs);
      }
      names.push(entry.name);
    }
    if (names.length > 0) {
      batch.push(rel, names, sizes, changed, odd, span);
      count += names.length;
    }
    if (count >= batchFiles) {
      post({ batch });
      batch = [];
      count = 0;
    }
  }
  post({ batch, problems, done: true });
}

parentPort?.on('message', (request: WalkRequest) => walk(request, (message) => parentPort!.postMessage(message)));
