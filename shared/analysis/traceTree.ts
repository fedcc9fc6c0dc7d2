import type { TaskChange } from '../model/liveIndex';
import type { Round, Task, TraceTree } from '../model/trace';
import { namedVerifyTasks, VERIFY_ROOTS } from '../parse/autoresearch';
import { classifyPath, runDirOfOp, type AutoResearchRef, type PathInfo, type RecordInfo } from '../parse/classify';
import { joinRelPath, splitRelPath } from '../parse/relPath';
import type { SpeedupLine } from '../parse/speedup';
import type { VerificationEntry } from '../parse/verification';
import { FileRegistry } from './fileRegistry';
import { isOpBuilt, opNode, taskNode, treeOf, type TreeState } from './treeProjection';
import { compareTaskIds } from './order';
import type { AutoResearchAcc, OpAcc, RunAcc, TaskAcc } from './treeAcc';
import { taskKey } from './treeQuery';

function parentDir(path: string): string {
  return splitRelPath(path).dir;
}

/**
 * The run → op → task → step tree, kept up to date one file at a time so that a live run costs
 * work in proportion to what changed. Pure: the core feeds it paths and parsed append-only
 * records; it never touches the disk.
 */
export class TraceTreeBuilder {
  private readonly files = new FileRegistry();
  private readonly runs = new Map<string, RunAcc>();
  private readonly ops = new Map<string, OpAcc>();
  private readonly other = new Map<string, string>();
  private readonly notRead = new Map<string, string>();
  private readonly dirtyTasks = new Map<string, { opPath: string; id: string }>();
  private readonly warningsBySource = new Map<string, string[]>();
  private isTracking = false;
  private structureChanged = false;

  /** What the projections read (treeProjection.ts). */
  private readonly state: TreeState = {
    runs: this.runs,
    ops: this.ops,
    other: this.other,
    notRead: this.notRead,
    warningsBySource: this.warningsBySource,
    files: this.files,
  };

  constructor(readonly rootName: string) {}

  get fileCount(): number {
    return this.files.size;
  }

  has(path: string): boolean {
    return this.info(path) !== undefined;
  }

  info(path: string): PathInfo | undefined {
    return this.files.get(path);
  }

  paths(): Generator<string> {
    return this.files.paths();
  }

  /** Each folder that holds indexed files, with their names. */
  folderNames(): Generator<[string, string[]]> {
    return this.files.folderNames();
  }

  /** The names of a folder's own files (none when it has none). */
  names(dir: string): Iterable<string> {
    return this.files.names(dir);
  }

  /**
   * Adds or re-adds a file. `size` matters only for verifier error logs (empty means passed);
   * `classified`: the path's classifyPath, when the caller has it already.
   */
  addFile(path: string, size: number | null = null, classified?: PathInfo): PathInfo {
    const { dir, name } = splitRelPath(path);
    return this.addFolderFile(dir, name, size, classified, path);
  }

  /** addFile for a walk: the file `name` of folder `dir` ('' for the root). */
  addFolderFile(dir: string, name: string, size: number | null = null, classified?: PathInfo, path = joinRelPath(dir, name)): PathInfo {
    return this.addToFolder(this.files.folder(dir), name, size, classified ?? classifyPath(path, this.rootName), path);
  }

  /**
   * A folder's files as a walk finds them, classified by the caller (classifyFolderFiles): the
   * folder is looked up once, not once per file. Returns what each file is.
   */
  addFolderFiles(dir: string, names: readonly string[], infos: readonly PathInfo[], sizes: ReadonlyArray<number | undefined> | null): PathInfo[] {
    const folder = this.files.folder(dir);
    const prefix = dir === '' ? '' : `${dir}/`;
    const out: PathInfo[] = [];
    for (let i = 0; i < names.length; i++) {
      const size = sizes?.[i];
      out.push(this.addToFolder(folder, names[i]!, size === undefined || size < 0 ? null : size, infos[i]!, prefix + names[i]!));
    }
    return out;
  }

