import { relative, sep } from 'node:path';
import type { IndexStatus } from '../../shared/model/liveIndex';
import { splitRelPath } from '../../shared/parse/relPath';
import { describeFsError } from '../files/gate';
import type { Change } from './changeBatch';
import { TreeWatcher } from './watcher';

/** What the index is told by its watcher, root-relative. */
export interface WatchHooks {
  /** A file came, changed or went. */
  change(path: string, kind: Change): void;
  /** A folder appeared (its first files may have come before its watch: read it again), or a folder whose names chokidar could not spell. */
  folderToRecheck(path: string): void;
  /** A folder went, with everything under it ('' for the root). */
  folderGone(path: string): void;
  status(status: IndexStatus): void;
  /** Walks the whole root again (repairs missed events). */
  rewalk(): Promise<void>;
}

export interface LiveWatchOptions {
  /** Poll instead of inotify, for network file systems. */
  readonly usePolling: boolean;
  /** A new folder is re-read this long after it appears (chokidar can miss its first files). */
  readonly newFolderRecheckMs: number;
  /** Period of the full re-walk that repairs anything the watcher missed; 0 turns it off. */
  readonly rewalkMs: number;
}

/**
 * The watcher's supervision for one root: chokidar started (on its thread), its events made
 * root-relative hints, a re-walk every `rewalkMs`, and the fail-over to polling when the kernel's
 * watch or file limit is reached (DESIGN.md "The index and live updates"; STACK.md on lost events).
 */
export class LiveWatch {
  private watcher: TreeWatcher | null = null;
  private rewalkTimer: NodeJS.Timeout | null = null;
  private isClosed = false;
  private polling: boolean;

  constructor(
    private readonly root: string,
    private readonly options: LiveWatchOptions,
    private readonly hooks: WatchHooks,
  ) {
    this.polling = options.usePolling;
  }

  /** True when changes are found by polling (asked for, or after the watch limit was reached). */
  get isPolling(): boolean {
    return this.polling;
  }

  /** Resolves once chokidar is ready: changes from then on arrive as hints. */
  async start(): Promise<void> {
    const watcher = new TreeWatcher(this.root, {
      ignoreInitial: true,
      persistent: true,
      usePolling: this.polling,
      interval: 1000,
      ignorePermissionErrors: true,
      alwaysStat: false,
      atomic: false,
      followSymlinks: false,
    });
    this.watcher = watcher;
    watcher.on('add', (path: string) => this.note(path, 'add'));
    watcher.on('change', (path: string) => this.note(path, 'change'));
    watcher.on('unlink', (path: string) => this.note(path, 'unlink'));
    watcher.on('addDir', (path: string) => {
      const rel = this.rel(path);
      setTimeout(() => this.isClosed || this.hooks.folderToRecheck(rel), this.options.newFolderRecheckMs).unref();
    });
    watcher.on('unlinkDir', (path: string) => this.isClosed || this.hooks.folderGone(this.rel(path)));
    watcher.on('error', (error: unknown) => void this.onError(error));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    if (this.options.rewalkMs > 0 && !this.rewalkTimer && !this.isClosed) {
      this.rewalkTimer = setInterval(() => void this.hooks.rewalk(), this.options.rewalkMs);
      this.rewalkTimer.unref();
    }
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (this.rewalkTimer) clearInterval(this.rewalkTimer);
    const old = this.watcher;
    this.watcher = null;
    await old?.close();
  }

  /**
   * The kernel's watch limit (ENOSPC) or open-file limit (EMFILE) reached: say so, switch to
   * polling, and re-walk so that nothing that happened meanwhile is missed.
   */
  private async onError(error: unknown): Promise<void> {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (this.isClosed) return;
    if ((code === 'ENOSPC' || code === 'EMFILE') && !this.polling) {
      this.hooks.status({
        state: 'polling',
        message: `${code === 'ENOSPC' ? "the system's file-watch limit is reached (fs.inotify.max_user_watches)" : 'too many open files to watch'}; checking for changes every second instead`,
      });
      const old = this.watcher;
      this.watcher = null;
      await old?.close();
      this.polling = true;
      await this.start();
      await this.hooks.rewalk();
      return;
    }
    this.hooks.status({
      state: 'watch-error',
      message: `watching stopped working: ${describeFsError(error)}; re-reading every ${Math.round(this.options.rewalkMs / 1000)} s`,
    });
  }

  private rel(absolute: string): string {
    const rel = relative(this.root, absolute);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  private note(absolute: string, kind: Change): void {
    if (this.isClosed) return;
    const rel = this.rel(absolute);
    // chokidar names a file whose name is not UTF-8 lossily (U+FFFD), by which it cannot be
    // opened: its folder is read again instead, by bytes (main/files/fsNames.ts).
    if (rel.includes('\uFFFD')) {
      if (kind === 'add') this.hooks.folderToRecheck(splitRelPath(rel).dir);
      return;
    }
    this.hooks.change(rel, kind);
  }
}
