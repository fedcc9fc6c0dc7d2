import { autopsyInputs } from '../shared/analysis/kernelAutopsy';
import { summarizeTree } from '../shared/analysis/runSummary';
import type { SummaryDocument } from '../shared/model/summary';
import { decodeText } from '../shared/parse/text';
import { AUTOPSY_LIMITS } from './autopsy';
import { runLimited } from './index/contentReaders';
import { FolderTimes } from './index/folderTimes';
import type { TraceIndex } from './index/traceIndex';

/**
 * The summaries of every run under an index's root (shared/analysis/runSummary.ts), with the
 * facts they need read once and kept: file times (FolderTimes), the failed attempts' error logs
 * (read again only when they change), and each event log's first and last event.
 */
export class RunSummaries {
  private readonly times: FolderTimes;
  private readonly errorTexts = new Map<string, string>();

  constructor(private readonly index: TraceIndex) {
    this.times = new FolderTimes(index);
    index.onDelta((delta) => {
      for (const path of [...delta.changed, ...delta.removed]) this.errorTexts.delete(path);
    });
  }

  async summary(now = Date.now()): Promise<SummaryDocument> {
    const { tree } = this.index.snapshot();
    const times = await this.times.get();
    const missing = autopsyInputs(tree).errorLogs.filter((path) => !this.errorTexts.has(path));
    await runLimited(
      missing.map((path) => async () => {
        const read = await this.index.gate.read(path, 0, AUTOPSY_LIMITS.fileBytes, AUTOPSY_LIMITS.fileBytes);
        // One that cannot be read (gone, too large, not read) is classified by what the verification results say.
        if (read.ok) this.errorTexts.set(path, decodeText(read.value.bytes).text);
      }),
      16,
    );
    return summarizeTree(this.index.root, tree, {
      times,
      errorTexts: this.errorTexts,
      events: (dir) => {
        const reader = this.index.eventLog(dir);
        if (!reader) return null;
        const count = reader.columns.count;
        return {
          summary: reader.summary(),
          firstAt: reader.event(0)?.timestamp ?? null,
          lastAt: count > 0 ? (reader.event(count - 1)?.timestamp ?? null) : null,
        };
      },
      now,
    });
  }
}
