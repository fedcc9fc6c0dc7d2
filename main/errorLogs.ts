import { autopsyInputs, errorLogFacts, type ErrorLogFacts } from '../shared/analysis/kernelAutopsy';
import type { TraceTree } from '../shared/model/trace';
import { decodeText } from '../shared/parse/text';
import { AUTOPSY_LIMITS } from './autopsy';
import { runLimited } from './index/contentReaders';
import type { TraceIndex } from './index/traceIndex';

/**
 * What each failed attempt's error log says (kind, signature, last line: ErrorLogFacts), read once
 * and again only when it changes; its text is not kept (a big run has tens of thousands). The run
 * summaries and the kernel autopsy ask the same one: the autopsy read all 23k logs of the
 * 430k-file run again, one at a time, after the summary had read them.
 */
export class ErrorLogs {
  private readonly facts = new Map<string, ErrorLogFacts | null>();
  /** The reads under way: a caller meanwhile waits for them, then reads what they did not. */
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly index: TraceIndex) {
    index.onDelta((delta) => {
      for (const path of [...delta.changed, ...delta.removed]) this.facts.delete(path);
    });
  }

  /**
   * What the tree's failed attempts' logs say, by path. One that cannot be read (gone, too large, a
   * link out) is left out: it is classified by what the verification results say.
   */
  async of(tree: TraceTree): Promise<ReadonlyMap<string, ErrorLogFacts | null>> {
    const read = this.reading.then(() => this.readMissing(tree));
    this.reading = read.catch(() => undefined);
    await read;
    return this.facts;
  }

  private async readMissing(tree: TraceTree): Promise<void> {
    const missing = autopsyInputs(tree).errorLogs.filter((path) => !this.facts.has(path));
    await runLimited(
      missing.map((path) => async () => {
        const read = await this.index.gate.readSmall(path, AUTOPSY_LIMITS.fileBytes, AUTOPSY_LIMITS.fileBytes);
        if (read.ok) this.facts.set(path, errorLogFacts(decodeText(read.value.bytes).text));
      }),
      16,
    );
  }
}
