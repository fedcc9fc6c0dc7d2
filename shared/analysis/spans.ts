/**
 * Stages, LLM calls, tasks and code runs as spans on the timeline: each `*_start` is matched with
 * the `*_end` (or `*_error`, which ends it as failed) the tracker writes for it (SpanMatcher says
 * how). A start that never ends is a running span. v2's flat logger records (`{"type":
 * "stage_start", …, "experiment_id"}`, ended by `stage_complete`) repeat the tracker's own stage
 * events a moment later (FORMATS.md §2.2): they make no span of their own.
 */
import type { AgentEvent } from '../model/events';
import { stringField } from '../parse/payloadField';
import { timestampMs } from '../parse/trackerLog';
import { grow } from './eventColumns';

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
  /** The stage its start names ('' when none). */
  readonly stage: string;
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

/** What span matching reads of an event: its payload as written, and stage and task where the format gives them. */
export type SpanEvent = Pick<AgentEvent, 'seq' | 'type' | 'stage' | 'task' | 'rawData'> & Partial<Pick<AgentEvent, 'category'>>;

/** The key that pairs a start with its end, and the stage it belongs to (its label: spanLabel). */
export interface SpanKey {
  readonly key: string;
  readonly stage: string;
}

/** What pairs an event's span: the stage's name, the task, the call's model, the run's script ('' when none), as written. */
export function spanKey(kind: SpanKind, event: SpanEvent): SpanKey {
  const stage = event.stage ?? stringField(event.rawData, 'stage') ?? stringField(event.rawData, 'stage_name') ?? '';
  switch (kind) {
    case 'stage':
      return { key: stage, stage };
    case 'task':
      return { key: event.task ?? stringField(event.rawData, 'task') ?? stringField(event.rawData, 'task_id') ?? '', stage };
    case 'llm_call':
      return { key: stringField(event.rawData, 'model') ?? '', stage };
    case 'code_exec':
      return { key: stringField(event.rawData, 'script') ?? '', stage };
  }
}

/** A span's label to show, from its key. */
function spanLabel(kind: SpanKind, key: string): string {
  switch (kind) {
    case 'stage':
      return key || 'stage';
    case 'task':
      return key ? `task ${key}` : 'task';
    case 'llm_call':
      return key || 'LLM call';
    case 'code_exec':
      return key || 'code run';
  }
}

/**
 * Open starts in order of arrival (span indices). Closed ones are skipped when met, not removed:
 * one start sits in three lists (by key, by stage, by kind) and is closed through any of them.
 */
interface OpenList {
  items: number[];
  head: number;
}

/**
 * Matches spans event by event, so that a live log costs work only for what it appends. A stage or
 * a task ends the latest open one of its name (they nest; one that names none ends the latest of
 * its kind). An LLM call or a code run ends, in this order: the oldest open one of its model or
 * script (they overlap); else, as the tracker writes them, the oldest open one of its kind in its
 * stage (`code_exec_end` and `code_exec_error` carry no script); else the oldest of its kind. An
 * error ends its span as failed; a start that nothing ends is running.
 */
/** A kind's open starts: by the key that pairs them, by stage, and all of them. */
interface KindLists {
  readonly byKey: Map<string, OpenList>;
  readonly byStage: Map<string, OpenList>;
  readonly all: OpenList;
}

export const SPAN_KINDS: readonly SpanKind[] = ['stage', 'llm_call', 'task', 'code_exec'];

/**
 * The spans in columns, one row per start in the order they started (a 1M-event log has ~500k:
 * as objects they were most of what the process held). `at` makes one a Span when asked.
 */
export class SpanColumns {
  count = 0;
  /** Index in SPAN_KINDS. */
  kind = new Uint8Array(1024);
  startSeq = new Int32Array(1024);
  /** -1 while it is still running. */
  endSeq = new Int32Array(1024);
  startMs = new Float64Array(1024);
  /** NaN while it is still running. */
  endMs = new Float64Array(1024);
  isFailed = new Uint8Array(1024);
  /** Index in `names` of its label and of its stage. */
  label = new Int32Array(1024);
  stage = new Int32Array(1024);
  readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();

  push(kind: SpanKind, label: string, stage: string, startSeq: number, startMs: number): number {
    const i = this.count++;
    if (i === this.kind.length) {
      const size = i * 2;
      this.kind = grow(this.kind, size);
      this.startSeq = grow(this.startSeq, size);
      this.endSeq = grow(this.endSeq, size);
      this.startMs = grow(this.startMs, size);
      this.endMs = grow(this.endMs, size);
      this.isFailed = grow(this.isFailed, size);
      this.label = grow(this.label, size);
      this.stage = grow(this.stage, size);
    }
    this.kind[i] = SPAN_KINDS.indexOf(kind);
    this.startSeq[i] = startSeq;
    this.endSeq[i] = -1;
    this.startMs[i] = startMs;
    this.endMs[i] = Number.NaN;
    this.isFailed[i] = 0;
    this.label[i] = this.nameId(label);
    this.stage[i] = this.nameId(stage);
    return i;
  }

