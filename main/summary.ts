import { summarizeTree } from '../shared/analysis/runSummary';
import type { SummaryDocument } from '../shared/model/summary';
import { EventQueries } from './events/eventQueries';
import { ErrorLogs } from './errorLogs';
import { FolderTimes } from './index/folderTimes';
import { IntegrityChecks } from './integrity';
import { stepKey } from '../shared/analysis/treeQuery';
import { isAtLeast, type Severity } from '../shared/model/integrity';
import type { TraceIndex } from './index/traceIndex';

/**
 * The summaries of every run under an index's root (shared/analysis/runSummary.ts), with the
 * facts they need read once and kept: file times (FolderTimes), what the failed attempts' error
 * logs say (read again only when they change; their texts are not kept: a big run has tens of
 * thousands), each event log's first and last event and its cost, and the integrity flags of
 * every kernel (IntegrityChecks).
 */
export class RunSummaries {
  private readonly times: FolderTimes;
  /** What the failed attempts' error logs say, shared with the kernel autopsy (core.ts). */
  readonly errorLogs: ErrorLogs;

  constructor(
    private readonly index: TraceIndex,
    /** Whose flags mark the best kernels that cannot be trusted. */
    private readonly integrity = new IntegrityChecks(index),
    /** Each event log's spans and costs. */
    private readonly queries = new EventQueries(index),
    /** A check of at most this many kernels is waited for a moment by the app's summary. */
    private readonly quickCheckKernels = QUICK_CHECK_KERNELS,
  ) {
    this.times = new FolderTimes(index);
    this.errorLogs = new ErrorLogs(index);
  }

  /**
   * Starts reading what the first summary needs as soon as the folder is read, instead of once a
   * page asks (it asks only after it has drawn the outline): the failed attempts' error logs and
   * the file times (the 430k-file run's overview came ~0.5 s sooner, the 100k-file run's ~0.15 s).
   * Files the watcher's catch-up reports meanwhile are stat'ed for their own times (FolderTimes).
   */
  prepare(): void {
    this.errorLogs.of(this.index.snapshot().tree).catch(() => undefined); // what it reads is kept: the summary's reads find it
    this.times.get().catch(() => undefined); // a walk that fails says so to the summary that waits for it
  }

  /** The summary under way: callers meanwhile share it (a page asks for it from several views at once). */
  private running: Promise<SummaryDocument> | null = null;

  /**
   * With `waitForChecks` (the CLI) every kernel's integrity is in; without (the app) a check that
   * takes longer than a moment goes on in the background, the last complete one is used meanwhile
   * and `integrityChecked` says so (the page asks again until it is true).
   */
  summary(options: { waitForChecks?: boolean } = {}): Promise<SummaryDocument> {
    if (options.waitForChecks ?? true) return this.summarize(true);
    this.running ??= this.summarize(false).finally(() => (this.running = null));
    return this.running;
  }

  private async summarize(waitForChecks: boolean): Promise<SummaryDocument> {
    const now = Date.now();
    const { tree } = this.index.snapshot();
    // The file times (a walk on its own thread) while the error logs are read; then the checks,
    // which would otherwise share this thread with the reads and hold the first summary back
    // (a 100k-file run's check reads and parses every kernel: seconds). A caller that waits for
    // the checks anyway (the CLI) has them start at once.
    const early = waitForChecks ? this.integrity.report() : null;
    const [times, errorLogs] = await Promise.all([this.times.get(), this.errorLogs.of(tree)]);
    const checking = early ?? this.integrity.report();
    // A check of a few kernels is waited for a moment (its flags come with the numbers); one of
    // thousands (a big run's first) is not: the numbers come first, and the page asks again.
    const checked = await (waitForChecks ? checking : this.integrity.toRead <= this.quickCheckKernels ? settledWithin(checking, CHECK_WAIT_MS) : null);
    const report = checked ?? this.integrity.lastReport;
    const worst = new Map<string, Severity>();
    for (const flag of report?.flags ?? []) {
      const key = stepKey(flag.opPath, flag.task, flag.step);
      const current = worst.get(key);
      if (!current || isAtLeast(flag.severity, current)) worst.set(key, flag.severity);
    }
    const costs = new Map(await Promise.all(tree.runs.flatMap((run) => run.eventLogs).map(async ({ dir }) => [dir, await this.queries.cost(dir)] as const)));
    return summarizeTree(this.index.root, tree, {
      times,
      errorLogs,
      events: (dir) => {
        const reader = this.index.eventLog(dir);
        if (!reader) return null;
        const count = reader.columns.count;
        return {
          summary: reader.summary(),
          firstAt: reader.event(0)?.timestamp ?? null,
          lastAt: count > 0 ? (reader.event(count - 1)?.timestamp ?? null) : null,
          cost: costs.get(dir) ?? null,
        };
      },
      now,
      ...(report ? { integrity: (opPath: string, task: string, step: number) => worst.get(stepKey(opPath, task, step)) ?? null } : {}),
      integrityChecked: checked !== null,
    });
  }
}

/** How long a summary for the app waits for the integrity check before it answers with the last complete one. */
const CHECK_WAIT_MS = 300;
/** A check of at most this many kernels may be waited for (a 100k-file run reads ~6,000 a second on 2 cores; its first check reads 9,163). */
const QUICK_CHECK_KERNELS = 1000;

/** The promise's value if it settles within `ms`, else null (it goes on). */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
