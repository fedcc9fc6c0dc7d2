import { Worker } from 'node:worker_threads';
import { checkTree, type KernelFindings } from '../shared/analysis/integrity';
import { attemptStarts, kernelFile } from '../shared/analysis/treeQuery';
import type { IntegrityReport } from '../shared/model/integrity';
import type { TraceTree } from '../shared/model/trace';
import { parseRooflineResult, VERIFY_JSON_FILES } from '../shared/parse/verifyJson';
import { getOrCreate, runLimited } from './index/contentReaders';
import type { TraceIndex } from './index/traceIndex';
import { readKernelFindings, readText, referenceReader, type KernelWanted } from './integrityRead';
import { workerFile } from './workers/workerFile';
import type { CodeCheckMessage, CodeCheckRequest } from './workers/codeCheck';

/** Kernels to read before a second thread is worth starting (one takes ~150 ms to start). */
const THREAD_FROM = 500;

/** What is kept of one kernel: its code findings (or why it was not read), by kernel, reference and op. */
const keyOf = (file: string, reference: string | null, op: string) => `${file}\u0000${reference ?? ''}\u0000${op}`;

/**
 * The integrity check of every coder attempt under an index's root (shared/analysis/integrity.ts).
 * Each kernel file is read once and only its findings are kept (not its text: a run can hold
 * thousands of kernels); a kernel or a reference that changes is read again.
 */
export class IntegrityChecks {
  private readonly kept = new Map<string, KernelFindings>();
  /** roofline_profile_result.json → its roofline time (null: none written, skipped, failed or unreadable). */
  private readonly rooflines = new Map<string, number | null>();
  /** File → the keys whose findings it went into (a kernel's, or a reference's). */
  private readonly usedBy = new Map<string, Set<string>>();
  private readonly threadFrom: number;
  private readonly readsHere: number;

  /**
   * @param threadFrom how many kernels to read make another thread worth starting.
   * @param readsHere how many kernels this thread reads at once (0: the other thread reads them all, tests).
   */
  constructor(
    private readonly index: TraceIndex,
    { threadFrom = THREAD_FROM, readsHere = 16 }: { threadFrom?: number; readsHere?: number } = {},
  ) {
    this.threadFrom = threadFrom;
    this.readsHere = readsHere;
    index.onDelta((delta) => {
      for (const path of [...delta.changed, ...delta.removed]) {
        for (const key of this.usedBy.get(path) ?? []) this.kept.delete(key);
        this.usedBy.delete(path);
        this.rooflines.delete(path);
      }
    });
  }

  /** The check under way: callers meanwhile (the summary, the page, a second page) share it. */
  private running: Promise<IntegrityReport> | null = null;

  /** The last complete check (what the overview shows while the next one reads new kernels). */
  lastReport: IntegrityReport | null = null;

  /** How many kernels the check under way reads (those not kept from an earlier check); 0 when none is under way. */
  toRead = 0;

  report(): Promise<IntegrityReport> {
    this.running ??= this.check()
      .then((report) => (this.lastReport = report))
      .finally(() => {
        this.running = null;
        this.toRead = 0;
      });
    return this.running;
  }

