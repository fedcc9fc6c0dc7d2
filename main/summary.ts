import { autopsyInputs, errorLogFacts, type ErrorLogFacts } from '../shared/analysis/kernelAutopsy';
import { summarizeTree } from '../shared/analysis/runSummary';
import type { SummaryDocument } from '../shared/model/summary';
import { decodeText } from '../shared/parse/text';
import { EventQueries } from './events/eventQueries';
import { AUTOPSY_LIMITS } from './autopsy';
import { runLimited } from './index/contentReaders';
import { FolderTimes } from './index/folderTimes';
import { IntegrityChecks } from './integrity';
import { stepKey } from '../shared/analysis/treeQuery';
import { isAtLeast, type Severity } from '../shared/model/integrity';
import type { TraceIndex } from './index/traceIndex';
import type { TraceTree } from '../shared/model/trace';

/**
 * The summaries of every run under an index's root (shared/analysis/runSummary.ts), with the
 * facts they need read once and kept: file times (FolderTimes), what the failed attempts' error
 * logs say (read again only when they change; their texts are not kept: a big run has tens of
 * thousands), each event log's first and last event and its cost, and the integrity flags of
 * every kernel (IntegrityChecks).
 */
export class RunSummaries {
  private readonly times: FolderTimes;
  private readonly errorLogs = new Map<string, ErrorLogFacts | null>();

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
    index.onDelta((delta) => {
      for (const path of [...delta.changed, ...delta.removed]) this.errorLogs.delete(path);
    });
  }

  /** What the first summary needs, read before it is asked for (prepare); null until then. */
  private preparing: Promise<unknown> | null = null;

  /**
   * Starts reading what the first summary needs as soon as the folder is read, instead of once a
   * page asks (it asks only after it has drawn the outline): the failed attempts' error logs and
   * the file times (the 430k-file run's overview came ~0.5 s sooner, the 100k-file run's ~0.15 s).
   * Files the watcher's catch-up reports meanwhile are stat'ed for their own times (FolderTimes).
   */
  prepare(): void {
    this.preparing ??= this.readErrorLogs(this.index.snapshot().tree).catch(() => undefined);
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

  /** The failed attempts' error logs not read yet (each is read again only when it changes). */
  private async readErrorLogs(tree: TraceTree): Promise<void> {
    const missing = autopsyInputs(tree).errorLogs.filter((path) => !this.errorLogs.has(path));
    await runLimited(
      missing.map((path) => async () => {
        const read = await this.index.gate.readSmall(path, AUTOPSY_LIMITS.fileBytes, AUTOPSY_LIMITS.fileBytes);
        // One that cannot be read (gone, too large, not read) is classified by what the verification results say.
        if (read.ok) this.errorLogs.set(path, errorLogFacts(decodeText(read.value.bytes).text));
      }),
      16,
    );
  }

  private async summarize(waitForChecks: boolean): Promise<SummaryDocument> {
    await this.preparing; // what it read is kept: the reads below find it
    const now = Date.now();
    const { tree } = this.index.snapshot();
    // The file times (a walk on its own thread) while the error logs are read; then the checks,
    // which would otherwise share this thread with the reads and hold the first summary back
    // (a 100k-file run's check reads and parses every kernel: seconds). A caller that waits for
    // the checks anyway (the CLI) has them start at once.
    const early = waitForChecks ? this.integrity.report() : null;
    const [times] = await Promise.all([this.times.get(), this.readErrorLogs(tree)]);
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
      errorLogs: this.errorLogs,
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
