import { basename } from 'node:path';
import { TraceTreeBuilder } from '../../shared/analysis/traceTree';
import type { EventSummary } from '../../shared/model/events';
import type { IndexDelta, IndexSnapshot, IndexStatus } from '../../shared/model/liveIndex';
import type { Task, TraceTree } from '../../shared/model/trace';
import { findTask } from '../../shared/analysis/treeQuery';
import { classifyFolderFiles, type PathInfo } from '../../shared/parse/classify';
import { joinRelPath } from '../../shared/parse/relPath';
import type { EventLogReader } from '../events/eventLog';
import { plural } from '../../shared/analysis/format';
import { describeFsError, RootGate } from '../files/gate';
import { type Change, ChangeBatch } from './changeBatch';
import { ContentReaders, isSizedRecord, needsContent } from './contentReaders';
import { walkFolders, walkTree } from './walk';
import { LiveWatch } from './liveWatch';

export interface TraceIndexOptions {
  /**
   * Keep watching after the scan (default true); 'on-follow': once `follow()` is called (or at
   * once below `followAtOnceFiles` files), so that a host can let what the user waits for first
   * on a big run (the overview's numbers) go before chokidar's first crawl, which stats every
   * file (changes meanwhile are caught up by one re-walk).
   */
  readonly watch?: boolean | 'on-follow';
  /** With `watch: 'on-follow'`, a folder with fewer files than this is followed at once (default 20,000). */
  readonly followAtOnceFiles?: number;
  /** Poll instead of inotify, for network file systems. */
  readonly usePolling?: boolean;
  /** How long changes are gathered into one delta. */
  readonly batchMs?: number;
  /** A new folder is re-read this long after it appears (chokidar can miss its first files). */
  readonly newFolderRecheckMs?: number;
  /** Period of the full re-walk that repairs anything the watcher missed; 0 turns it off. */
  readonly rewalkMs?: number;
  /**
   * Whether spans and LLM figures will be asked of the event logs (default true): a big log's
   * parts then read its payloads for them as they are indexed (main/events/logParts.ts), which
   * a command that never asks (`tree`, `check`) does not pay for.
   */
  readonly spans?: boolean;
  /**
   * Whether the event logs are indexed at all (default true): a command that reads no event
   * (`check`) does not wait for a finished run's 300 MB log to be indexed (~1 s) or hold it.
   */
  readonly eventLogs?: boolean;
}

/**
 * The live index of one opened root: a name-only scan, then chokidar, with watcher events
 * treated as hints (DESIGN.md "The index and live updates"): new folders are re-read shortly
 * after they appear and the tree is re-walked periodically to repair misses. Changes leave as
 * batched, versioned deltas. Never writes anything under the root.
 */
export class TraceIndex {
  private builder: TraceTreeBuilder;
  private contents: ContentReaders;
  private readonly listeners = new Set<(delta: IndexDelta) => void>();
  private readonly statusListeners = new Set<(status: IndexStatus) => void>();
  private readonly scanWarnings: string[] = [];
  /** The watcher and its supervision, while watching. */
  private live: LiveWatch | null = null;
  private work: Promise<void> = Promise.resolve();
  private currentStatus: IndexStatus = { state: 'ready' };
  private closed = false;
  private versionNumber = 0;

  private constructor(
    /** The only way to the files under the root (main/files/gate.ts); made anew when the root is replaced. */
    public gate: RootGate,
    private readonly options: Required<TraceIndexOptions>,
  ) {
    this.builder = new TraceTreeBuilder(basename(gate.root));
    this.contents = new ContentReaders(gate, this.builder, { reads: options.spans }, options.eventLogs);
    this.changes = new ChangeBatch(options.batchMs, () => void this.enqueue(() => this.flush()));
  }

  /** What the watcher noticed since the last delta. */
  private readonly changes: ChangeBatch;

  /** The opened folder, absolute, as named. */
  get root(): string {
    return this.gate.root;
  }

