/**
 * The one way any code reaches a file under an opened root (DESIGN.md "Security"). A path from
 * anywhere (the UI, a peer of `serve`, the CLI, the index's own names) is checked by its words
 * first (a string, no NUL, not absolute, no `..` out of the root), then:
 *
 * - only a regular file is ever opened: a FIFO, a socket or a device (directly or through a link)
 *   is named, not opened, and the open itself never blocks (O_NONBLOCK), so a FIFO swapped in at
 *   the last moment cannot hold a read, a thread or the server;
 * - what was opened is checked by its handle, after opening (STACK.md "path guard": open first,
 *   then verify): the handle's real path (Linux: /proc/self/fd) must lie inside the root, so a
 *   symlink swapped in between the check and the open does not win.
 *
 * Names of links that lead outside, and of special files, are listed by the index with why they
 * are not read (`whyNotRead`); their content is never returned by anything.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import type { AppError, ErrorCode } from '../../shared/model/result';
import { fail, ok, type Result } from '../../shared/model/result';
import { encodeFsName } from './fsNames';

/** Read-only, and never waiting for a writer (a FIFO) or a carrier (a device). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
/** Where the kernel says which file a descriptor is (Linux); elsewhere the path is resolved again. */
const PROC_FD = process.platform === 'linux' && existsSync('/proc/self/fd') ? '/proc/self/fd' : null;

export const NOT_READ = {
  outside: 'a link to outside the opened folder: not read',
  folderLink: 'a link to a folder: not followed',
  brokenLink: 'a link to nothing (its target does not exist)',
  loop: 'a link that leads back to itself: not read',
} as const;

/** What a non-regular entry is, in words: why it is listed but never opened. */
function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe): not read';
  if (stats.isSocket()) return 'a socket: not read';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device file: not read';
  if (stats.isDirectory()) return 'a folder, not a file';
  return 'not a regular file: not read';
}

/** A regular file inside the root, opened for reading; the caller closes `handle`. */
export interface OpenedFile {
  readonly handle: FileHandle;
  readonly size: number;
  /** Device and inode: another file under the same name is another identity. */
  readonly identity: string;
  /** When it was last written (epoch ms). */
  readonly modifiedMs: number;
}

/** A regular file inside the root, opened for synchronous reads. */
export interface SyncFile {
  readonly size: number;
  /** When it was last written (epoch ms). */
  readonly modifiedMs: number;
  /** Which file it is (device and inode): another file under the same name has another. */
  readonly identity: string;
  /** Reads into `buffer` from `position`; the bytes read. */
  readAt(buffer: Buffer, position: number): number;
  close(): void;
}

export class RootGate {
  private readonly prefix: string;

  private constructor(
    /** The folder as the user named it (shown in messages). */
    readonly root: string,
    /** The same folder with every link resolved: what "inside" is measured against. */
    readonly realRoot: string,
  ) {
    this.prefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
  }

  /** The gate of an opened folder; throws (with an errno code) when it is not a readable folder. */
  static async open(root: string): Promise<RootGate> {
    const absolute = resolve(root);
    const realRoot = await realpath(absolute);
    if (!(await stat(realRoot)).isDirectory()) throw Object.assign(new Error(`${absolute}: is not a folder`), { code: 'ENOTDIR' });
    return new RootGate(absolute, realRoot);
  }

  /**
   * The absolute path a root-relative path names, judged by its words alone (no file is looked
   * at): not a string, NUL, too long, absolute, drive-letter and UNC forms, and `..` out of the
   * root are refused. A name like `..dotdot.txt` is legal.
   */
  locate(relPath: unknown): Result<string> {
    if (typeof relPath !== 'string') return fail('invalid-argument', 'path must be a string');
    if (relPath.includes('\0')) return fail('invalid-argument', 'path contains a NUL byte');
    if (relPath.length > 4096) return fail('invalid-argument', 'path is too long');
    if (isAbsolute(relPath) || /^[a-zA-Z]:/.test(relPath) || relPath.startsWith('\\\\') || relPath.startsWith('//')) {
      return fail('outside-root', `not a path inside the opened folder: ${relPath}`);
    }
    const candidate = resolve(this.realRoot, relPath);
    if (!this.holds(candidate)) return fail('outside-root', `outside the opened folder: ${relPath}`);
    return ok(candidate);
  }

