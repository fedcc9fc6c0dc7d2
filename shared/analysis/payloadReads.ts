/**
 * What span matching (spanKey) and the LLM ledger (readLlm) read of each event's payload as
 * written, read where the log is indexed: a big final JSON is indexed on every core
 * (main/events/logParts.ts), and its payloads are read there, part by part, instead of once more
 * from the file, on one thread, when the timeline or the CLI first asks (EventQuery.sync). The
 * same functions read them either way, so the spans and figures are the same. (A readable log's
 * are not: reading them in its parts cost its index more than it saved the first spans.)
 */
import { type ColumnsData, grow, head, Names, NO_STAGE } from './eventColumns';
import { LLM_COST_TYPES, readLlm, type LlmRead } from './llmCost';
import { spanEdge, spanKey, type SpanKey } from './spans';

/** The reads as plain data, to cross from a worker thread. */
export interface PayloadReadsData {
  readonly count: number;
  readonly names: ColumnsData['types'];
  readonly key: Int32Array;
  readonly stage: Int32Array;
  readonly model: Int32Array;
  readonly llmStage: Int32Array;
  readonly tokens: Float64Array;
  readonly seconds: Float64Array;
}

/** No string: a null read, or no span edge (`key`). */
const NONE = -1;

export class PayloadReads {
  /** Events read, from the log's first. */
  count = 0;
  private readonly names = new Names();
  /** The span key and stage (ids in `names`); NONE where the event is no span edge. */
  private key = new Int32Array(1024);
  private stage = new Int32Array(1024);
  /** The LLM read (readLlm): model and stage ids (NONE: null), tokens and seconds (NaN: null). */
  private model = new Int32Array(1024);
  private llmStage = new Int32Array(1024);
  private tokens = new Float64Array(1024);
  private seconds = new Float64Array(1024);

  /**
   * The next event: its type, its own stage (NO_STAGE: none) and its payload as written, asked
   * for only when the type is read (the text scanText gives: the JSON object, the readable lines).
   */
  add(type: string, ownStage: string, text: () => string): void {
    if (this.isReleased) return;
    const i = this.count;
    if (i === this.key.length) this.reserve(i * 2);
    this.key[i] = NONE;
    this.stage[i] = NONE;
    this.model[i] = NONE;
    this.llmStage[i] = NONE;
    this.tokens[i] = Number.NaN;
    this.seconds[i] = Number.NaN;
    this.count = i + 1;
    const edge = spanEdge(type);
    const isLlm = Object.hasOwn(LLM_COST_TYPES, type);
    if (!edge && !isLlm) return;
    const payload = text();
    const stage = ownStage === NO_STAGE ? null : ownStage;
    if (edge) {
      const read = spanKey(edge.kind, { seq: i, type, stage, task: null, rawData: payload });
      this.key[i] = this.names.of(read.key);
      this.stage[i] = this.names.of(read.stage);
    }
    if (isLlm) {
      const read = readLlm(type, payload, stage);
      this.model[i] = this.id(read.model);
      this.llmStage[i] = this.id(read.stage);
      this.tokens[i] = read.tokens ?? Number.NaN;
      this.seconds[i] = read.seconds ?? Number.NaN;
    }
  }

  /** Event `i`'s span key; null when it is no span edge. */
  spanKey(i: number): SpanKey | null {
    const key = this.key[i]!;
    return key === NONE ? null : { key: this.names.names[key]!, stage: this.names.names[this.stage[i]!]! };
  }

  /** Event `i`'s LLM read (only for one of LLM_COST_TYPES). */
  llm(i: number): LlmRead {
    const text = (id: number) => (id === NONE ? null : this.names.names[id]!);
    const number = (value: number) => (value === value ? value : null);
    return { tokens: number(this.tokens[i]!), seconds: number(this.seconds[i]!), model: text(this.model[i]!), stage: text(this.llmStage[i]!) };
  }

  /** Taken and dropped (release): nothing more is read. */
  isReleased = false;

  /** Drops what was read, once taken, and reads no more: nothing is kept that no view shows (a later reader reads the file again). */
  release(): void {
    this.isReleased = true;
    this.count = 0;
    this.key = this.stage = this.model = this.llmStage = new Int32Array(0);
    this.tokens = this.seconds = new Float64Array(0);
  }

  data(): PayloadReadsData {
    const { count } = this;
    return {
      count,
      names: { names: this.names.names, counts: this.names.counts },
      key: head(this.key, count),
      stage: head(this.stage, count),
      model: head(this.model, count),
      llmStage: head(this.llmStage, count),
      tokens: head(this.tokens, count),
      seconds: head(this.seconds, count),
    };
  }

  /** The reads of the part of the log that follows, read on another thread. */
  append(part: PayloadReadsData): void {
    const ids = Int32Array.from(part.names.names, (name) => this.names.of(name));
    const start = this.count;
    const size = start + part.count;
    if (size > this.key.length) this.reserve(size);
    const id = (value: number) => (value === NONE ? NONE : ids[value]!);
    for (let k = 0; k < part.count; k++) {
      const i = start + k;
      this.key[i] = id(part.key[k]!);
      this.stage[i] = id(part.stage[k]!);
      this.model[i] = id(part.model[k]!);
      this.llmStage[i] = id(part.llmStage[k]!);
    }
    this.tokens.set(part.tokens, start);
    this.seconds.set(part.seconds, start);
    this.count = size;
  }

  /** Room for `size` events in every column. */
  private reserve(size: number): void {
    this.key = grow(this.key, size);
    this.stage = grow(this.stage, size);
    this.model = grow(this.model, size);
    this.llmStage = grow(this.llmStage, size);
    this.tokens = grow(this.tokens, size);
    this.seconds = grow(this.seconds, size);
  }

  private id(text: string | null): number {
    return text === null ? NONE : this.names.of(text);
  }
}
