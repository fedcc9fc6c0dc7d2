import type { TraceIndex } from '../index/traceIndex';
import type { EventLogReader } from './eventLog';
import { EventQuery } from './eventQuery';

/** One EventQuery per event log folder of an index, kept while its reader is the same (a new source starts over). */
export class EventQueries {
  private readonly queries = new Map<string, { reader: EventLogReader; query: EventQuery }>();

  constructor(private readonly index: TraceIndex) {}

  /** The query of a log folder; null when the index holds no event log there. */
  of(dir: string): EventQuery | null {
    const reader = this.index.eventLog(dir);
    if (!reader) return null;
    let entry = this.queries.get(dir);
    if (!entry || entry.reader !== reader) this.queries.set(dir, (entry = { reader, query: new EventQuery(reader) }));
    return entry.query;
  }
}
