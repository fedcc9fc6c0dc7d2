/**
 * What the index keeps of every event, column by column (about 36 bytes an event): its time,
 * level, type and stage as small numbers, its line and where it starts in its file. The
 * payload stays in the file and is read when an event is shown (DESIGN.md: no content kept that
 * no view shows). A million events are a few typed arrays, not a million objects.
 */
import type { AgentEvent, EventSummary } from '../model/events';
import { timestampMs } from '../parse/trackerLog';

/** The lane of events without a stage. */
export const NO_STAGE = '(no stage)';

/** Interns strings to small numbers, in order of first appearance. */
export class Names {
  readonly names: string[] = [];
  readonly counts: number[] = [];
  private readonly index = new Map<string, number>();

  of(name: string): number {
    let id = this.index.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.counts.push(0);
      this.index.set(name, id);
    }
    return id;
  }

  find(name: string): number | undefined {
    return this.index.get(name);
  }

  /** `{name: count}` in order of first appearance. */
  tally(): Record<string, number> {
    return Object.fromEntries(this.names.map((name, id) => [name, this.counts[id]!]));
  }
}

/** A typed array `size` long holding `array`'s values first. */
export function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}

/** A copy of `array`'s first `count` values (to post to another thread: its buffer holds no more). */
export function head<T extends Float64Array | Int32Array>(array: T, count: number): T {
  return array.slice(0, count) as T;
}

/** A part of a log's columns as plain data, to cross from a worker thread (EventColumns.data, .append). */
export interface ColumnsData {
  readonly count: number;
  readonly types: { readonly names: string[]; readonly counts: number[] };
  readonly levels: { readonly names: string[]; readonly counts: number[] };
  readonly stages: { readonly names: string[]; readonly counts: number[] };
  readonly timeMs: Float64Array;
  readonly type: Int32Array;
  readonly level: Int32Array;
  readonly stage: Int32Array;
  readonly line: Int32Array;
  readonly offset: Float64Array;
  readonly maxElapsed: number | null;
  readonly firstMs: number;
  readonly lastMs: number;
}

export class EventColumns {
  count = 0;
  readonly types = new Names();
  readonly levels = new Names();
  readonly stages = new Names();
  /** Milliseconds (UTC reading of the timestamp; the elapsed clock when there is none). */
  timeMs = new Float64Array(1024);
  type = new Int32Array(1024);
  level = new Int32Array(1024);
  stage = new Int32Array(1024);
  /** 1-based line of the event's first line (0 where the format has none). */
  line = new Int32Array(1024);
  /** Byte offset of the event in its file (readable logs), or its index in a list of parsed events. */
  offset = new Float64Array(1024);
  private maxElapsed: number | null = null;
  /** Earliest and latest timestamps of events without an elapsed clock. */
  private firstMs = Infinity;
  private lastMs = -Infinity;

  /**
   * One event. `elapsed` NaN: none written. `ms` NaN: the timestamp did not read as a time.
   * Ids come from this object's name tables.
   */
  add(ms: number, elapsed: number, level: number, type: number, stage: number, line: number, offset: number): void {
    const i = this.count;
    if (i === this.timeMs.length) this.reserve(i * 2);
    if (elapsed === elapsed) this.maxElapsed = this.maxElapsed === null || elapsed > this.maxElapsed ? elapsed : this.maxElapsed;
    else if (ms === ms) {
      if (ms < this.firstMs) this.firstMs = ms;
      if (ms > this.lastMs) this.lastMs = ms;
    }
    this.timeMs[i] = ms === ms ? ms : elapsed === elapsed ? elapsed * 1000 : 0;
    this.type[i] = type;
    this.level[i] = level;
    this.stage[i] = stage;
    this.line[i] = line;
    this.offset[i] = offset;
    this.types.counts[type]!++;
    this.levels.counts[level]!++;
    this.stages.counts[stage]!++;
    this.count = i + 1;
  }

  /** Room for `size` events in every column. */
  private reserve(size: number): void {
    this.timeMs = grow(this.timeMs, size);
    this.type = grow(this.type, size);
    this.level = grow(this.level, size);
    this.stage = grow(this.stage, size);
    this.line = grow(this.line, size);
    this.offset = grow(this.offset, size);
  }

  /** The columns as plain data (cut to `count`), to post to another thread. */
  data(): ColumnsData {
    const { count } = this;
    const names = (table: Names) => ({ names: table.names, counts: table.counts });
    return {
      count,
      types: names(this.types),
      levels: names(this.levels),
      stages: names(this.stages),
      timeMs: head(this.timeMs, count),
      type: head(this.type, count),
      level: head(this.level, count),
      stage: head(this.stage, count),
      line: head(this.line, count),
      offset: head(this.offset, count),
      maxElapsed: this.maxElapsed,
      firstMs: this.firstMs,
      lastMs: this.lastMs,
    };
  }

  /**
   * The events of the part that follows these in the file (indexed apart, on another thread), as
   * if added one by one: its names become this table's ids, its lines count on from `lineOffset`.
   */
  append(part: ColumnsData, lineOffset: number): void {
    const ids = (table: Names, from: ColumnsData['types']) =>
      Int32Array.from(from.names, (name, id) => {
        const mine = table.of(name);
        table.counts[mine]! += from.counts[id]!;
        return mine;
      });
    const types = ids(this.types, part.types);
    const levels = ids(this.levels, part.levels);
    const stages = ids(this.stages, part.stages);
    const start = this.count;
    const size = start + part.count;
    if (size > this.timeMs.length) this.reserve(size);
    this.timeMs.set(part.timeMs, start);
    this.offset.set(part.offset, start);
    for (let k = 0; k < part.count; k++) {
      const i = start + k;
      this.type[i] = types[part.type[k]!]!;
      this.level[i] = levels[part.level[k]!]!;
      this.stage[i] = stages[part.stage[k]!]!;
      this.line[i] = part.line[k]! + lineOffset;
    }
    if (part.maxElapsed !== null) this.maxElapsed = this.maxElapsed === null ? part.maxElapsed : Math.max(this.maxElapsed, part.maxElapsed);
    this.firstMs = Math.min(this.firstMs, part.firstMs);
    this.lastMs = Math.max(this.lastMs, part.lastMs);
    this.count = size;
  }

  /** An event already parsed (JSON trackers); `offset` is its index in the caller's list. */
  addEvent(event: AgentEvent, offset: number): void {
    this.add(
      timestampMs(event.timestamp) ?? Number.NaN,
      event.elapsed ?? Number.NaN,
      this.levels.of(event.level),
      this.types.of(event.type),
      this.stages.of(event.stage ?? NO_STAGE),
      event.line,
      offset,
    );
  }

  /** The seed tracker's `get_summary`: counts by type and level, and the duration. */
  summary(source: string, warnings: readonly string[]): EventSummary {
    const span = this.lastMs >= this.firstMs ? (this.lastMs - this.firstMs) / 1000 : 0;
    return {
      source,
      total_events: this.count,
      events_by_type: this.types.tally(),
      events_by_level: this.levels.tally(),
      total_duration: this.maxElapsed ?? span,
      warnings,
    };
  }
}