  private async check(): Promise<IntegrityReport> {
    const { tree } = this.index.snapshot();
    const references = opReferences(tree);
    const missing = new Map<string, KernelWanted>();
    for (const { file, reference, op } of kernels(tree, references)) {
      const key = keyOf(file, reference, op);
      if (!this.kept.has(key)) missing.set(key, { file, reference, op });
    }
    this.toRead = missing.size;
    // One read of each op's reference for all its kernels.
    const referenceOf = referenceReader(this.index.gate);
    const keep = (key: string, wanted: KernelWanted, findings: KernelFindings) => {
      this.kept.set(key, findings);
      for (const path of [wanted.file, wanted.reference]) if (path) getOrCreate(this.usedBy, path, () => new Set()).add(key);
    };
    // Many: another thread reads them too (each kernel is parsed: CPU, not waiting), each thread
    // taking the next kernel not taken yet (`next`, shared), so that neither waits for the other.
    const list = [...missing];
    const next = new Int32Array(new SharedArrayBuffer(4));
    const readHere = () =>
      runLimited(
        Array.from({ length: this.readsHere }, () => async () => {
          for (let i = Atomics.add(next, 0, 1); i < list.length; i = Atomics.add(next, 0, 1)) {
            const [key, wanted] = list[i]!;
            keep(key, wanted, await readKernelFindings(this.index.gate, wanted, referenceOf));
          }
        }),
        this.readsHere,
      );
    const onThread =
      list.length >= this.threadFrom
        ? this.readOnThread(
            list.map(([, wanted]) => wanted),
            next,
          )
        : [];
    const [theirs] = await Promise.all([onThread, readHere()]);
    for (const [i, findings] of theirs) keep(list[i]![0], list[i]![1], findings);
    // What a thread that failed took and did not give back is read here.
    for (const [key, wanted] of list) if (!this.kept.has(key)) keep(key, wanted, await readKernelFindings(this.index.gate, wanted, referenceOf));
    await this.readRooflines(tree);
    return checkTree(
      tree,
      (file, _step, op) => this.kept.get(keyOf(file, references.get(op.path) ?? null, op.name)) ?? { unread: 'not read yet' },
      (step) => {
        for (const dir of step.verifyDirs) {
          const path = `${dir}/${VERIFY_JSON_FILES.roofline}`;
          const timeUs = this.rooflines.get(path);
          if (timeUs) return { timeUs, source: path };
        }
        return null;
      },
    );
  }

  /** The findings of the kernels a thread of their own took from `kernels` (by `next`), by their index; none when it could not start or failed. */
  private async readOnThread(kernels: readonly KernelWanted[], next: Int32Array): Promise<ReadonlyArray<readonly [number, KernelFindings]>> {
    const file = workerFile('codeCheck');
    const identity = file ? await this.index.gate.rootIdentity() : null;
    if (!file || identity === null) return [];
    const thread = new Worker(file);
    try {
      const message = await new Promise<CodeCheckMessage | null>((resolve) => {
        thread.once('message', resolve);
        thread.once('error', () => resolve(null));
        thread.once('exit', () => resolve(null));
        thread.postMessage({ root: this.index.root, identity, kernels, next } satisfies CodeCheckRequest);
      });
      return message && 'found' in message ? message.found : [];
    } finally {
      void thread.terminate();
    }
  }

  /** The roofline JSONs of the attempts whose speed-up record holds no roofline time (each read once, again when it changes). */
  private async readRooflines(tree: TraceTree): Promise<void> {
    const wanted: string[] = [];
    for (const run of tree.runs)
      for (const op of run.ops)
        for (const task of op.tasks)
          for (const step of attemptStarts(task)) {
            if (step.timing?.rooflineTimeUs) continue;
            for (const dir of step.verifyDirs) {
              const path = `${dir}/${VERIFY_JSON_FILES.roofline}`;
              if (!this.rooflines.has(path) && this.index.info(path)) wanted.push(path);
            }
          }
    await runLimited(
      wanted.map((path) => async () => {
        const read = await readText(this.index.gate, path);
        const parsed = 'text' in read ? parseRooflineResult(read.text) : null;
        this.rooflines.set(path, parsed?.ok && parsed.value.success ? parsed.value.timeUs : null);
      }),
      16,
    );
  }
}

/**
 * Each op's reference: the first attempt's (the writers copy the same reference into every verify
 * folder of an op, so it is read once per op, not once per attempt: on a 430k-file run that halves
 * what a check reads).
 */
function opReferences(tree: TraceTree): Map<string, string | null> {
  const references = new Map<string, string | null>();
  for (const run of tree.runs)
    for (const op of run.ops) {
      let reference: string | null = null;
      for (const task of op.tasks) for (const step of attemptStarts(task)) reference ??= step.referenceFile;
      references.set(op.path, reference);
    }
  return references;
}

function* kernels(tree: TraceTree, references: ReadonlyMap<string, string | null>): Generator<{ file: string; reference: string | null; op: string }> {
  for (const run of tree.runs)
    for (const op of run.ops)
      for (const task of op.tasks)
        for (const step of attemptStarts(task)) {
          const file = kernelFile(step);
          if (file) yield { file, reference: references.get(op.path) ?? null, op: op.name };
        }
}