  /** Whether an absolute path lies inside the (real) root. */
  holds(path: string): boolean {
    return path === this.realRoot || path.startsWith(this.prefix);
  }

  /**
   * Whether an absolute path outside input (where `--out` writes, say) would land inside the
   * opened folder once links are resolved: the nearest existing ancestor is resolved.
   */
  async wouldLandInside(path: string): Promise<boolean> {
    const missing: string[] = []; // the names below the nearest folder that exists, innermost last
    for (let probe = resolve(path); ; probe = dirname(probe)) {
      const real = await realpath(probe).catch(() => null);
      if (real !== null) return this.holds(resolve(real, ...missing));
      if (dirname(probe) === probe) return false;
      missing.unshift(basename(probe));
    }
  }

  /** Opens a regular file inside the root, or says why not. */
  async openFile(relPath: unknown): Promise<Result<OpenedFile>> {
    const located = this.locate(relPath);
    if (!located.ok) return located;
    const path = located.value;
    const rel = String(relPath);
    let before: Stats;
    try {
      before = await stat(encodeFsName(path));
    } catch (error) {
      return this.refuseMissing(rel, path, error);
    }
    if (!before.isFile()) return fail('invalid-argument', `${rel}: ${(await this.outsideOrNull(path)) ?? specialKind(before)}`);
    let handle: FileHandle;
    try {
      handle = await open(encodeFsName(path), OPEN_FLAGS);
    } catch (error) {
      return failFs(rel, error);
    }
    try {
      const after = await handle.stat();
      const where = PROC_FD ? await readlink(`${PROC_FD}/${handle.fd}`) : await realpath(encodeFsName(path));
      const refusal = this.judgeOpened(rel, before, after, where);
      if (refusal) {
        await handle.close();
        return refusal;
      }
      return ok({ handle, size: after.size, identity: `${after.dev}:${after.ino}`, modifiedMs: after.mtimeMs });
    } catch (error) {
      await handle.close().catch(() => undefined);
      return failFs(rel, error);
    }
  }

  /** openFile for synchronous readers (the event table pages through a readable log so); the caller closes it. */
  openFileSync(relPath: unknown): Result<SyncFile> {
    const located = this.locate(relPath);
    if (!located.ok) return located;
    const path = located.value;
    const rel = String(relPath);
    let before: Stats;
    try {
      before = statSync(encodeFsName(path));
    } catch (error) {
      return failFs(rel, error);
    }
    if (!before.isFile()) return fail('invalid-argument', `${rel}: ${this.isOutsideSync(path) ? NOT_READ.outside : specialKind(before)}`);
    let fd: number;
    try {
      fd = openSync(encodeFsName(path), OPEN_FLAGS);
    } catch (error) {
      return failFs(rel, error);
    }
    try {
      const after = fstatSync(fd);
      const where = PROC_FD ? readlinkSync(`${PROC_FD}/${fd}`) : realpathSync(encodeFsName(path));
      const refusal = this.judgeOpened(rel, before, after, where);
      if (refusal) {
        closeSync(fd);
        return refusal;
      }
      return ok({
        size: after.size,
        modifiedMs: after.mtimeMs,
        identity: `${after.dev}:${after.ino}`,
        readAt: (buffer, position) => readSync(fd, buffer, 0, buffer.length, position),
        close: () => closeSync(fd),
      });
    } catch (error) {
      closeSync(fd);
      return failFs(rel, error);
    }
  }

  /**
   * Up to `length` bytes from `offset` of a regular file inside the root, and its size; with
   * `maxSize`, a larger file is refused ('too-large') before anything is read.
   */
  async read(relPath: unknown, offset: number, length: number, maxSize = Infinity): Promise<Result<{ bytes: Buffer; size: number }>> {
    const opened = await this.openFile(relPath);
    if (!opened.ok) return opened;
    const { handle, size } = opened.value;
    try {
      if (size > maxSize) return tooLarge(String(relPath), size, maxSize);
      const bytes = await readFully(handle, Math.max(0, Math.min(length, size - offset)), offset);
      return ok({ bytes, size });
    } catch (error) {
      return failFs(String(relPath), error);
    } finally {
      await handle.close();
    }
  }

