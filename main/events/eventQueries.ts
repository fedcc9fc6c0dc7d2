import type { EventCost } from '../../shared/model/events';
import type { TraceIndex } from '../index/traceIndex';
import type { EventLogReader } from './eventLog';
import { EventQuery } from '../../shared/analysis/eventQuery';
import { UsageFiles } from './usageFiles';

/** One EventQuery per event log folder of an index, kept while its reader is the same (a new source starts over). */
export class EventQueries {
  private readonly queries = new Map<string, { reader: EventLogReader; query: EventQuery }>();
  private readonly usage: UsageFiles;

  constructor(private readonly index: TraceIndex) {
    this.usage = new UsageFiles(index);
  }

  /** The query of a log folder; null when the index holds no event log there. */
  of(dir: string): EventQuery | null {
    const reader = this.index.eventLog(dir);
    if (!reader) return null;
    let entry = this.queries.get(dir);
    if (!entry || entry.reader !== reader) this.queries.set(dir, (entry = { reader, query: new EventQuery(reader) }));
    return entry.query;
  }

  /** What the log in `dir` says the run cost, with the usage files written beside it; null when there is no log there. */
  async cost(dir: string): Promise<EventCost | null> {
    const query = this.of(dir);
    return query ? { ...query.cost(), written: await this.usage.of(dir) } : null;
  }
}
