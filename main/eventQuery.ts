/**
 * Questions the timeline asks of a (possibly million-event) log, answered in the core so that
 * the UI never holds every event: what is in this time window at this many pixel columns, which
 * rows of the filtered table, where is the next error. Built incrementally as the log grows.
 */
import { SpanMatcher } from '../shared/analysis/spans';
import type { EventFilters, EventOverview, EventWindow } from '../shared/contract';
import type { AgentEvent } from '../shared/model/events';
import { timestampMs } from '../shared/parse/trackerLog';
import type { EventLogReader } from './eventLog';

const LEVEL_CODE: Readonly<Record<string, number>> = { ERROR: 2, WARNING: 1 };
const MAX_SPANS = 20_000;

/** Interns strings to small numbers (types, stages). */
class Table {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  of(name: string): number {
    let id = this.index.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.index.set(name, id);
    }
    return id;
  }
}

export class EventQuery {
  private events: readonly AgentEvent[] = [];
  private count = 0;
  private times: number[] = [];
  private types = new Table();
  private stages = new Table();
  private typeOf: number[] = [];
  private stageOf: number[] = [];
  private levelOf: number[] = [];
  private spans = new SpanMatcher();
  /** Event indexes in time order (logs are nearly sorted; re-sorted only when one is not). */
  private order: number[] = [];
  private isOrdered = true;
  private filtered = new Map<string, Int32Array>();
  /** Overview strips by columns and filters: they do not depend on the window. */
  private overviews = new Map<string, EventWindow['overview']>();

  constructor(private readonly reader: EventLogReader) {}

  /** Catches up with the reader: appended events are added, a new source starts over. */
  private sync(): void {
    const events = this.reader.events();
    if (events !== this.events || events.length < this.count) {
      this.events = events;
      this.count = 0;
      this.times = [];
      this.types = new Table();
      this.stages = new Table();
      this.typeOf = [];
      this.stageOf = [];
      this.levelOf = [];
      this.spans = new SpanMatcher();
      this.order = [];
      this.isOrdered = true;
    }
    if (events.length === this.count) return;
    for (let i = this.count; i < events.length; i++) {
      const event = events[i]!;
      const ms = timestampMs(event.timestamp) ?? (event.elapsed ?? 0) * 1000;
      if (this.times.length > 0 && ms < this.times[this.order[this.order.length - 1]!]!) this.isOrdered = false;
      this.times.push(ms);
      this.order.push(i);
      this.typeOf.push(this.types.of(event.type));
      this.stageOf.push(this.stages.of(event.stage ?? '(no stage)'));
      this.levelOf.push(LEVEL_CODE[event.level] ?? 0);
      this.spans.add(event);
    }
    if (!this.isOrdered) {
      this.order.sort((a, b) => this.times[a]! - this.times[b]! || a - b);
      this.isOrdered = true;
    }
    this.count = events.length;
    this.filtered.clear();
    this.overviews.clear();
  }

  private matches(filters: EventFilters): (i: number) => boolean {
    const events = this.events;
    const text = filters.text?.toLowerCase() ?? '';
    return (i) => {
      const event = events[i]!;
      return (
        (!filters.type || event.type === filters.type) &&
        (!filters.level || event.level === filters.level) &&
        (!filters.stage || (event.stage ?? '') === filters.stage) &&
        (!text || event.type.toLowerCase().includes(text) || event.rawData.toLowerCase().includes(text))
      );
    };
  }

  /** The filtered events' indexes, in log order; cached per filter until the log changes. */
  private rowsOf(filters: EventFilters): Int32Array {
    const key = JSON.stringify([filters.type ?? '', filters.level ?? '', filters.stage ?? '', filters.text ?? '']);
    let rows = this.filtered.get(key);
    if (!rows) {
      if (key === '["","","",""]') rows = Int32Array.from({ length: this.count }, (_, i) => i);
      else {
        const test = this.matches(filters);
        const out: number[] = [];
        for (let i = 0; i < this.count; i++) if (test(i)) out.push(i);
        rows = Int32Array.from(out);
      }
      if (this.filtered.size > 16) this.filtered.clear();
      this.filtered.set(key, rows);
    }
    return rows;
  }

  overview(): EventOverview {
    this.sync();
    const first = this.order[0];
    const last = this.order[this.order.length - 1];
    const count = (names: string[], of: number[]) => {
      const counts = new Array<number>(names.length).fill(0);
      for (const id of of) counts[id]!++;
      return Object.fromEntries(names.map((name, i) => [name, counts[i]!]));
    };
    const summary = this.reader.summary();
    return {
      source: summary.source,
      total: this.count,
      startMs: first === undefined ? 0 : this.times[first]!,
      endMs: last === undefined ? 0 : this.times[last]!,
      types: count(this.types.names, this.typeOf),
      stages: count(this.stages.names, this.stageOf),
      levels: summary.events_by_level,
      spans: this.spans.spans.length,
      runningSpans: this.spans.spans.filter((span) => span.endMs === null).length,
    };
  }

