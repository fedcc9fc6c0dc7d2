/**
 * Stages, LLM calls, tasks and code runs as spans on the timeline: each `*_start` is matched with
 * the `*_end` (or `*_error`, which ends it as failed) of the same kind and key. A stage or task is
 * keyed by its name (the latest open one closes first); LLM calls by model and code runs by
 * script, first in first out (calls overlap; ends often omit the stage). A start that never ends
 * is a running span.
 */
import type { AgentEvent } from '../model/events';
import { timestampMs } from '../parse/trackerLog';

export type SpanKind = 'stage' | 'llm_call' | 'task' | 'code_exec';

export interface Span {
  readonly kind: SpanKind;
  readonly label: string;
  readonly startSeq: number;
  /** Null while it is still running (no end seen). */
  readonly endSeq: number | null;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly isFailed: boolean;
}

const KIND_BY_PREFIX: ReadonlyArray<readonly [string, SpanKind]> = [
  ['stage', 'stage'],
  ['llm_call', 'llm_call'],
  ['task', 'task'],
  ['code_exec', 'code_exec'],
];

const EDGES = new Map<string, { kind: SpanKind; edge: 'start' | 'end' | 'error' }>(
  KIND_BY_PREFIX.flatMap(([prefix, kind]) => (['start', 'end', 'error'] as const).map((edge) => [`${prefix}_${edge}`, { kind, edge }] as const)),
);

/** `stage_start` → [stage, start]; `llm_call_error` → [llm_call, error]; anything else → null. */
export function spanEdge(type: string): { kind: SpanKind; edge: 'start' | 'end' | 'error' } | null {
  return EDGES.get(type) ?? null;
}

const FIELD_PATTERNS = new Map<string, RegExp>();

/** `'key': 'value'` (or with double quotes) anywhere in a payload as written. */
function field(raw: string, key: string): string | null {
  let pattern = FIELD_PATTERNS.get(key);
  if (!pattern) FIELD_PATTERNS.set(key, (pattern = new RegExp(`['"]${key}['"]\\s*:\\s*['"]([^'"]*)['"]`)));
  const match = pattern.exec(raw);
  return match ? match[1]! : null;
}

/** What span matching reads of an event: its payload as written, and stage and task where the format gives them. */
export type SpanEvent = Pick<AgentEvent, 'seq' | 'type' | 'stage' | 'task' | 'rawData'>;

/** The key that pairs a start with its end, and a label to show. */
export function spanKey(kind: SpanKind, event: SpanEvent): { key: string; label: string } {
  const stage = event.stage ?? field(event.rawData, 'stage') ?? field(event.rawData, 'stage_name') ?? '';
  switch (kind) {
    case 'stage':
      return { key: stage, label: stage || 'stage' };
    case 'task': {
      const task = event.task ?? field(event.rawData, 'task') ?? field(event.rawData, 'task_id') ?? '';
      return { key: task, label: task ? `task ${task}` : 'task' };
    }
    case 'llm_call': {
      const model = field(event.rawData, 'model') ?? '';
      return { key: model, label: model || 'LLM call' };
    }
    case 'code_exec': {
      const script = field(event.rawData, 'script') ?? '';
      return { key: script, label: script || 'code run' };
    }
  }
}

type MutableSpan = { -readonly [K in keyof Span]: Span[K] };

/** Open starts of one kind and key: a queue (FIFO) or a stack (LIFO), without O(n) shifts. */
interface OpenList {
  items: number[];
  head: number;
}

/** Matches spans event by event, so that a live log costs work only for what it appends. */
export class SpanMatcher {
  readonly spans: MutableSpan[] = [];
  private readonly open = new Map<string, OpenList>();

  /** `ms`: the event's time (the index has it; otherwise its timestamp is read). */
  add(event: SpanEvent & Partial<Pick<AgentEvent, 'timestamp'>>, ms = timestampMs(event.timestamp ?? '') ?? 0): void {
    const edge = spanEdge(event.type);
    if (!edge) return;
    const { key, label } = spanKey(edge.kind, event);
    const queueKey = `${edge.kind}\u0000${key}`;
    let list = this.open.get(queueKey);
    if (edge.edge === 'start') {
      this.spans.push({ kind: edge.kind, label, startSeq: event.seq, endSeq: null, startMs: ms, endMs: null, isFailed: false });
      if (!list) this.open.set(queueKey, (list = { items: [], head: 0 }));
      list.items.push(this.spans.length - 1);
      return;
    }
    if (!list || list.head >= list.items.length) return; // an end without a start: shown as a tick, not a span
    // Stages and tasks nest: the latest open one ends; calls and runs overlap: the oldest ends.
    const index = edge.kind === 'stage' || edge.kind === 'task' ? list.items.pop()! : list.items[list.head++]!;
    if (list.head > 1024 && list.head * 2 > list.items.length) {
      list.items = list.items.slice(list.head);
      list.head = 0;
    }
    const span = this.spans[index]!;
    span.endSeq = event.seq;
    span.endMs = Math.max(ms, span.startMs);
    span.isFailed = edge.edge === 'error';
  }
}

export function matchSpans(events: readonly AgentEvent[]): Span[] {
  const matcher = new SpanMatcher();
  for (const event of events) matcher.add(event);
  return matcher.spans;
}
