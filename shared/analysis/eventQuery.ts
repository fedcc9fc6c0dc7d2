/**
 * Questions the timeline asks of a (possibly million-event) log, answered in the core so that
 * the UI never holds every event (or, in a bundle, in the page over the events it holds): what
 * is in this time window at this many pixel columns, which rows of the filtered table, where is
 * the next error. Built incrementally as the log grows.
 */
import { LLM_COST_TYPES, LlmLedger, readLlm, type LlmRead } from './llmCost';
import { SPAN_KINDS, spanEdge, spanKey, type SpanKey, SpanMatcher } from './spans';
import type { PayloadReads } from './payloadReads';
import type { CallValue, CheckedArgs, EventFilters, EventOverview, EventWindow } from '../contract';
import { type AgentEvent, type CostFigures, type EventRangeFigures, type EventSummary, type LogCost, type EventSpan, withPayloadCut } from '../model/events';
import { timestampMs } from '../parse/trackerLog';
import { EventColumns, grow, NO_STAGE, type Names } from './eventColumns';

/**
 * What a query reads of a log: the core's EventLogReader (main/events/eventLog.ts), which reads
 * payloads from the file when asked, or a bundle's events in the page (renderer/lib/bundle.ts).
 */
export interface EventSource {
  readonly columns: EventColumns;
  /** Events `from`–`to` as written (their text, and the event where it is already made); `wanted` skips the others. */
  scanText(from: number, to: number, visit: (i: number, text: string, event: AgentEvent | null) => void, wanted?: (i: number) => boolean): void;
  /** Where the payload starts in a text from scanText. */
  payloadStart(text: string): number;
  /** What was read of the payloads where the log was indexed, when it was (PayloadReads); taken once. */
  payloadReads?(): PayloadReads | null;
  summary(): EventSummary;
  event(i: number): AgentEvent | null;
}

/** The timeline's calls a log's query answers: every `events.*` but the cost (the core adds a run's usage files to it). */
export type QueryCallName =
  | 'events.overview'
  | 'events.window'
  | 'events.rows'
  | 'events.position'
  | 'events.nextError'
  | 'events.locate'
  | 'events.atLine'
  | 'events.get'
  | 'events.span'
  | 'events.range';

/** Each of them as the question it asks of the query: the core and a bundle's page answer them alike. */
const QUERY_CALLS: { readonly [K in QueryCallName]: (query: EventQuery, args: CheckedArgs<K>) => CallValue<K> } = {
  'events.overview': (query) => query.overview(),
  'events.window': (query, { dir: _dir, ...args }) => query.window(args),
  'events.rows': (query, { filters, offset, limit }) => query.rows(filters, offset, limit),
  'events.position': (query, { filters, seq }) => query.position(filters, seq),
  'events.nextError': (query, { filters, seq, direction }) => query.nextError(filters, seq, direction),
  'events.locate': (query, { timestamp, type }) => query.locate(timestamp, type),
  'events.atLine': (query, { line }) => query.atLine(line),
  'events.get': (query, { seq }) => query.get(seq),
  'events.span': (query, { seq }) => query.span(seq),
  'events.range': (query, { startMs, endMs, filters }) => query.range(startMs, endMs, filters),
};

export function isQueryCall(name: string): name is QueryCallName {
  return Object.hasOwn(QUERY_CALLS, name);
}

/** Answers one of the timeline's calls; a text filter first reads every payload (in slices: other calls go on meanwhile). */
export async function askQuery<K extends QueryCallName>(query: EventQuery, name: K, args: CheckedArgs<K>): Promise<CallValue<K>> {
  const { filters } = args as { filters?: EventFilters };
  if (filters?.text) await query.prepare(filters);
  return (QUERY_CALLS[name] as (query: EventQuery, args: CheckedArgs<K>) => CallValue<K>)(query, args);
}