  /** Scans `root` (an absolute folder) and, unless told not to, starts watching it. */
  static async open(root: string, options: TraceIndexOptions = {}): Promise<TraceIndex> {
    const index = await TraceIndex.start(root, options);
    await index.ready;
    return index;
  }

  /**
   * Opens `root` (it must be a readable folder) and returns while it is scanned, so that a host
   * can serve its page meanwhile: the status says how far the scan is, and `ready` resolves once
   * the tree is read.
   */
  static async start(root: string, options: TraceIndexOptions = {}): Promise<TraceIndex> {
    const index = new TraceIndex(await RootGate.open(root), {
      watch: options.watch ?? true,
      followAtOnceFiles: options.followAtOnceFiles ?? 20_000,
      usePolling: options.usePolling ?? process.env.TRACELENS_POLL === '1',
      batchMs: options.batchMs ?? 50,
      newFolderRecheckMs: options.newFolderRecheckMs ?? 250,
      rewalkMs: options.rewalkMs ?? 30_000,
      spans: options.spans ?? true,
      eventLogs: options.eventLogs ?? true,
    });
    index.ready = index.scan().then(() => {
      if (!index.options.watch || index.closed) return;
      index.setStatus({ state: 'starting', message: 'getting ready to follow changes…' });
      // A small folder is followed at once: its crawl costs little, and a run that was just started
      // (a few files, thousands a second to come) must not wait for the page's first numbers.
      if (index.options.watch === true || index.builder.fileCount < index.options.followAtOnceFiles) index.follow();
    });
    return index;
  }

  private isFollowing = false;

  /** Starts watching, once the scan is done (an index opened with `watch: 'on-follow'` waits for this; otherwise a no-op). */
  follow(): void {
    if (this.isFollowing || !this.options.watch) return;
    this.isFollowing = true;
    this.watching = this.ready.then(() => (this.closed ? undefined : this.watchInBackground()));
  }

  /** Resolves once the first scan is done: the tree holds every file found then. */
  ready: Promise<void> = Promise.resolve();

  /** Resolves once the watcher is ready: changes from then on arrive as deltas (earlier ones by one re-walk). */
  watching: Promise<void> = Promise.resolve();

  get version(): number {
    return this.versionNumber;
  }

  get status(): IndexStatus {
    return this.currentStatus;
  }

  snapshot(): IndexSnapshot {
    return {
      version: this.versionNumber,
      root: this.root,
      files: this.builder.fileCount,
      tree: this.withScanWarnings(this.builder.snapshot()),
      eventLogs: this.eventSummaries(),
      status: this.currentStatus,
    };
  }

  /**
   * While the folder is read: the runs, ops and tasks found so far (their figures grow as it is
   * read), with no event logs (one may be read half), and the ops whose tasks are built within
   * SO_FAR_BUDGET_MS (the others come in a later answer). Once it is read, the snapshot.
   */
  snapshotSoFar(): IndexSnapshot {
    if (this.currentStatus.state !== 'scanning') return this.snapshot();
    return {
      version: 0,
      root: this.root,
      files: this.builder.fileCount,
      tree: this.builder.snapshotWithin(SO_FAR_BUDGET_MS),
      eventLogs: {},
      status: this.currentStatus,
    };
  }

  /** While the folder is read: a task as found so far (null: not found yet). Once it is read, the task in the snapshot. */
  taskSoFar(opPath: string, id: string): Task | null {
    if (this.currentStatus.state !== 'scanning') return findTask(this.snapshot().tree, opPath, id);
    return this.builder.builtTask(opPath, id);
  }

  private withScanWarnings(tree: TraceTree): TraceTree {
    return { ...tree, warnings: [...this.scanWarnings, ...tree.warnings] };
  }

  eventSummaries(): Record<string, EventSummary> {
    return this.contents.eventSummaries();
  }

  /** Every indexed file, root-relative. */
  paths(): string[] {
    return [...this.builder.paths()];
  }

