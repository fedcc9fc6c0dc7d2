/** Agent events from every tracker format of FORMATS.md §2, in one shape. */

export type EventLevel = 'INFO' | 'WARNING' | 'ERROR' | (string & {});

export interface AgentEvent {
  /** Position in the source, from 0. */
  readonly seq: number;
  /** The timestamp as written (ISO-like, fraction optional). */
  readonly timestamp: string;
  /** Seconds since the tracker started, when the format records it. */
  readonly elapsed: number | null;
  readonly level: EventLevel;
  /** `stage_start`, `llm_call_error`, … ; open-ended. */
  readonly type: string;
  /** The v1/v2 `event_type` category (`stage`, `llm_call`, `error`), when the format has one. */
  readonly category: string | null;
  readonly stage: string | null;
  readonly task: string | null;
  /** The payload as written: Python repr (documented readable log) or JSON text. Parsed when shown. */
  readonly rawData: string;
  /** The whole payload's length in characters when `rawData` is only its start (a call's answer is bounded); absent when whole. */
  readonly rawLength?: number;
  readonly dataSyntax: 'python' | 'json';
  /** 1-based line of the event's first line in its source file. */
  readonly line: number;
}

export interface EventSummary {
  /** Root-relative path of the file the events were read from. */
  readonly source: string;
  readonly total_events: number;
  readonly events_by_type: Readonly<Record<string, number>>;
  readonly events_by_level: Readonly<Record<string, number>>;
  /** Seconds from the first to the last event (the tracker's own elapsed clock when present). */
  readonly total_duration: number;
  readonly warnings: readonly string[];
}

/** What one part of a run cost, from what its event log holds: null where the log holds no such number (never 0). */
export interface CostFigures {
  /** LLM calls started. */
  readonly calls: number;
  readonly errors: number;
  /** `tokens_used` of the calls' `llm_call_end` events; null when none was logged. */
  readonly tokens: number | null;
  /** Time in LLM calls (each from its start to its end); null when no call ended. */
  readonly seconds: number | null;
}

/** One line of MM-Agent's `latent_summaries.jsonl`: a call it summarised, with that call's tokens. */
export interface LatentSummary {
  /** 1-based line in the file. */
  readonly line: number;
  /** Epoch milliseconds (written as epoch seconds); null when not written. */
  readonly atMs: number | null;
  readonly stage: string | null;
  readonly task: string | null;
  readonly model: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly summary: string;
}

/**
 * What MM-Agent wrote of its usage beside an event log (FORMATS.md §4.4), each figure with the
 * file that holds it; null where it wrote none.
 */
export interface WrittenUsage {
  /** `usage/{task}.json`: the tokens the pipeline counted, one entry per file. */
  readonly tokens: readonly { readonly file: string; readonly prompt: number | null; readonly completion: number | null; readonly total: number | null }[];
  /** `usage/runtime.txt`: the run's wall time. */
  readonly runtime: { readonly file: string; readonly seconds: number } | null;
  /**
   * `latent_summaries.jsonl`: one line per call the run summarised (cache misses only), with the
   * summarised call's tokens. Each line is also a summary call of its own, whose tokens are not logged.
   */
  readonly summaries: (LatentSummaries & { readonly file: string }) | null;
  /** Files that are there but could not be read, or lines that could not, and why. */
  readonly warnings: readonly string[];
}

export interface LatentSummaries {
  readonly count: number;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  /** The first lines (up to LATENT_SUMMARIES_SHOWN); `count` says how many there are. */
  readonly lines: readonly LatentSummary[];
}

export const LATENT_SUMMARIES_SHOWN = 500;

/** Where a run's time and tokens went (shared/analysis/spans.ts pairs the spans). */
export interface EventCost extends LogCost {
  /** The usage files beside the log; null when there are none. */
  readonly written: WrittenUsage | null;
}

/** What the event log itself says a run cost. */
export interface LogCost {
  readonly spans: { readonly total: number; readonly running: number; readonly byKind: Readonly<Record<'stage' | 'llm_call' | 'task' | 'code_exec', number>> };
  readonly llm: CostFigures;
  /** Time in code runs (`code_exec_*` spans); null when none ended. */
  readonly codeSeconds: number | null;
  readonly byStage: Readonly<Record<string, CostFigures & { readonly codeSeconds: number | null }>>;
  readonly byModel: Readonly<Record<string, CostFigures>>;
}

/** A span as the timeline shows it when it is pointed at: its kind, label, stage, start and end events, and how long it took. */
export interface EventSpan {
  readonly kind: 'stage' | 'llm_call' | 'task' | 'code_exec';
  readonly label: string;
  readonly stage: string;
  readonly startSeq: number;
  readonly endSeq: number | null;
  readonly startMs: number;
  readonly endMs: number | null;
  /** Null while it is still running. */
  readonly durationMs: number | null;
  readonly isFailed: boolean;
}

/** What a stretch of time holds (the ruler's selection). */
export interface EventRangeFigures {
  /** Events in it (of those the filters let through), and how many of them are errors. */
  readonly events: number;
  readonly errors: number;
  /** LLM calls that overlap it, and their time inside it (null when none does). */
  readonly llmCalls: number;
  readonly llmSeconds: number | null;
  /** Tokens the events in it logged; null when none did. */
  readonly tokens: number | null;
}

/** The event with its payload cut to `maxChars` (and its whole length said), or as it is when shorter. */
export function withPayloadCut(event: AgentEvent, maxChars: number): AgentEvent {
  return event.rawData.length <= maxChars ? event : { ...event, rawData: event.rawData.slice(0, maxChars), rawLength: event.rawData.length };
}
