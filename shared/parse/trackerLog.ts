import type { AgentEvent } from '../model/events';
import { JsonObjectSplitter } from './jsonObjects';
import { isPlainObject, parseLenientJson } from './lenientJson';

/**
 * The documented readable log (FORMATS.md §2.1), one header line per event:
 * `[ts] (+elapsed s) [LEVEL] type: data`. A line that fails the header belongs to the previous
 * event (a string payload with newlines). Indexed from its bytes by main/readableLog.ts; an event
 * is made from its text by `readableEvent`.
 */
export const READABLE_HEADER = /^\[(?<ts>[^\]]+)\] \(\+(?<elapsed>[0-9.]+)s\) \[(?<level>[A-Z]+)\] (?<type>\S+?): (?<data>.*)$/s;

/**
 * One event of the readable log from its text: the header line and any continuation lines
 * (LF, CRLF or CR), as the index found it. Null when the text does not start with a header (the
 * file changed under the index).
 */
export function readableEvent(text: string, seq: number, line: number): AgentEvent | null {
  const firstEnd = text.search(/[\r\n]/);
  const header = parseHeader(firstEnd < 0 ? text : text.slice(0, firstEnd));
  if (!header) return null;
  // The continuation lines, without the final line break.
  const rest =
    firstEnd < 0
      ? ''
      : text
          .slice(firstEnd)
          .replace(/(?:\r\n|\r|\n)$/, '')
          .replace(/\r\n?/g, '\n');
  const data = header.data;
  return {
    seq,
    timestamp: header.ts,
    elapsed: header.elapsed,
    level: header.level,
    type: header.type,
    category: null,
    stage: quotedField(data, 'stage'),
    task: quotedField(data, 'task'),
    rawData: data + rest,
    dataSyntax: 'python',
    line,
  };
}

/**
 * READABLE_HEADER by hand (a million lines: the regex with named groups was a third of the time):
 * where the parts of `[ts] (+elapsed s) [LEVEL] type: data` are in `line`; null when it is not a header.
 */
function headerParts(line: string): { tsEnd: number; elapsedEnd: number; levelEnd: number; colon: number } | null {
  if (line.charCodeAt(0) !== 91 /* [ */) return null;
  const tsEnd = line.indexOf('] (+', 1);
  if (tsEnd < 2 || line.lastIndexOf(']', tsEnd - 1) > 0) return null;
  const elapsedEnd = line.indexOf('s) [', tsEnd + 4);
  if (elapsedEnd < 0 || elapsedEnd === tsEnd + 4) return null;
  for (let i = tsEnd + 4; i < elapsedEnd; i++) {
    const c = line.charCodeAt(i);
    if ((c < 48 || c > 57) && c !== 46 /* . */) return null;
  }
  const levelStart = elapsedEnd + 4;
  const levelEnd = line.indexOf('] ', levelStart);
  if (levelEnd <= levelStart) return null;
  for (let i = levelStart; i < levelEnd; i++) {
    const c = line.charCodeAt(i);
    if (c < 65 || c > 90) return null;
  }
  const typeStart = levelEnd + 2;
  const colon = line.indexOf(': ', typeStart);
  if (colon <= typeStart) return null;
  for (let i = typeStart; i < colon; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10 || c === 12 || c === 11) return null;
  }
  return { tsEnd, elapsedEnd, levelEnd, colon };
}

function parseHeader(line: string): { ts: string; elapsed: number; level: string; type: string; data: string } | null {
  const parts = headerParts(line);
  if (!parts) return null;
  const { tsEnd, elapsedEnd, levelEnd, colon } = parts;
  return {
    ts: line.slice(1, tsEnd),
    elapsed: Number(line.slice(tsEnd + 4, elapsedEnd)),
    level: line.slice(elapsedEnd + 4, levelEnd),
    type: line.slice(levelEnd + 2, colon),
    data: line.slice(colon + 2),
  };
}

/**
 * Where the payload starts in an event's text as written (after `type: `), -1 when it does not
 * start with a header: for searching payloads without making events of them.
 */
export function readablePayloadStart(text: string): number {
  const parts = headerParts(text);
  return parts ? parts.colon + 2 : -1;
}