  private addToFolder(names: Map<string, PathInfo>, name: string, size: number | null, info: PathInfo, path: string): PathInfo {
    const existing = names.get(name);
    if (existing) {
      if (existing.kind === 'record') this.setSize(existing, size);
      return existing;
    }
    this.files.add(names, name, info);
    if (!isTaskKind(info)) this.structureChanged = true;
    switch (info.kind) {
      case 'record':
      case 'parsed':
      case 'verify': {
        const task = this.task(info.opDir, info.op, info.task);
        if (info.kind === 'record') {
          task.records.set(info, path);
          if (size !== null) task.sizes.set(info, size);
        } else if (info.kind === 'parsed') task.parsed.set(info, path);
        else {
          const dir = task.verifyDirs.get(info.verifyDir);
          if (dir) dir.files++;
          else task.verifyDirs.set(info.verifyDir, { path: info.verifyDir, info, files: 1 });
        }
        this.touch(info.opDir, task);
        break;
      }
      case 'config':
      case 'temp':
      case 'speedup':
        this.op(info.opDir, info.op).files.add(path);
        break;
      case 'verification-results':
        this.run(info.runDir).files.add(path);
        break;
      case 'run-file':
      case 'rounds': {
        const run = this.run(info.runDir);
        run.files.add(path);
        if (info.autoresearch)
          this.addAutoResearchFile(run, info.autoresearch, path, info.kind === 'rounds', info.kind === 'run-file' && info.loopState !== undefined);
        break;
      }
      case 'event-log': {
        const logs = this.run(info.runDir).eventLogs;
        const log = logs.get(info.logDir) ?? { format: null, files: new Set<string>() };
        log.format ??= info.format;
        log.files.add(path);
        logs.set(info.logDir, log);
        break;
      }
      case 'other':
        this.other.set(path, info.reason);
        break;
    }
    return info;
  }

  removeFile(path: string): void {
    const info = this.files.remove(path);
    if (!info) return;
    if (!isTaskKind(info)) this.structureChanged = true;
    switch (info.kind) {
      case 'record':
      case 'parsed':
      case 'verify': {
        const op = this.ops.get(info.opDir);
        const task = op?.tasks.get(info.task);
        if (!op || !task) break;
        if (info.kind === 'record') {
          task.records.delete(info);
          task.sizes.delete(info);
          task.verdicts.delete(info);
        } else if (info.kind === 'parsed') task.parsed.delete(info);
        else {
          const dir = task.verifyDirs.get(info.verifyDir);
          if (dir && --dir.files <= 0) task.verifyDirs.delete(info.verifyDir);
        }
        this.touch(info.opDir, task);
        if (isEmpty(task)) op.tasks.delete(info.task);
        this.pruneOp(op);
        break;
      }
      case 'config':
      case 'temp':
      case 'speedup': {
        const op = this.ops.get(info.opDir);
        op?.files.delete(path);
        if (info.kind === 'speedup') this.setSpeedups(path, []);
        if (op) this.pruneOp(op);
        break;
      }
      case 'verification-results':
      case 'run-file':
      case 'rounds': {
        const run = this.runs.get(info.runDir);
        if (info.kind === 'rounds') this.joinRounds(info, path, []);
        run?.files.delete(path);
        if (info.kind === 'verification-results') this.setVerifications(path, []);
        if (run && info.kind !== 'verification-results' && info.autoresearch) this.removeAutoResearchFile(run, info.autoresearch, path);
        if (run) this.pruneRun(run);
        break;
      }
      case 'event-log': {
        const run = this.runs.get(info.runDir);
        const log = run?.eventLogs.get(info.logDir);
        log?.files.delete(path);
        if (run && log && log.files.size === 0) run.eventLogs.delete(info.logDir);
        if (run) this.pruneRun(run);
        break;
      }
      case 'other':
        this.other.delete(path);
        break;
    }
    this.warningsBySource.delete(path);
    if (this.notRead.delete(path)) this.structureChanged = true;
  }

  /** Replaces the parsed lines of one speed_up_record.txt. */
  setSpeedups(path: string, lines: readonly SpeedupLine[]): void {
    const info = this.info(path);
    const op = info?.kind === 'speedup' ? this.ops.get(info.opDir) : undefined;
    if (!op) return;
    if (lines.length === 0) op.speedupFiles.delete(path);
    else op.speedupFiles.set(path, lines);
    op.speedupsByDir = null;
    for (const id of op.tasks.keys()) this.markDirty(op.path, id);
  }