  isOpen(i: number): boolean {
    return this.endSeq[i] === -1;
  }

  at(i: number): Span {
    const open = this.isOpen(i);
    return {
      kind: SPAN_KINDS[this.kind[i]!]!,
      label: this.names[this.label[i]!]!,
      startSeq: this.startSeq[i]!,
      endSeq: open ? null : this.endSeq[i]!,
      startMs: this.startMs[i]!,
      endMs: open ? null : this.endMs[i]!,
      isFailed: this.isFailed[i] === 1,
      stage: this.names[this.stage[i]!]!,
    };
  }

  /** Every span (of a kind), made one at a time (none is kept). */
  *all(kind?: SpanKind): Generator<Span> {
    const code = kind === undefined ? -1 : SPAN_KINDS.indexOf(kind);
    for (let i = 0; i < this.count; i++) if (code === -1 || this.kind[i] === code) yield this.at(i);
  }

  /** How many are still running. */
  get running(): number {
    let open = 0;
    for (let i = 0; i < this.count; i++) if (this.endSeq[i] === -1) open++;
    return open;
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) this.nameIds.set(name, (id = this.names.push(name) - 1));
    return id;
  }
}

export class SpanMatcher {
  readonly spans = new SpanColumns();
  private readonly open = new Map<SpanKind, KindLists>();

  /**
   * `ms`: the event's time (the index has it; otherwise its timestamp is read). Returns the span
   * the event started or ended (an end names its span's stage and model where it names none
   * itself), as its row in `spans`; -1 when it starts or ends none.
   */
  add(event: SpanEvent & Partial<Pick<AgentEvent, 'timestamp'>>, ms = timestampMs(event.timestamp ?? '') ?? 0): number {
    const edge = spanEdge(event.type);
    if (!edge || event.category === 'logger') return -1;
    return this.addKeyed(edge, spanKey(edge.kind, event), event.seq, ms);
  }

  /** `add` with the event's edge and key read already (where the log is indexed: PayloadReads). */
  addKeyed(edge: { kind: SpanKind; edge: 'start' | 'end' | 'error' }, { key, stage }: SpanKey, seq: number, ms: number): number {
    let lists = this.open.get(edge.kind);
    if (!lists) this.open.set(edge.kind, (lists = { byKey: new Map(), byStage: new Map(), all: { items: [], head: 0 } }));
    const { spans } = this;
    if (edge.edge === 'start') {
      const index = spans.push(edge.kind, spanLabel(edge.kind, key), stage, seq, ms);
      listIn(lists.byKey, key).items.push(index);
      listIn(lists.byStage, stage).items.push(index);
      lists.all.items.push(index);
      return index;
    }
    const isNested = edge.kind === 'stage' || edge.kind === 'task';
    // A stage or task names what ends (an end of another name ends nothing); one that names none ends the latest.
    const index = isNested
      ? (this.take(lists.byKey.get(key), true) ?? (key === '' ? this.take(lists.all, true) : undefined))
      : (this.take(lists.byKey.get(key), false) ?? (stage === '' ? undefined : this.take(lists.byStage.get(stage), false)) ?? this.take(lists.all, false));
    if (index === undefined) return -1; // an end without a start: shown as a tick, not a span
    spans.endSeq[index] = seq;
    spans.endMs[index] = Math.max(ms, spans.startMs[index]!);
    spans.isFailed[index] = edge.edge === 'error' ? 1 : 0;
    return index;
  }

  /** The latest (`isLatest`) or the oldest start of a list that is still open. */
  private take(list: OpenList | undefined, isLatest: boolean): number | undefined {
    if (!list) return undefined;
    let found: number | undefined;
    if (isLatest) {
      while (found === undefined && list.items.length > list.head) {
        const index = list.items.pop()!;
        if (this.spans.isOpen(index)) found = index;
      }
    } else {
      while (found === undefined && list.head < list.items.length) {
        const index = list.items[list.head++]!;
        if (this.spans.isOpen(index)) found = index;
      }
    }
    if (list.head > 1024 && list.head * 2 > list.items.length) {
      list.items = list.items.slice(list.head);
      list.head = 0;
    }
    return found;
  }
}

function listIn(lists: Map<string, OpenList>, name: string): OpenList {
  let list = lists.get(name);
  if (!list) lists.set(name, (list = { items: [], head: 0 }));
  return list;
}

export function matchSpans(events: readonly AgentEvent[]): Span[] {
  const matcher = new SpanMatcher();
  for (const event of events) matcher.add(event);
  return [...matcher.spans.all()];
}