/** `'stage': 'x'` from a repr without parsing all of it (an event's stage and task). */
function quotedField(repr: string, key: string): string | null {
  const at = repr.indexOf(`'${key}': `);
  if (at < 0) return null;
  const start = at + key.length + 4;
  const quote = repr[start];
  if (quote !== "'" && quote !== '"') return null;
  let out = '';
  for (let i = start + 1; i < repr.length; i++) {
    const c = repr[i]!;
    if (c === quote) return out;
    if (c === '\\') {
      out += repr[i + 1] ?? '';
      i++;
    } else out += c;
  }
  return null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

/**
 * One JSON event of any tracker shape: the documented `{timestamp, elapsed_seconds, type, level,
 * data}`, the real v1/v2 `{timestamp, event_type, event_name, stage, task, data}`, v2's
 * `{type: "CRITICAL_FAILURE", data}` and v2's flat logger records `{type, …fields, timestamp}`.
 */
/** Every event built with one literal, fields in one order: a million events share one shape. */
function makeEvent(
  seq: number,
  timestamp: string,
  elapsed: number | null,
  level: string,
  type: string,
  category: string | null,
  stage: string | null,
  task: string | null,
  rawData: string,
  line: number,
): AgentEvent {
  return { seq, timestamp, elapsed, level, type, category, stage, task, rawData, dataSyntax: 'json', line };
}

export function eventFromJson(value: unknown, seq: number, line: number): AgentEvent | null {
  if (!isPlainObject(value)) return null;
  const timestamp = str(value.timestamp) ?? '';
  if (typeof value.event_name === 'string' || typeof value.event_type === 'string') {
    const category = str(value.event_type);
    const type = str(value.event_name) ?? category ?? 'event';
    const level = category === 'error' || type.endsWith('_error') ? 'ERROR' : category === 'warning' ? 'WARNING' : 'INFO';
    return makeEvent(seq, timestamp, null, level, type, category, str(value.stage), str(value.task), JSON.stringify(value.data ?? null), line);
  }
  if (typeof value.type !== 'string') return null;
  const data = isPlainObject(value.data) ? value.data : null;
  if ('level' in value || 'elapsed_seconds' in value) {
    const elapsed = typeof value.elapsed_seconds === 'number' ? value.elapsed_seconds : null;
    return makeEvent(
      seq,
      timestamp,
      elapsed,
      str(value.level) ?? 'INFO',
      value.type,
      null,
      str(data?.stage),
      str(data?.task),
      JSON.stringify(value.data ?? null),
      line,
    );
  }
  if (value.type === 'CRITICAL_FAILURE') {
    return makeEvent(seq, timestamp, null, 'ERROR', value.type, 'critical', str(data?.stage), null, JSON.stringify(value.data ?? null), line);
  }
  const { type, timestamp: _ts, ...fields } = value;
  return makeEvent(seq, timestamp, null, 'INFO', type, 'logger', str(fields.stage), str(fields.task), JSON.stringify(fields), line);
}

/** `.jsonl` trackers (v1 `execution_tracker.jsonl`, v2 `trace.jsonl`): one object per line. */
export class JsonlEventParser {
  readonly events: AgentEvent[] = [];
  readonly warnings: string[] = [];
  private readonly splitter = new JsonObjectSplitter();

  constructor(private readonly source: string) {}

  push(text: string): void {
    for (const { text: objectText, line } of this.splitter.push(text)) {
      const parsed = parseLenientJson(objectText);
      const event = parsed.ok ? eventFromJson(parsed.value, this.events.length, line) : null;
      if (event) this.events.push(event);
      else this.warnings.push(`${this.source}:${line}: ${parsed.ok ? 'not a tracker event' : `unreadable JSON (${parsed.error})`}`);
    }
    for (const stray of this.splitter.stray.splice(0)) this.warnings.push(`${this.source}: text outside any JSON object: ${stray.slice(0, 80)}`);
  }

  /** A half-written last line (a live writer) is not an event yet; say so when asked. */
  get pendingText(): string {
    return this.splitter.pending;
  }
}

/** Milliseconds of an ISO-like timestamp, read as UTC (trackers write local time without zone). */
export function timestampMs(timestamp: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(timestamp);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction = '0'] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return ms + Number(`0.${fraction}`) * 1000;
}