  /**
   * read() for small files read by the thousand (kernels, error logs, verdicts): synchronously,
   * with a turn of the event loop every few milliseconds. Opening, checking, reading and closing a
   * cached file this way takes a fraction of the promise API's time, which was most of what a
   * 100k-file run's integrity check and failure reasons spent. What the synchronous read refuses
   * is read again by read(), which words every reason.
   */
  async readSmall(relPath: string, length: number, maxSize = Infinity): Promise<Result<{ bytes: Buffer; size: number }>> {
    await syncTurn();
    const opened = this.openFileSync(relPath);
    if (!opened.ok) return this.read(relPath, 0, length, maxSize);
    const file = opened.value;
    try {
      if (file.size > maxSize) return tooLarge(relPath, file.size, maxSize);
      return ok({ bytes: readFullySync(file, Math.max(0, Math.min(length, file.size)), 0), size: file.size });
    } catch (error) {
      return failFs(relPath, error);
    } finally {
      file.close();
    }
  }

  /** The size and modification time of a regular file inside the root (it is opened and checked like a read). */
  async statFile(relPath: unknown): Promise<Result<{ size: number; modifiedMs: number }>> {
    const opened = await this.openFile(relPath);
    if (!opened.ok) return opened;
    await opened.value.handle.close();
    return ok({ size: opened.value.size, modifiedMs: opened.value.modifiedMs });
  }

  /** The opened folder's device and inode as named (another folder put in its place differs); null when gone. */
  async rootIdentity(): Promise<string | null> {
    return stat(this.root).then(
      (s) => (s.isDirectory() ? `${s.dev}:${s.ino}` : null),
      () => null,
    );
  }

  /** Whether a name is still there (the name itself: a link is not followed; nothing is opened). */
  async exists(relPath: string): Promise<boolean> {
    const located = this.locate(relPath);
    return (
      located.ok &&
      (await lstat(encodeFsName(located.value)).then(
        () => true,
        () => false,
      ))
    );
  }

  /**
   * Why an entry the walk found would not be read (null: it would be): a link that leads outside
   * the root, to a folder or to nothing, a FIFO, a socket or a device. For listing, so that the
   * user sees such files exist and why their content is not shown.
   */
  async whyNotRead(relPath: string): Promise<string | null> {
    const located = this.locate(relPath);
    if (!located.ok) return located.error.message;
    const path = located.value;
    const own = await lstat(encodeFsName(path)).catch(() => null);
    if (own === null) return null; // gone: the index will see it go
    if (own.isFile()) return null;
    if (!own.isSymbolicLink()) return specialKind(own);
    const outside = await this.outsideOrNull(path);
    if (outside) return outside;
    const target = await stat(encodeFsName(path)).catch(() => null);
    if (target === null) return NOT_READ.brokenLink;
    if (target.isDirectory()) return NOT_READ.folderLink;
    return target.isFile() ? null : specialKind(target);
  }

  private judgeOpened(rel: string, before: Stats, after: Stats, where: string): Result<never> | null {
    if (!this.holds(where)) return fail('outside-root', `${rel}: ${NOT_READ.outside}`);
    if (!after.isFile()) return fail('invalid-argument', `${rel}: ${specialKind(after)}`);
    if (after.dev !== before.dev || after.ino !== before.ino) return fail('io-error', `${rel}: was replaced while it was being opened; try again`);
    return null;
  }

  /** "a link to outside…" when the path resolves outside the root (or loops); null when inside. */
  private async outsideOrNull(path: string): Promise<string | null> {
    try {
      return this.holds(await realpath(encodeFsName(path))) ? null : NOT_READ.outside;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ELOOP' ? NOT_READ.loop : null;
    }
  }

  private isOutsideSync(path: string): boolean {
    try {
      return !this.holds(realpathSync(encodeFsName(path)));
    } catch {
      return false;
    }
  }