  /** Replaces the entries of one verification_results.jsonl. */
  setVerifications(path: string, entries: readonly VerificationEntry[]): void {
    const info = this.info(path);
    const run = info?.kind === 'verification-results' ? this.runs.get(info.runDir) : undefined;
    if (!run) return;
    if (entries.length === 0) run.verifications.delete(path);
    else run.verifications.set(path, entries);
    run.verificationsByTask = null;
    for (const opPath of run.ops) for (const id of this.ops.get(opPath)?.tasks.keys() ?? []) this.markDirty(opPath, id);
  }

  /**
   * Replaces the rounds of one AutoResearch rounds file, and joins them to the task its verifier
   * logged them as (FORMATS.md §4.3): the workspace form's `.ar_state/akg_verify/{op}` task `{op}`;
   * v1's sibling op folder, its `ar_…` task (the one a round names when there are several). With
   * no verifier log yet, the rounds stand as a task of their own, named by the task folder.
   */
  setRounds(path: string, rounds: readonly Round[]): void {
    const info = this.info(path);
    if (info?.kind === 'rounds') this.joinRounds(info, path, rounds);
  }

  private joinRounds(info: Extract<PathInfo, { kind: 'rounds' }>, path: string, rounds: readonly Round[]): void {
    const ar = this.runs.get(info.runDir)?.autoresearch.get(info.autoresearch.dir);
    if (!ar || ar.roundsFile !== path) return;
    const target = rounds.length === 0 ? null : this.roundsTarget(info.autoresearch.dir, ar, rounds);
    const old = ar.target;
    if (old && (old.opPath !== target?.opPath || old.id !== target.id)) {
      const op = this.ops.get(old.opPath);
      const task = op?.tasks.get(old.id);
      if (op && task) {
        task.rounds = null;
        this.touch(op.path, task);
        if (isEmpty(task)) op.tasks.delete(task.id);
        this.pruneOp(op);
      }
    }
    if (old?.opPath !== target?.opPath || old?.id !== target?.id) this.structureChanged = true;
    ar.target = target;
    if (!target) return;
    const task = this.task(target.opPath, ar.op, target.id);
    task.rounds = rounds;
    this.touch(target.opPath, task);
  }

  private roundsTarget(dir: string, ar: AutoResearchAcc, rounds: readonly Round[]): { opPath: string; id: string } {
    if (ar.forms.workspace > 0) {
      const roots = VERIFY_ROOTS.map((root) => joinRelPath(joinRelPath(dir, '.ar_state'), joinRelPath(root, ar.op)));
      const opPath = roots.find((path) => this.ops.has(path)) ?? roots[0]!;
      const ids = [...(this.ops.get(opPath)?.tasks.keys() ?? [])];
      return { opPath, id: ids.includes(ar.op) || ids.length !== 1 ? ar.op : ids[0]! };
    }
    const opPath = joinRelPath(parentDir(dir), ar.op);
    const candidates = [...(this.ops.get(opPath)?.tasks.values() ?? [])]
      .filter((task) => task.id.startsWith('ar_') && task.verifyDirs.size > 0)
      .map((task) => task.id);
    const named = namedVerifyTasks(rounds);
    const id =
      candidates.find((candidate) => named.has(candidate)) ?? candidates.sort(compareTaskIds).at(-1) ?? (dir === '' ? this.rootName : splitRelPath(dir).name);
    return { opPath, id };
  }

  /** What a loop's state file says of its phase (null: nothing read). */
  setLoopPhase(path: string, phase: string | null): void {
    const info = this.info(path);
    const ar = info?.kind === 'run-file' && info.autoresearch ? this.runs.get(info.runDir)?.autoresearch.get(info.autoresearch.dir) : undefined;
    if (!ar || ar.stateFile !== path || ar.phase === phase) return;
    ar.phase = phase;
    this.structureChanged = true;
  }