const LEVEL_CODE: Readonly<Record<string, number>> = { ERROR: 2, WARNING: 1 };
const MAX_SPANS = 20_000;
/** Events a text filter reads between two turns of the event loop. */
const TEXT_SLICE = 50_000;
/** Payload characters a table row carries (it shows one line of it). */
export const ROW_PAYLOAD_CHARS = 1000;
/** Payload characters one event carries to the detail pane; the rest is said, not sent. */
export const EVENT_PAYLOAD_CHARS = 1024 * 1024;

export class EventQuery {
  private columns: EventColumns = new EventColumns();
  private count = 0;
  private spans = new SpanMatcher();
  /** The LLM calls' tokens and time as each tracker writes them (shared/analysis/llmCost.ts). */
  private ledger = new LlmLedger();
  /** The tokens each event logged, by event index (NaN: none; for a range's sum). A column, not a map: a million events. */
  private tokensAt = new Float64Array(0);
  /** The span each event starts, by event index: its index in the matcher's spans plus one (0: none). */
  private spanAt = new Int32Array(0);
  /** Per type id: are its payloads read (it starts or ends a span, or tells of an LLM call); its span edge; is it an LLM call's. */
  private isReadType: boolean[] = [];
  private edgeOf: Array<ReturnType<typeof spanEdge>> = [];
  private isLlm: boolean[] = [];
  /** Event indexes in time order (logs are nearly sorted; re-sorted only when one is not). */
  private order: number[] = [];
  private isOrdered = true;
  private filtered = new Map<string, Int32Array>();
  /** Which events hold a text, by lower-cased text: the payloads are read once per text. */
  private textHits = new Map<string, Uint8Array>();
  /** Overview strips by columns and filters: they do not depend on the window. */
  private overviews = new Map<string, EventWindow['overview']>();

  constructor(private readonly reader: EventSource) {}

  /** Catches up with the reader: appended events are added, a new source starts over. */
  private sync(): void {
    const columns = this.reader.columns;
    if (columns !== this.columns || columns.count < this.count) {
      this.columns = columns;
      this.count = 0;
      this.spans = new SpanMatcher();
      this.ledger = new LlmLedger();
      this.tokensAt = new Float64Array(0);
      this.spanAt = new Int32Array(0);
      this.isReadType = [];
      this.edgeOf = [];
      this.isLlm = [];
      this.order = [];
      this.isOrdered = true;
    }
    const count = columns.count;
    if (count === this.count) return;
    if (count > this.tokensAt.length) {
      // Grown with room to spare, as a live log appends.
      const size = Math.max(count, this.tokensAt.length * 2, 1024);
      this.tokensAt = grow(this.tokensAt, size).fill(Number.NaN, this.tokensAt.length);
      this.spanAt = grow(this.spanAt, size);
    }
    const times = columns.timeMs;
    for (let i = this.count; i < count; i++) {
      if (this.order.length > 0 && times[i]! < times[this.order[this.order.length - 1]!]!) this.isOrdered = false;
      this.order.push(i);
    }
    const names = columns.types.names;
    for (let id = this.isReadType.length; id < names.length; id++) {
      const edge = spanEdge(names[id]!);
      const isLlm = Object.hasOwn(LLM_COST_TYPES, names[id]!);
      this.edgeOf.push(edge);
      this.isLlm.push(isLlm);
      this.isReadType.push(edge !== null || isLlm);
    }
    const stages = columns.stages.names;
    // Read where the log was indexed (a big final JSON, on every core), the rest from the file now.
    const reads = this.reader.payloadReads?.() ?? null;
    const read = reads ? Math.min(count, Math.max(this.count, reads.count)) : this.count;
    for (let i = this.count; i < read; i++) {
      const typeId = columns.type[i]!;
      if (!this.isReadType[typeId]) continue;
      const stage = stages[columns.stage[i]!]!;
      this.addRead(i, i, typeId, stage === NO_STAGE ? null : stage, reads!.spanKey(i), this.isLlm[typeId] ? reads!.llm(i) : null);
    }
    reads?.release();
    this.reader.scanText(
      read,
      count,
      (i, text, event) => {
        const stage = stages[columns.stage[i]!]!;
        const typeId = columns.type[i]!;
        const type = names[typeId]!;
        const own = event?.stage ?? (stage === NO_STAGE ? null : stage);
        const edge = this.edgeOf[typeId];
        const key = edge && event?.category !== 'logger' ? spanKey(edge.kind, event ?? { seq: i, type, stage: own, task: null, rawData: text }) : null;
        this.addRead(i, event?.seq ?? i, typeId, own, key, this.isLlm[typeId] ? readLlm(type, text, own) : null);
      },
      (i) => this.isReadType[columns.type[i]!]!,
    );
    if (!this.isOrdered) {
      this.order.sort((a, b) => times[a]! - times[b]! || a - b);
      this.isOrdered = true;
    }
    this.count = count;
    this.filtered.clear();
    this.textHits.clear();
    this.overviews.clear();
  }