  /**
   * What to draw between two times at `columns` pixels: per lane and pixel column at most one mark
   * (the most severe event there), spans (merged per column when too many), and an overview strip
   * of the whole log at the same resolution.
   */
  window(args: { startMs: number; endMs: number; columns: number; laneMode: 'stage' | 'type'; filters: EventFilters; laneStart?: number; laneCount?: number }): EventWindow {
    this.sync();
    const columns = Math.max(1, Math.min(args.columns, 8192));
    const { startMs, endMs } = args;
    const span = Math.max(endMs - startMs, 1e-6);
    const laneOf = args.laneMode === 'stage' ? this.stageOf : this.typeOf;
    const lanes = args.laneMode === 'stage' ? this.stages.names : this.types.names;
    const test = this.isUnfiltered(args.filters) ? null : this.matches(args.filters);
    const laneStart = args.laneStart ?? 0;
    const laneEnd = laneStart + (args.laneCount ?? lanes.length);
    const marks = new Map<number, { level: number; seq: number }>();
    const firstInWindow = this.lowerBound(startMs);
    for (let k = firstInWindow; k < this.order.length; k++) {
      const i = this.order[k]!;
      const ms = this.times[i]!;
      if (ms > endMs) break;
      const lane = laneOf[i]!;
      if (lane < laneStart || lane >= laneEnd || (test && !test(i))) continue;
      const col = Math.min(columns - 1, Math.floor(((ms - startMs) / span) * columns));
      const key = lane * 8192 + col;
      const level = this.levelOf[i]!;
      const seen = marks.get(key);
      if (!seen || level > seen.level) marks.set(key, { level, seq: i });
    }
    const markList: number[] = [];
    for (const [key, { level, seq }] of marks) markList.push(Math.floor(key / 8192), key % 8192, level, seq);

    const spans: number[] = [];
    const kinds = ['stage', 'llm_call', 'task', 'code_exec'] as const;
    const seenSpan = new Set<number>();
    for (const s of this.spans.spans) {
      const end = s.endMs ?? this.times[this.order[this.order.length - 1]!]!;
      const lane = laneOf[s.startSeq]!;
      if (end < startMs || s.startMs > endMs || lane < laneStart || lane >= laneEnd || (test && !test(s.startSeq))) continue;
      const x0 = Math.max(0, Math.floor(((s.startMs - startMs) / span) * columns));
      const x1 = Math.min(columns, Math.ceil(((end - startMs) / span) * columns));
      // Many spans in one pixel column of one lane are drawn once.
      const key = (lane * 8192 + x0) * 8 + (x1 - x0 > 0 ? 1 : 0);
      if (spans.length / 6 > MAX_SPANS && seenSpan.has(key)) continue;
      seenSpan.add(key);
      spans.push(lane, x0, Math.max(x1, x0 + 1), kinds.indexOf(s.kind), (s.endMs === null ? 1 : 0) | (s.isFailed ? 2 : 0), s.startSeq);
    }

    const overviewKey = `${columns}\u0000${JSON.stringify(args.filters)}`;
    let overview = this.overviews.get(overviewKey);
    if (!overview) {
      const strip = { counts: new Array<number>(columns).fill(0), errors: new Array<number>(columns).fill(0) };
      const first = this.times[this.order[0] ?? 0] ?? 0;
      const last = this.times[this.order[this.order.length - 1] ?? 0] ?? 1;
      const whole = Math.max(last - first, 1e-6);
      for (let i = 0; i < this.count; i++) {
        if (test && !test(i)) continue;
        const col = Math.min(columns - 1, Math.floor(((this.times[i]! - first) / whole) * columns));
        strip.counts[col]!++;
        if (this.levelOf[i] === 2) strip.errors[col]!++;
      }
      if (this.overviews.size > 8) this.overviews.clear();
      this.overviews.set(overviewKey, (overview = strip));
    }
    return { lanes, marks: markList, spans, overview };
  }

  rows(filters: EventFilters, offset: number, limit: number): { total: number; events: AgentEvent[] } {
    this.sync();
    const rows = this.rowsOf(filters);
    const events: AgentEvent[] = [];
    for (let k = offset; k < Math.min(rows.length, offset + limit); k++) events.push(this.events[rows[k]!]!);
    return { total: rows.length, events };
  }

  /** The position of an event in the filtered table (-1 when filtered out). */
  position(filters: EventFilters, seq: number): number {
    this.sync();
    const rows = this.rowsOf(filters);
    let low = 0;
    let high = rows.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (rows[mid]! === seq) return mid;
      if (rows[mid]! < seq) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The next (or previous) error among the filtered events, from `seq`. */
  nextError(filters: EventFilters, seq: number, direction: 1 | -1): number | null {
    this.sync();
    const rows = this.rowsOf(filters);
    if (direction === 1) {
      for (const i of rows) if (i > seq && this.levelOf[i] === 2) return i;
    } else {
      for (let k = rows.length - 1; k >= 0; k--) if (rows[k]! < seq && this.levelOf[rows[k]!] === 2) return rows[k]!;
    }
    return null;
  }

  /** The event with a given timestamp and type (links from the autopsy). */
  locate(timestamp: string, type: string): number | null {
    this.sync();
    const index = this.events.findIndex((event) => event.timestamp === timestamp && event.type === type);
    return index < 0 ? null : index;
  }

  get(seq: number): AgentEvent | null {
    this.sync();
    return this.events[seq] ?? null;
  }

  private isUnfiltered(filters: EventFilters): boolean {
    return !filters.type && !filters.level && !filters.stage && !filters.text;
  }

  private lowerBound(ms: number): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.times[this.order[mid]!]! < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