  /** Each folder that holds indexed files (root-relative), with their names. */
  folderNames(): Array<[string, string[]]> {
    return [...this.builder.folderNames()];
  }

  /** What an indexed file is (by its name and folders); undefined when it is not indexed. */
  info(path: string): PathInfo | undefined {
    return this.builder.info(path);
  }

  /** The names of a folder's own indexed files. */
  names(dir: string): string[] {
    return [...this.builder.names(dir)];
  }

  eventLog(dir: string): EventLogReader | undefined {
    return this.contents.eventLog(dir);
  }

  onDelta(listener: (delta: IndexDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: IndexStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Resolves once everything noticed so far has been applied. */
  async settled(): Promise<void> {
    while (this.changes.size > 0 || this.changes.isScheduled) {
      this.changes.cancel();
      await this.enqueue(() => this.flush());
    }
    await this.work;
  }

  /**
   * Walks the whole root again and applies the difference (repairs any missed event). With
   * `changedSince` (epoch ms), files modified since then count as changed too.
   */
  rewalk(changedSince = 0): Promise<void> {
    return this.enqueue(async () => {
      const onDisk = new Set<string>();
      const odd: string[] = [];
      const problems = await walkFolders(
        this.root,
        (dir, names, _sizes, changed, oddNames) => {
          for (const name of names) {
            const path = joinRelPath(dir, name);
            onDisk.add(path);
            if (!this.builder.has(path)) this.changes.set(path, 'add');
          }
          for (const name of changed ?? []) {
            const path = joinRelPath(dir, name);
            if (!this.changes.has(path)) this.changes.set(path, 'change');
          }
          for (const name of oddNames ?? []) odd.push(joinRelPath(dir, name));
        },
        { changedSince },
      );
      const rootProblem = problems.find((problem) => problem.startsWith('.: '))?.slice(3);
      if (rootProblem !== undefined) {
        this.setStatus({
          state: 'root-missing',
          message: `${this.root} ${rootProblem === 'does not exist' ? 'no longer exists' : `cannot be read (${rootProblem})`}; showing what was read before`,
        });
        return;
      }
      const rootIdentity = await this.gate.rootIdentity();
      if (this.currentStatus.state === 'root-missing' || (rootIdentity !== null && this.rootIdentity !== null && rootIdentity !== this.rootIdentity)) {
        this.rootIdentity = rootIdentity;
        // The folder came back, perhaps as another one: read it anew and watch the new one.
        this.changes.clear();
        await this.reload();
        this.setStatus({ state: 'ready' });
        return;
      }
      for (const path of this.builder.paths()) {
        if (!onDisk.has(path) && !(await this.gate.exists(path))) this.changes.set(path, 'unlink');
      }
      // Links retargeted, special files put in place (or plain files again): judged anew.
      const oddNow = new Set(odd);
      for (const path of this.builder.notReadPaths()) if (!oddNow.has(path)) this.builder.setNotRead(path, null);
      await this.judgeOdd(odd);
      await this.flush();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready.catch(() => undefined);
    this.changes.cancel();
    await this.live?.close();
    await this.work;
  }

  /** How many times the root was read anew (it was replaced or came back): what was derived from it is stale. */
  reloads = 0;

  /** Forgets everything read and reads the root again; clients get one structural delta. */
  private async reload(): Promise<void> {
    this.reloads++;
    await this.live?.close();
    const removed = [...this.builder.paths()];
    this.gate = await RootGate.open(this.root);
    this.builder = new TraceTreeBuilder(basename(this.root));
    this.contents = new ContentReaders(this.gate, this.builder, { reads: this.options.spans }, this.options.eventLogs);
    this.changes.clear();
    this.scanWarnings.length = 0;
    await this.scan();
    // Not awaited: the re-walk that follows the watcher's start queues behind this reload.
    if (this.options.watch && !this.closed) this.watching = this.watchInBackground();
    this.versionNumber = Math.max(this.versionNumber, 1) + 1;
    const delta: IndexDelta = {
      version: this.versionNumber,
      added: [...this.builder.paths()],
      removed,
      changed: [],
      tasks: [],
      structural: true,
      eventLogs: this.eventSummaries(),
    };
    for (const listener of this.listeners) listener(delta);
  }

  /** When the last full scan began (epoch ms). */
  private scannedAt = 0;

  private async scan(): Promise<void> {
    this.scannedAt = Date.now();
    let files = 0;
    let saidAt = Date.now();
    let isWalked = false;
    // While the walk goes on, how many files so far; then how many, and which event logs are still indexed (a 300 MB one takes a second or two).
    const sayHowFar = () => {
      const logs = [...this.contents.logsBeingRead].map((dir) => dir || '.');
      const count = `${plural(files, 'file')}${isWalked ? '' : ' so far'}`;
      const indexing = logs.length === 0 ? '' : `, indexing the event log${logs.length > 1 ? 's' : ''} in ${logs.join(', ')}`;
      const message = `reading the folder… ${count}${indexing}`;
      if (this.currentStatus.state !== 'scanning' || this.currentStatus.message !== message) this.setStatus({ state: 'scanning', message, files });
    };
    sayHowFar();
    this.rootIdentity = await this.gate.rootIdentity();
    const { builder } = this;
    const reads: Array<Promise<unknown>> = [];
    // Each batch of folders is classified while the walk reads the next; error logs come with
    // their sizes, and the files whose contents matter are read meanwhile.
    this.contents.onLogsBeingRead = sayHowFar;
    const walked = walkFolders(
      this.root,
      (dir, names, sizes, _changed, odd) => {
        files += names.length;
        if (Date.now() - saidAt >= SCAN_STATUS_MS) {
          saidAt = Date.now();
          sayHowFar();
        }
        const infos = builder.addFolderFiles(dir, names, classifyFolderFiles(dir, names, builder.rootName), sizes);
        if (odd) reads.push(this.judgeOdd(odd.map((name) => joinRelPath(dir, name))));
        const touched: Array<[string, PathInfo]> = [];
        for (let i = 0; i < names.length; i++) {
          const info = infos[i]!;
          // Contents to read, unless all that was needed (an error log's size) came with the walk.
          if (needsContent(info) && !(sizes?.[i] !== undefined && isSizedRecord(info))) touched.push([joinRelPath(dir, names[i]!), info]);
        }
        if (touched.length > 0) reads.push(this.contents.read(touched));
      },
      { sizeSuffix: ERROR_LOG_SUFFIX },
    );
    const problems = await walked
      .finally(() => {
        isWalked = true;
        sayHowFar();
        return Promise.allSettled(reads);
      })
      .finally(() => (this.contents.onLogsBeingRead = null));
    await Promise.all(reads);
    this.scanWarnings.push(...problems.map((problem) => `could not read ${problem}`));
    this.builder.trackChanges();
    this.versionNumber = Math.max(this.versionNumber, 1);
    if (this.currentStatus.state === 'scanning') this.setStatus({ state: 'ready' });
  }

  /**
   * Starts watching without holding up the tree: chokidar reads every folder before it is ready
   * (5.6 s on a 100k-file run, against 0.45 s for the tree). Whatever changed between the scan
   * and then is found by one re-walk.
   */
  private async watchInBackground(): Promise<void> {
    // Two seconds early: file systems keep coarse modification times.
    const since = this.scannedAt - 2000;
    await this.startWatching();
    if (!this.closed) await this.rewalk(since);
    if (this.currentStatus.state === 'starting') this.setStatus(this.live?.isPolling ? POLLING_AS_ASKED : { state: 'ready' });
  }

  /** The root folder's device and inode: another folder put in its place is read anew. */
  private rootIdentity: string | null = null;

  private async startWatching(): Promise<void> {
    const live = new LiveWatch(
      this.root,
      // Polling stays on once the watch limit forced it, through reloads too.
      { ...this.options, usePolling: this.options.usePolling || (this.live?.isPolling ?? false) },
      {
        change: (path, kind) => this.queue(path, kind),
        folderToRecheck: (path) => void this.recheckFolder(path),
        folderGone: (path) => {
          const prefix = `${path}/`;
          for (const known of this.builder.paths()) if (prefix === '/' || known.startsWith(prefix)) this.queue(known, 'unlink');
        },
        status: (status) => this.setStatus(status),
        rewalk: () => this.rewalk(),
      },
    );
    this.live = live;
    await live.start();
  }

  private queue(path: string, kind: Change): void {
    if (this.closed || path === '' || path.startsWith('..')) return;
    this.changes.note(path, kind);
  }

  /** Re-reads a folder that just appeared: files written into it before its watch began are added. */
  private async recheckFolder(rel: string): Promise<void> {
    if (this.closed) return;
    const { files, odd } = await walkTree(this.root, rel);
    for (const path of files) if (!this.builder.has(path) && !this.changes.has(path)) this.queue(path, 'add');
    if (odd.length > 0) {
      await this.judgeOdd(odd);
      this.changes.schedule();
    }
  }

  /**
   * Links and special files the walk met: those the gate would not read are listed with why
   * (DESIGN.md "Security"). A live-added one is judged by the next walk (at most rewalkMs later);
   * until then nothing reads it but through the gate, which refuses it all the same.
   */
  private async judgeOdd(paths: readonly string[]): Promise<void> {
    const reasons = await Promise.all(paths.map((path) => this.gate.whyNotRead(path)));
    paths.forEach((path, i) => this.builder.setNotRead(path, reasons[i] ?? null));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.work = this.work.then(task).catch((error: unknown) => {
      this.scanWarnings.push(`index update failed: ${describeFsError(error)}`);
    });
    return this.work;
  }

  private async flush(): Promise<void> {
    if ((this.changes.size === 0 && !this.builder.hasStructureChanged) || this.closed) return;
    const batch = this.changes.take();
    if (batch.some(([, kind]) => kind === 'unlink') && (await this.gate.rootIdentity()) === null) {
      // Keep what was read: the user sees the last state and why it stopped changing.
      this.setStatus({ state: 'root-missing', message: `${this.root} no longer exists; showing what was read before` });
      return;
    }
    const added: string[] = [];
    const removed: string[] = [];
    const changed: string[] = [];
    const touched: Array<[string, PathInfo]> = [];
    const goneLogDirs = new Set<string>();
    for (const [path, kind] of batch) {
      if (kind === 'unlink') {
        const info = this.builder.info(path);
        if (!info) continue;
        this.builder.removeFile(path);
        this.contents.forget(path, info, goneLogDirs);
        removed.push(path);
        continue;
      }
      const isNew = !this.builder.has(path);
      touched.push([path, this.builder.addFile(path)]);
      (isNew ? added : changed).push(path);
    }
    const logDirs = await this.contents.read(touched, goneLogDirs);
    this.versionNumber++;
    const eventLogs = this.contents.eventSummaries(logDirs);
    const structural = this.builder.takeStructureChanged();
    const delta: IndexDelta = {
      version: this.versionNumber,
      added,
      removed,
      changed,
      tasks: this.builder.takeChangedTasks(),
      structural,
      ...(structural ? { structure: this.withScanWarnings(this.builder.structure()) } : {}),
      eventLogs,
    };
    for (const listener of this.listeners) listener(delta);
  }

  private setStatus(status: IndexStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** How often the first scan says how far it is. */
const SCAN_STATUS_MS = 250;
/** How long one answer of what is found so far builds tasks: the page waits for it, and so does the read. */
const SO_FAR_BUDGET_MS = 40;

const POLLING_AS_ASKED: IndexStatus = { state: 'polling', message: 'checking for changes every second (polling, as asked: for network file systems)' };

/** Verifier error logs: their sizes come with the walk (see ContentReaders). */
const ERROR_LOG_SUFFIX = '_error_log.txt';
