/**
 * What an agent's LLM calls cost, from what its event log holds (FORMATS.md §2): calls, errors,
 * tokens and time, in all, by model and by stage. Each tracker writes a call its own way:
 *   - the documented tracker: `llm_call_start` … `llm_call_end` (`tokens_used`) or `llm_call_error`,
 *     its time the span between them;
 *   - the real trackers (v1, v2): one `api_call` event per call (`total_tokens`, `latency_seconds`);
 *   - v2's flat logger records: `{"type": "llm_call", "total_tokens": …}`, the same calls again —
 *     counted only in a log that has nothing else.
 * A figure the log does not hold is null, never 0.
 */
import type { CostFigures } from '../model/events';
import { numberField, stringField } from '../parse/payloadField';
import type { Span } from './spans';

type Source = 'documented' | 'tracker' | 'flat';

/** The event types that tell of an LLM call, and which tracker writes them. */
export const LLM_COST_TYPES: Readonly<Record<string, Source>> = {
  llm_call_end: 'documented',
  llm_call_error: 'documented',
  api_call: 'tracker',
  llm_call: 'flat',
};

interface Figures {
  calls: number;
  errors: number;
  tokens: number | null;
  seconds: number | null;
}

const none = (): Figures => ({ calls: 0, errors: 0, tokens: null, seconds: null });
const plus = (a: number | null, b: number | null) => (b === null ? a : (a ?? 0) + b);

/** The tokens an event tells of (`tokens_used`, `total_tokens`); null when it tells of none. */
function tokensIn(payload: string): number | null {
  return numberField(payload, 'tokens_used') ?? numberField(payload, 'total_tokens');
}

/** What the ledger reads of an LLM event's payload as written; null where it says nothing. */
export interface LlmRead {
  readonly tokens: number | null;
  /** A call's own latency (the documented tracker's calls are timed by their spans: null). */
  readonly seconds: number | null;
  readonly model: string | null;
  /** The payload's stage, read only when the event's own `stage` names none. */
  readonly stage: string | null;
}

/** An event of one of LLM_COST_TYPES: what LlmLedger.addRead takes of its payload; `stage` is the event's own. */
export function readLlm(type: string, payload: string, stage: string | null): LlmRead {
  return {
    tokens: tokensIn(payload),
    seconds: LLM_COST_TYPES[type] === 'documented' ? null : numberField(payload, 'latency_seconds'),
    model: stringField(payload, 'model'),
    stage: named(stage) === null ? stringField(payload, 'stage') : null,
  };
}

/** Kept event by event, so that a live log costs work only for what it appends. */
export class LlmLedger {
  private readonly sources: Record<Source, { events: number; total: Figures; byModel: Map<string, Figures>; byStage: Map<string, Figures> }> = {
    documented: { events: 0, total: none(), byModel: new Map(), byStage: new Map() },
    tracker: { events: 0, total: none(), byModel: new Map(), byStage: new Map() },
    flat: { events: 0, total: none(), byModel: new Map(), byStage: new Map() },
  };

  /**
   * An event of one of LLM_COST_TYPES: its payload as written, its stage, and (an `llm_call_end` or
   * `_error`) the call it ends; its tokens where the caller read them already. An error that ends
   * no logged call is a failed call of its own stage and model.
   */
  add(type: string, payload: string, stage: string | null, call: Span | null): void {
    if (LLM_COST_TYPES[type]) this.addRead(type, readLlm(type, payload, stage), stage, call);
  }

  /** `add` with the payload read already (readLlm: where the log is indexed, or for the tokens column). */
  addRead(type: string, read: LlmRead, stage: string | null, call: Pick<Span, 'label' | 'stage'> | null): void {
    const source = LLM_COST_TYPES[type];
    if (!source) return;
    const ledger = this.sources[source];
    ledger.events++;
    // A documented call is counted (and timed) by its span; its end adds the tokens.
    const isCall = source !== 'documented';
    const model = read.model ?? (call && call.label !== 'LLM call' ? call.label : '');
    // The tracker's own stage column first: the real trackers' payloads say "unknown" (nothing sets the LLM's stage).
    const where = named(stage) ?? named(read.stage) ?? call?.stage ?? '';
    const isUnstartedError = type === 'llm_call_error' && call === null;
    // In all, by model and by stage (three calls, not a loop over a new array: a million events).
    const count = (figures: Figures) => {
      if (isCall) figures.calls++;
      if (isUnstartedError) figures.errors++;
      figures.tokens = plus(figures.tokens, read.tokens);
      figures.seconds = plus(figures.seconds, read.seconds);
    };
    count(ledger.total);
    count(at(ledger.byModel, model));
    count(at(ledger.byStage, where));
  }

  /**
   * The calls' cost, the documented tracker's `llm_call` spans (`calls`) counted as its calls, and
   * every `llm_call_error` as a failed call: in all, by model and by stage.
   */
  figures(calls: Iterable<Span>): { llm: CostFigures; byModel: Map<string, Figures>; byStage: Map<string, Figures> } {
    const { documented, tracker, flat } = this.sources;
    const llm = none();
    const byModel = new Map<string, Figures>();
    const byStage = new Map<string, Figures>();
    let callCount = 0;
    for (const call of calls) {
      callCount++;
      const seconds = call.endMs === null ? null : (call.endMs - call.startMs) / 1000;
      for (const figures of [llm, at(byModel, call.label === 'LLM call' ? '' : call.label), at(byStage, call.stage)]) {
        figures.calls++;
        if (call.isFailed) figures.errors++;
        figures.seconds = plus(figures.seconds, seconds);
      }
    }
    // v2 writes each call twice: its flat records count only where the tracker wrote no call.
    const counted = documented.events + tracker.events + callCount > 0 ? [documented, tracker] : [flat];
    for (const source of counted) {
      merge(llm, source.total);
      for (const [model, figures] of source.byModel) merge(at(byModel, model), figures);
      for (const [stage, figures] of source.byStage) merge(at(byStage, stage), figures);
    }
    for (const figures of [llm, ...byModel.values(), ...byStage.values()])
      figures.seconds = figures.seconds === null ? null : Math.round(figures.seconds * 1e6) / 1e6;
    return { llm, byModel, byStage };
  }
}

/** A stage as written, null when none is ("unknown" is the real trackers' word for none). */
function named(stage: string | null): string | null {
  return stage && stage !== 'unknown' ? stage : null;
}

function at(map: Map<string, Figures>, key: string): Figures {
  let figures = map.get(key);
  if (!figures) map.set(key, (figures = none()));
  return figures;
}

function merge(into: Figures, from: Figures): void {
  into.calls += from.calls;
  into.errors += from.errors;
  into.tokens = plus(into.tokens, from.tokens);
  into.seconds = plus(into.seconds, from.seconds);
}