  /**
   * A missing target: a dangling link or a loop is named as such, not as a missing file; and a
   * name under a link that leads outside is "outside" whether or not it exists there (no probing
   * of what the outside holds).
   */
  private async refuseMissing(rel: string, path: string, error: unknown): Promise<Result<never>> {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ELOOP') return fail('invalid-argument', `${rel}: ${NOT_READ.loop}`);
    if (!(await this.wouldLandInside(path))) return fail('outside-root', `${rel}: ${NOT_READ.outside}`);
    if (
      code === 'ENOENT' &&
      (await lstat(encodeFsName(path)).then(
        (s) => s.isSymbolicLink(),
        () => false,
      ))
    )
      return fail('not-found', `${rel}: ${NOT_READ.brokenLink}`);
    return failFs(rel, error);
  }
}

/** A gate's refusal, thrown by readers whose callers expect exceptions (the append readers). */
export class GateRefusal extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

/** The value of a gate's result, or its refusal thrown. */
export function orThrow<T>(result: Result<T>): T {
  if (!result.ok) throw new GateRefusal(result.error);
  return result.value;
}

/** "path: what went wrong", for warnings: a refusal already names its path. */
export function problem(rel: string, error: unknown): string {
  return error instanceof GateRefusal ? error.message : `${rel}: ${describeFsError(error)}`;
}

/** The one errno → words table: every file error anyone is shown is worded here. */
const ERRNO_WORDS: Readonly<Record<string, readonly [ErrorCode, string]>> = {
  ENOENT: ['not-found', 'does not exist'],
  EACCES: ['permission-denied', 'permission denied'],
  EPERM: ['permission-denied', 'permission denied'],
  ENOTDIR: ['not-a-directory', 'is not a folder'],
  EISDIR: ['invalid-argument', 'is a folder, not a file'],
  ELOOP: ['io-error', 'symbolic link loop'],
  EMFILE: ['io-error', 'too many open files'],
  ENFILE: ['io-error', 'too many open files'],
  ENAMETOOLONG: ['invalid-argument', 'name too long'],
  EADDRINUSE: ['io-error', 'the address is already in use'],
  EADDRNOTAVAIL: ['io-error', 'the address is not one of this machine'],
};

/** An error as the user is shown it: a gate's refusal as it is, an errno in words, else its message. */
export function fsError(error: unknown): AppError {
  if (error instanceof GateRefusal) return error.appError;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words = code !== undefined && Object.hasOwn(ERRNO_WORDS, code) ? ERRNO_WORDS[code] : undefined;
  if (words) return { code: words[0], message: words[1] };
  return { code: 'io-error', message: error instanceof Error ? error.message : String(error) };
}

/** fsError's words alone. */
export function describeFsError(error: unknown): string {
  return fsError(error).message;
}

/** When the running stretch of synchronous reads began (syncTurn yields after SYNC_SLICE_MS of them). */
let syncSliceStart = 0;
const SYNC_SLICE_MS = 3;

/**
 * Before a small synchronous read (readSmall, an AppendReader's small read): a turn of the event
 * loop once SYNC_SLICE_MS of them have run, so that other work is answered meanwhile.
 */
export async function syncTurn(): Promise<void> {
  if (performance.now() - syncSliceStart <= SYNC_SLICE_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  syncSliceStart = performance.now();
}

/**
 * Reads up to `length` bytes from `position` of an open file (fewer when it ends first): one
 * `read` may return less than asked. Into `into` when it is large enough (the caller's to reuse).
 */
export async function readFully(handle: FileHandle, length: number, position: number, into?: Buffer): Promise<Buffer> {
  const bytes = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(bytes, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return bytes.subarray(0, done);
}

/** readFully of a file opened synchronously. */
export function readFullySync(file: SyncFile, length: number, position: number, into?: Buffer): Buffer {
  const bytes = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = file.readAt(bytes.subarray(done), position + done);
    if (read === 0) break;
    done += read;
  }
  return bytes.subarray(0, done);
}

/** A file larger than a reader takes: refused before anything is read. */
function tooLarge(rel: string, size: number, maxSize: number): Result<never> {
  return fail('too-large', `${rel}: ${size} bytes, more than the ${maxSize} read here`);
}

/** A failed result "path: what went wrong", worded by fsError. */
export function failFs(rel: string, error: unknown): Result<never> {
  const { code, message } = fsError(error);
  return fail(code, `${rel}: ${message}`);
}