  /** Event `i` (`seq`, its type's id, its own stage) into the spans and the ledger, with what was read of its payload. */
  private addRead(i: number, seq: number, typeId: number, stage: string | null, key: SpanKey | null, llm: LlmRead | null): void {
    const edge = key ? this.edgeOf[typeId] : null;
    const { spans } = this.spans;
    const at = edge && key ? this.spans.addKeyed(edge, key, seq, this.columns.timeMs[i]!) : -1;
    if (at >= 0 && spans.startSeq[at] === i) this.spanAt[i] = at + 1;
    if (llm) {
      // The call it ends: its label and stage (not the whole span made).
      const call = at >= 0 ? { label: spans.names[spans.label[at]!]!, stage: spans.names[spans.stage[at]!]! } : null;
      this.ledger.addRead(this.columns.types.names[typeId]!, llm, stage, call);
      if (llm.tokens !== null) this.tokensAt[i] = llm.tokens;
    }
  }

  /**
   * Where the log's time and tokens went: spans by kind, LLM calls, errors, tokens and time, code
   * runs' time, by stage and by model. A figure the log does not hold is null, not 0.
   */
  cost(): LogCost {
    this.sync();
    const spans = this.spans.spans;
    const byKind = { stage: 0, llm_call: 0, task: 0, code_exec: 0 };
    // Code runs' time, in all and by stage; null where none ended.
    const codeByStage = new Map<string, number>();
    let codeMs = 0;
    let codeRuns = 0;
    let running = 0;
    for (let i = 0; i < spans.count; i++) {
      const kind = SPAN_KINDS[spans.kind[i]!]!;
      byKind[kind]++;
      if (spans.isOpen(i)) running++;
      else if (kind === 'code_exec') {
        const ms = spans.endMs[i]! - spans.startMs[i]!;
        const stage = spans.names[spans.stage[i]!]!;
        codeByStage.set(stage, (codeByStage.get(stage) ?? 0) + ms);
        codeMs += ms;
        codeRuns++;
      }
    }
    const { llm, byModel, byStage: llmByStage } = this.ledger.figures(spans.all('llm_call'));
    const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms * 1000) / 1e6);
    const byStage: Record<string, CostFigures & { codeSeconds: number | null }> = {};
    for (const stage of new Set([...llmByStage.keys(), ...codeByStage.keys()]))
      byStage[stage] = { ...(llmByStage.get(stage) ?? { calls: 0, errors: 0, tokens: null, seconds: null }), codeSeconds: seconds(codeByStage.get(stage)) };
    return {
      spans: { total: spans.count, running, byKind },
      llm,
      codeSeconds: codeRuns === 0 ? null : seconds(codeMs),
      byStage,
      byModel: Object.fromEntries(byModel),
    };
  }

  /** The span an event starts, with where it ends; null when it starts none. */
  span(seq: number): EventSpan | null {
    this.sync();
    const at = Number.isInteger(seq) && seq >= 0 && seq < this.spanAt.length ? this.spanAt[seq]! : 0;
    const span = at > 0 ? this.spans.spans.at(at - 1) : undefined;
    // To the microsecond, the finest a tracker writes (epoch milliseconds in a double keep no more).
    return span ? { ...span, durationMs: span.endMs === null ? null : Math.round((span.endMs - span.startMs) * 1000) / 1000 } : null;
  }

  /**
   * What a stretch of time holds (the ruler's selection): events and errors in it (filtered),
   * LLM calls that overlap it and their time inside it, and the tokens logged in it.
   */
  range(startMs: number, endMs: number, filters: EventFilters): EventRangeFigures {
    this.sync();
    const times = this.columns.timeMs;
    const test = this.matches(filters);
    const levels = this.levelCodes();
    let events = 0;
    let errors = 0;
    let tokens: number | null = null;
    // The events in time order: from the first at or after startMs to the last at or before endMs.
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[this.order[mid]!]! < startMs) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.order.length && times[this.order[k]!]! <= endMs; k++) {
      const i = this.order[k]!;
      const held = this.tokensAt[i]!;
      if (held === held) tokens = (tokens ?? 0) + held;
      if (!test(i)) continue;
      events++;
      if (levels[this.columns.level[i]!] === 2) errors++;
    }
    let llmCalls = 0;
    let llmMs = 0;
    const spans = this.spans.spans;
    const llmCall = SPAN_KINDS.indexOf('llm_call');
    for (let s = 0; s < spans.count; s++) {
      const spanStart = spans.startMs[s]!;
      const spanEnd = spans.isOpen(s) ? null : spans.endMs[s]!;
      if (spans.kind[s] !== llmCall || spanStart > endMs || (spanEnd !== null && spanEnd < startMs)) continue;
      llmCalls++;
      llmMs += Math.max(0, Math.min(spanEnd ?? endMs, endMs) - Math.max(spanStart, startMs));
    }
    return { events, errors, llmCalls, llmSeconds: llmCalls === 0 ? null : Math.round(llmMs * 1000) / 1e6, tokens };
  }

  private levelCodes(): number[] {
    return this.columns.levels.names.map((name) => LEVEL_CODE[name] ?? 0);
  }

  /** A test of the filters on event indexes; ids are compared, payloads read once per text. */
  private matches(filters: EventFilters): (i: number) => boolean {
    const { columns } = this;
    const id = (names: Names, name: string | undefined) => (name ? (names.find(name) ?? -2) : -1);
    const type = id(columns.types, filters.type);
    const level = id(columns.levels, filters.level);
    const stage = id(columns.stages, filters.stage);
    const hits = filters.text ? this.textMatches(filters.text.toLowerCase()) : null;
    return (i) =>
      (type === -1 || columns.type[i] === type) &&
      (level === -1 || columns.level[i] === level) &&
      (stage === -1 || columns.stage[i] === stage) &&
      (hits === null || hits[i] === 1);
  }

  private textMatches(text: string): Uint8Array {
    let hits = this.textHits.get(text);
    if (!hits) {
      hits = new Uint8Array(this.count);
      this.findText(text, hits, 0, this.count);
      this.keepTextHits(text, hits);
    }
    return hits;
  }

  /**
   * Finds a text filter's events ahead of the call that needs them, a slice at a time with a turn
   * of the event loop between (the core answers other calls meanwhile): over a 1M-event log the
   * search takes about a second. The log growing meanwhile leaves it to the call itself.
   */
  async prepare(filters: EventFilters): Promise<void> {
    this.sync();
    const text = filters.text?.toLowerCase();
    if (!text || this.textHits.has(text)) return;
    const count = this.count;
    const hits = new Uint8Array(count);
    for (let from = 0; from < count; from += TEXT_SLICE) {
      if (from > 0) {
        await new Promise((resolve) => setTimeout(resolve, 0)); // a turn of the event loop, in Node and in a page alike
        this.sync();
        if (this.count !== count) return;
      }
      this.findText(text, hits, from, Math.min(count, from + TEXT_SLICE));
    }
    this.keepTextHits(text, hits);
  }

  /** Marks in `found` the events `from`–`to` whose type or payload holds `text` (lower case). */
  private findText(text: string, found: Uint8Array, from: number, to: number): void {
    const { columns } = this;
    const typeHits = columns.types.names.map((name) => name.toLowerCase().includes(text));
    this.reader.scanText(from, to, (i, raw, event) => {
      if (typeHits[columns.type[i]!]) found[i] = 1;
      else if (event) found[i] = event.rawData.toLowerCase().includes(text) ? 1 : 0;
      else {
        // A readable log's lines, header included (the payload follows `type: `), or a final JSON's object (from its `data`).
        const at = this.reader.payloadStart(raw);
        found[i] = at >= 0 && raw.slice(at).toLowerCase().includes(text) ? 1 : 0;
      }
    });
  }

  private keepTextHits(text: string, hits: Uint8Array): void {
    if (this.textHits.size > 4) this.textHits.clear();
    this.textHits.set(text, hits);
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
    const summary = this.reader.summary();
    return {
      source: summary.source,
      total: this.count,
      startMs: first === undefined ? 0 : this.columns.timeMs[first]!,
      endMs: last === undefined ? 0 : this.columns.timeMs[last]!,
      types: this.columns.types.tally(),
      stages: this.columns.stages.tally(),
      levels: summary.events_by_level,
      spans: this.spans.spans.count,
      runningSpans: this.spans.spans.running,
    };
  }

  /**
   * What to draw between two times at `columns` pixels: per lane and pixel column at most one mark
   * (the most severe event there), spans (merged per column when too many), and an overview strip
   * of the whole log at the same resolution.
   */
  window(args: {
    startMs: number;
    endMs: number;
    columns: number;
    laneMode: 'stage' | 'type';
    filters: EventFilters;
    laneStart?: number | undefined;
    laneCount?: number | undefined;
  }): EventWindow {
    this.sync();
    const columns = Math.max(1, Math.min(args.columns, 8192));
    const { startMs, endMs } = args;
    const span = Math.max(endMs - startMs, 1e-6);
    const { timeMs: times, level: levelOf } = this.columns;
    const laneOf = args.laneMode === 'stage' ? this.columns.stage : this.columns.type;
    const lanes = args.laneMode === 'stage' ? this.columns.stages.names : this.columns.types.names;
    const levelCode = this.levelCodes();
    const test = this.isUnfiltered(args.filters) ? null : this.matches(args.filters);
    const laneStart = args.laneStart ?? 0;
    const laneEnd = laneStart + (args.laneCount ?? lanes.length);
    const marks = new Map<number, { level: number; seq: number }>();
    const firstInWindow = this.lowerBound(startMs);
    for (let k = firstInWindow; k < this.order.length; k++) {
      const i = this.order[k]!;
      const ms = times[i]!;
      if (ms > endMs) break;
      const lane = laneOf[i]!;
      if (lane < laneStart || lane >= laneEnd || (test && !test(i))) continue;
      const col = Math.min(columns - 1, Math.floor(((ms - startMs) / span) * columns));
      const key = lane * 8192 + col;
      const level = levelCode[levelOf[i]!]!;
      const seen = marks.get(key);
      if (!seen || level > seen.level) marks.set(key, { level, seq: i });
    }
    const markList: number[] = [];
    for (const [key, { level, seq }] of marks) markList.push(Math.floor(key / 8192), key % 8192, level, seq);

    const spans: number[] = [];
    const seenSpan = new Set<number>();
    const all = this.spans.spans;
    const lastMs = times[this.order[this.order.length - 1]!]!;
    for (let s = 0; s < all.count; s++) {
      const isOpen = all.isOpen(s);
      const spanStart = all.startMs[s]!;
      const end = isOpen ? lastMs : all.endMs[s]!;
      const startSeq = all.startSeq[s]!;
      const lane = laneOf[startSeq]!;
      if (end < startMs || spanStart > endMs || lane < laneStart || lane >= laneEnd || (test && !test(startSeq))) continue;
      const x0 = Math.max(0, Math.floor(((spanStart - startMs) / span) * columns));
      const x1 = Math.min(columns, Math.ceil(((end - startMs) / span) * columns));
      // Many spans in one pixel column of one lane are drawn once.
      const key = (lane * 8192 + x0) * 8 + (x1 - x0 > 0 ? 1 : 0);
      if (spans.length / 6 > MAX_SPANS && seenSpan.has(key)) continue;
      seenSpan.add(key);
      spans.push(lane, x0, Math.max(x1, x0 + 1), all.kind[s]!, (isOpen ? 1 : 0) | (all.isFailed[s] === 1 ? 2 : 0), startSeq);
    }

    const overviewKey = `${columns}\u0000${JSON.stringify(args.filters)}`;
    let overview = this.overviews.get(overviewKey);
    if (!overview) {
      const strip = { counts: new Array<number>(columns).fill(0), errors: new Array<number>(columns).fill(0) };
      const first = this.order.length > 0 ? times[this.order[0]!]! : 0;
      const last = this.order.length > 0 ? times[this.order[this.order.length - 1]!]! : 1;
      const whole = Math.max(last - first, 1e-6);
      for (let i = 0; i < this.count; i++) {
        if (test && !test(i)) continue;
        const col = Math.min(columns - 1, Math.floor(((times[i]! - first) / whole) * columns));
        strip.counts[col]!++;
        if (levelCode[levelOf[i]!] === 2) strip.errors[col]!++;
      }
      if (this.overviews.size > 8) this.overviews.clear();
      this.overviews.set(overviewKey, (overview = strip));
    }
    return { lanes, marks: markList, spans, overview };
  }

  /** Table rows: each payload cut to ROW_PAYLOAD_CHARS (the table shows a line of it; `get` gives more). */
  rows(filters: EventFilters, offset: number, limit: number): { total: number; events: AgentEvent[] } {
    this.sync();
    const rows = this.rowsOf(filters);
    const events: AgentEvent[] = [];
    for (let k = Math.max(0, offset); k < Math.min(rows.length, offset + limit); k++) {
      const event = this.reader.event(rows[k]!);
      if (event) events.push(withPayloadCut(event, ROW_PAYLOAD_CHARS));
    }
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
    const levelCode = this.levelCodes();
    const isError = (i: number) => levelCode[this.columns.level[i]!] === 2;
    if (direction === 1) {
      for (const i of rows) if (i > seq && isError(i)) return i;
    } else {
      for (let k = rows.length - 1; k >= 0; k--) if (rows[k]! < seq && isError(rows[k]!)) return rows[k]!;
    }
    return null;
  }

  /** The event with a given timestamp and type (links from the autopsy). */
  locate(timestamp: string, type: string): number | null {
    this.sync();
    const { columns } = this;
    const typeId = columns.types.find(type);
    const ms = timestampMs(timestamp);
    if (typeId === undefined) return null;
    for (let i = 0; i < this.count; i++) {
      if (columns.type[i] !== typeId || (ms !== null && columns.timeMs[i] !== ms)) continue;
      if (this.reader.event(i)?.timestamp === timestamp) return i;
    }
    return null;
  }

  /** The event written at a 1-based line of the source file: the last that starts at or before it; null when the format numbers no lines. */
  atLine(line: number): number | null {
    this.sync();
    const lines = this.columns.line;
    // Events are numbered in file order, so their lines never go down: a binary search.
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (lines[middle]! <= line) low = middle + 1;
      else high = middle;
    }
    const found = low - 1;
    return found >= 0 && lines[found]! > 0 ? found : null;
  }

  /** One event, its payload cut at EVENT_PAYLOAD_CHARS (one answer never carries a 100 MB payload). */
  get(seq: number): AgentEvent | null {
    this.sync();
    const event = this.reader.event(seq);
    return event && withPayloadCut(event, EVENT_PAYLOAD_CHARS);
  }

  private isUnfiltered(filters: EventFilters): boolean {
    return !filters.type && !filters.level && !filters.stage && !filters.text;
  }

  private lowerBound(ms: number): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.columns.timeMs[this.order[mid]!]! < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
