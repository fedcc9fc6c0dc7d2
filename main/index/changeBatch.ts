/** What the watcher (or a re-walk) says happened to a path. */
export type Change = 'add' | 'change' | 'unlink';

/**
 * The changes noticed since the last flush, gathered for `batchMs` into one batch (one delta):
 * add then change is still an add, anything then unlink is an unlink. Removals wait until the
 * removing has stopped (up to a second): a folder deleted file by file is then seen gone as a
 * whole, and what was read is kept rather than half-emptied.
 */
export class ChangeBatch {
  private readonly pending = new Map<string, Change>();
  private timer: NodeJS.Timeout | null = null;
  private lastEventAt = 0;
  private firstPendingAt = 0;
  private hasUnlinks = false;

  constructor(
    private readonly batchMs: number,
    /** Called when a batch is due (take it with `take`). */
    private readonly onDue: () => void,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** Whether a flush is waiting for its time. */
  get isScheduled(): boolean {
    return this.timer !== null;
  }

  has(path: string): boolean {
    return this.pending.has(path);
  }

  /** A change the watcher saw: merged with what is pending for the path, and a flush scheduled. */
  note(path: string, kind: Change): void {
    const before = this.pending.get(path);
    this.pending.set(path, before === 'add' && kind === 'change' ? 'add' : kind);
    this.lastEventAt = performance.now();
    if (kind === 'unlink') this.hasUnlinks = true;
    this.schedule();
  }

  /** A change a re-walk found (flushed by the caller). */
  set(path: string, kind: Change): void {
    this.pending.set(path, kind);
  }

  /** The pending changes, now; the batch is empty after. */
  take(): Array<[string, Change]> {
    const batch = [...this.pending];
    this.pending.clear();
    return batch;
  }

  clear(): void {
    this.pending.clear();
  }

  /** Stops a scheduled flush; whether one was scheduled. */
  cancel(): boolean {
    if (!this.timer) return false;
    clearTimeout(this.timer);
    this.timer = null;
    return true;
  }

  schedule(delay = this.batchMs): void {
    if (this.timer) return;
    if (this.pending.size > 0 && this.firstPendingAt === 0) this.firstPendingAt = performance.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = performance.now();
      if (this.hasUnlinks && now - this.lastEventAt < this.batchMs && now - this.firstPendingAt < 1000) {
        this.schedule();
        return;
      }
      this.firstPendingAt = 0;
      this.hasUnlinks = false;
      this.onDue();
    }, delay);
  }
}