  private addAutoResearchFile(run: RunAcc, ref: AutoResearchRef, path: string, isRounds: boolean, isLoopState: boolean): void {
    let ar = run.autoresearch.get(ref.dir);
    if (!ar) {
      run.autoresearch.set(
        ref.dir,
        (ar = { op: ref.op, forms: { v1: 0, workspace: 0 }, files: 0, roundsFile: null, stateFile: null, phase: null, target: null }),
      );
      this.structureChanged = true;
    }
    ar.files++;
    if (ref.form) ar.forms[ref.form]++;
    if (isRounds) ar.roundsFile = path;
    if (isLoopState) {
      ar.stateFile = path;
      this.structureChanged = true;
    }
  }

  private removeAutoResearchFile(run: RunAcc, ref: AutoResearchRef, path: string): void {
    const ar = run.autoresearch.get(ref.dir);
    if (!ar) return;
    if (ref.form) ar.forms[ref.form]--;
    if (ar.roundsFile === path) ar.roundsFile = null;
    if (ar.stateFile === path) [ar.stateFile, ar.phase] = [null, null];
    if (--ar.files <= 0) {
      run.autoresearch.delete(ref.dir);
      this.structureChanged = true;
    }
  }

  /** Says that a file is listed but not read, and why (the core's gate decides); null: it is read. */
  setNotRead(path: string, reason: string | null): void {
    if ((this.notRead.get(path) ?? null) === reason) return;
    if (reason === null) this.notRead.delete(path);
    else this.notRead.set(path, reason);
    this.structureChanged = true;
  }

  /** Problems found while reading a file's content, shown until the file changes or goes. */
  setWarnings(path: string, warnings: readonly string[]): void {
    if (warnings.length === 0) this.warningsBySource.delete(path);
    else this.warningsBySource.set(path, [...warnings]);
  }

  snapshot(): TraceTree {
    return treeOf(this.state, (op) => opNode(this.state, op));
  }

  /** One task as built from what is added so far; null when there is none. */
  builtTask(opPath: string, id: string): Task | null {
    const op = this.state.ops.get(opPath);
    const acc = op?.tasks.get(id);
    return op && acc ? taskNode(this.state, op, acc) : null;
  }

  /** Ops a call of snapshotWithin has given: the next ones give them again, never fewer rows. */
  private readonly givenSoFar = new Set<string>();

  /**
   * The tree found so far, for the rows shown while the folder is read, its new ops' tasks built
   * for `budgetMs` at most: building every task of a half-read 100k-file run took 250 ms, with the
   * page waiting for its first rows and the read waiting too. A new op whose tasks are not all
   * built by then is left out (a later call builds it); the first is always in, and so is every op
   * an earlier call gave (its rows must not go away while the folder is read).
   */
  snapshotWithin(budgetMs: number): TraceTree {
    const until = performance.now() + budgetMs;
    let isFirst = true;
    return treeOf(this.state, (op) => {
      if (!isFirst && performance.now() >= until && !this.givenSoFar.has(op.path) && !isOpBuilt(op)) return null;
      isFirst = false;
      this.givenSoFar.add(op.path);
      return opNode(this.state, op);
    });
  }

  /**
   * The tree without its tasks (every op's `tasks` empty): runs, ops, event logs, run files,
   * other files and warnings, which a structural delta carries so that clients patch instead of
   * reading the whole tree again.
   */
  structure(): TraceTree {
    return treeOf(this.state, (op) => ({ name: op.name, path: op.path, tasks: [] }));
  }

  /** From now on, record which tasks change so that takeChangedTasks can report them. */
  trackChanges(): void {
    this.isTracking = true;
    this.dirtyTasks.clear();
    // What was built until now is in the first snapshot: only what comes after is a change.
    this.structureChanged = false;
  }

  /** Whether runs, ops, run files, event logs or other files changed since the last call. */
  /** Whether anything structural changed since takeStructureChanged last ran. */
  get hasStructureChanged(): boolean {
    return this.structureChanged;
  }

  /** The files setNotRead named (for the index to check them again). */
  notReadPaths(): string[] {
    return [...this.notRead.keys()];
  }

  takeStructureChanged(): boolean {
    const changed = this.structureChanged;
    this.structureChanged = false;
    return changed;
  }

  /** Tasks whose node changed since the last call, rebuilt; for live deltas. */
  takeChangedTasks(): TaskChange[] {
    const changes: TaskChange[] = [];
    for (const { opPath, id } of this.dirtyTasks.values()) {
      const op = this.ops.get(opPath);
      const acc = op?.tasks.get(id);
      changes.push({ opPath, id, task: op && acc ? taskNode(this.state, op, acc) : null });
    }
    this.dirtyTasks.clear();
    return changes;
  }

  /** What a verifier's `result` file says: passed (`True`), failed (`False`), or nothing this reads (null). */
  setRecordVerdict(path: string, passed: boolean | null): void {
    const info = this.info(path);
    if (info?.kind !== 'record') return;
    const task = this.ops.get(info.opDir)?.tasks.get(info.task);
    if (!task?.records.has(info) || (task.verdicts.get(info) ?? null) === passed) return;
    if (passed === null) task.verdicts.delete(info);
    else task.verdicts.set(info, passed);
    this.touch(info.opDir, task);
  }

  private setSize(info: RecordInfo, size: number | null): void {
    const task = this.ops.get(info.opDir)?.tasks.get(info.task);
    if (task?.records.has(info) && (task.sizes.get(info) ?? null) !== size) {
      if (size === null) task.sizes.delete(info);
      else task.sizes.set(info, size);
      this.touch(info.opDir, task);
    }
  }

  private markDirty(opPath: string, id: string): void {
    const acc = this.ops.get(opPath)?.tasks.get(id);
    if (acc) this.touch(opPath, acc);
    else if (this.isTracking) this.dirtyTasks.set(taskKey(opPath, id), { opPath, id });
  }

  /** A task changed: its node is built again, and after the initial scan the change becomes a delta. */
  private touch(opPath: string, task: TaskAcc): void {
    task.node = null;
    if (this.isTracking) this.dirtyTasks.set(taskKey(opPath, task.id), { opPath, id: task.id });
  }

  private run(path: string): RunAcc {
    let run = this.runs.get(path);
    if (!run) {
      run = { path, ops: new Set(), eventLogs: new Map(), files: new Set(), verifications: new Map(), verificationsByTask: null, autoresearch: new Map() };
      this.structureChanged = true;
      this.runs.set(path, run);
    }
    return run;
  }

  private op(path: string, name: string): OpAcc {
    let op = this.ops.get(path);
    if (!op) {
      const runDir = runDirOfOp(path, this.rootName);
      op = { name, path, runDir, tasks: new Map(), speedupFiles: new Map(), speedupsByDir: null, files: new Set() };
      this.structureChanged = true;
      this.ops.set(path, op);
      this.run(runDir).ops.add(path);
    }
    return op;
  }

  private task(opPath: string, opName: string, id: string): TaskAcc {
    const op = this.op(opPath, opName);
    let task = op.tasks.get(id);
    if (!task) {
      task = { id, records: new Map(), sizes: new Map(), verdicts: new Map(), parsed: new Map(), verifyDirs: new Map(), rounds: null, node: null };
      op.tasks.set(id, task);
    }
    return task;
  }

  private pruneOp(op: OpAcc): void {
    if (op.tasks.size > 0 || op.files.size > 0) return;
    this.ops.delete(op.path);
    this.structureChanged = true;
    const run = this.runs.get(op.runDir);
    run?.ops.delete(op.path);
    if (run) this.pruneRun(run);
  }

  private pruneRun(run: RunAcc): void {
    if (run.ops.size === 0 && run.files.size === 0 && run.eventLogs.size === 0) {
      this.runs.delete(run.path);
      this.structureChanged = true;
    }
  }
}

/** A task with nothing left: no record, parsed record, verify folder or rounds. */
function isEmpty(task: TaskAcc): boolean {
  return task.records.size === 0 && task.parsed.size === 0 && task.verifyDirs.size === 0 && task.rounds === null;
}

function isTaskKind(info: PathInfo): boolean {
  return info.kind === 'record' || info.kind === 'parsed' || info.kind === 'verify';
}
