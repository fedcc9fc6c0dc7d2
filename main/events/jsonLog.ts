/**
 * A tracker's final JSON (`{…, "events": [ {…}, … ], …}`, FORMATS.md §2) indexed from its bytes,
 * as the readable log is (readableLog.ts): one pass finds each event object's bytes and reads the
 * few fields the columns need (time, level, type, stage) without parsing the rest; the event is
 * parsed from the file when it is shown. A million events are typed arrays, not a million objects
 * (it was: every event parsed, made and kept, its payload stringified — 7.5 s and 811 MB).
 *
 * The fields are those `eventFromJson` reads (shared/parse/trackerLog.ts), shape by shape: the
 * documented tracker (`type`, `level` / `elapsed_seconds`, `data.stage`), MM-Agent's
 * (`event_name`, `event_type`, `stage`), a critical failure, a flat logger record (`type`,
 * `stage`). An object that is none of them is counted as skipped, as before.
 */
import type { AgentEvent } from '../../shared/model/events';
import { parseLenientJson } from '../../shared/parse/lenientJson';
import { eventFromJson } from '../../shared/parse/trackerLog';
import { type ColumnsData, EventColumns, grow, head, NO_STAGE } from '../../shared/analysis/eventColumns';
import { PayloadReads, type PayloadReadsData } from '../../shared/analysis/payloadReads';
import { ByteNames, ByteTimes, HASH_START, hashByte } from './readableLog';

/** The keys read, as ids; a key is known by its hash and length as its bytes pass (never decoded). */
const KEYS = ['events', 'timestamp', 'type', 'level', 'elapsed_seconds', 'event_name', 'event_type', 'stage', 'data'] as const;
type Key = (typeof KEYS)[number];
const KEY_HASHES = KEYS.map((key) => {
  let hash = HASH_START;
  for (let i = 0; i < key.length; i++) hash = hashByte(hash, key.charCodeAt(i));
  return hash;
});
function keyOf(hash: number, length: number): number {
  for (let id = 0; id < KEYS.length; id++) if (KEY_HASHES[id] === hash && KEYS[id]!.length === length) return id;
  return -1;
}
const key = (name: Key): number => KEYS.indexOf(name);
const EVENTS = key('events');
const TIMESTAMP = key('timestamp');
const TYPE = key('type');
const LEVEL = key('level');
const ELAPSED = key('elapsed_seconds');
const EVENT_NAME = key('event_name');
const EVENT_TYPE = key('event_type');
const STAGE = key('stage');
const DATA = key('data');
/** The stage inside `data` (the documented tracker's), kept beside the top-level fields. */
const DATA_STAGE = KEYS.length;

/** Where a field's value lies in the buffer, and whether it is a string (its bytes without the quotes) or another value. */
interface Field {
  start: number;
  end: number;
  isString: boolean;
  hasEscape: boolean;
  hash: number;
}

const MAX_DEPTH = 256;
const NOT_TRACKER = 'not a JSON object with an "events" list';
const AFTER_END = 'text after the end of the JSON value';

/** The quote that closes a string whose bytes go on from `from` (not one escaped by backslashes); -1 when not in `buf`. */
function closingQuote(buf: Buffer, from: number): number {
  for (let q = buf.indexOf(34, from); q >= 0; q = buf.indexOf(34, q + 1)) if (trailingBackslashes(buf, from, q) % 2 === 0) return q;
  return -1;
}

/** How many backslashes stand right before `end`, not counting any before `from`. */
function trailingBackslashes(buf: Buffer, from: number, end: number): number {
  let count = 0;
  for (let b = end - 1; b >= from && buf[b] === 92; b--) count++;
  return count;
}

/** What a worker thread indexed of a part of the file (JsonEventIndex.part), to append to the part before it. */
export interface JsonIndexPart {
  readonly columns: ColumnsData;
  readonly reads: PayloadReadsData;
  readonly ends: Float64Array;
  readonly skipped: number;
  readonly problem: string | null;
  readonly isComplete: boolean;
  /** Whether it ended between two events of the list, where the next part starts. */
  readonly endsBetweenEvents: boolean;
  /** Line breaks in the part. */
  readonly lineBreaks: number;
  readonly consumed: number;
}

export class JsonEventIndex {
  readonly columns = new EventColumns();
  /** What the spans and the LLM ledger read of each payload, read while its bytes are at hand (taken by the first EventQuery.sync). */
  readonly reads = new PayloadReads();
  /** Objects in the events list that are not tracker events. */
  skipped = 0;
  /** What is not a tracker's JSON (a top-level array, a second value, …); null while it is one. */
  problem: string | null = null;
  /** Whether the top object had an "events" list. */
  sawEvents = false;
  private isDone = false;
  /** The last part of the file was appended (append): the scan's state is not this index's to go on from. */
  private isSealed = false;

  private readonly typeNames = new ByteNames(this.columns.types);
  private readonly levelNames = new ByteNames(this.columns.levels);
  private readonly stageNames = new ByteNames(this.columns.stages);
  private readonly times = new ByteTimes();
  /** Where each event's object ends in the file (its start is `columns.offset`). */
  private ends = new Float64Array(1024);

  // The scan, carried from chunk to chunk.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private readonly isObject = new Uint8Array(MAX_DEPTH + 2);
  private readonly expectsKey = new Uint8Array(MAX_DEPTH + 2);
  /** The current string: where it starts (absolute), whether it is a key, its hash and whether it has escapes. */
  private stringStart = 0;
  private stringIsKey = false;
  private stringHash = HASH_START;
  private stringHasEscape = false;
  /** The key whose value comes next at the depth the fields are read at (-1: none read). */
  private pendingKey = -1;
  /** A number or literal value being read: its key and where it starts (absolute); -1 when none. */
  private scalarKey = -1;
  private scalarStart = -1;
  /** The last key at depth 1, and whether the events list is open. */
  private topKey = -1;
  private inEvents = false;
  /** The event object being read: where it starts (absolute) and on which line; whether its `data` object is open. */
  private objectStart = -1;
  private objectLine = 0;
  private inData = false;
  private readonly fields: Array<Field | null> = new Array<Field | null>(KEYS.length + 1).fill(null);
  /** Keys present, whatever their value (`'level' in value` decides a shape). */
  private readonly present = new Uint8Array(KEYS.length);

  /** The bytes of the event object under way read in earlier chunks (from `objectStart` on). */
  private carry: Buffer = Buffer.alloc(0);
  private consumed = 0;
  private line = 1;

  /** @param reads whether the payloads are read for the spans (a command that asks for none skips it). */
  constructor({ reads = true } = {}) {
    if (!reads) this.reads.release();
  }

  /**
   * An index of the file from `offset` on, where the events list is open and an event (or the
   * list's end) comes next: a part of a big file read on another thread (logParts.ts). Its
   * lines count from 1 at `offset`.
   */
  static fromEventsList(offset: number, options: { reads?: boolean } = {}): JsonEventIndex {
    const index = new JsonEventIndex(options);
    index.consumed = offset;
    index.depth = 2;
    index.isObject[1] = 1;
    index.isObject[2] = 0;
    index.topKey = EVENTS;
    index.inEvents = true;
    index.sawEvents = true;
    return index;
  }

  /** Whether the scan stands in the events list between two events (where fromEventsList starts). */
  get isBetweenEvents(): boolean {
    return (
      this.depth === 2 &&
      this.inEvents &&
      this.isObject[1] === 1 &&
      this.topKey === EVENTS &&
      !this.inString &&
      this.objectStart < 0 &&
      this.scalarStart < 0 &&
      this.problem === null &&
      !this.isDone
    );
  }

  /** What this index holds, to cross from a worker thread and be appended to the index of the part before. */
  part(): JsonIndexPart {
    return {
      columns: this.columns.data(),
      reads: this.reads.data(),
      ends: head(this.ends, this.columns.count),
      skipped: this.skipped,
      problem: this.problem,
      isComplete: this.isDone,
      endsBetweenEvents: this.isBetweenEvents,
      lineBreaks: this.line - 1,
      consumed: this.consumed,
    };
  }

  /**
   * The next part of the file, indexed apart from where this index stopped (between two events):
   * this index becomes the whole of both, as if it had read on.
   */
  append(part: JsonIndexPart): void {
    const start = this.columns.count;
    this.columns.append(part.columns, this.line - 1);
    this.reads.append(part.reads);
    if (this.ends.length < this.columns.count) this.ends = grow(this.ends, this.columns.count);
    this.ends.set(part.ends, start);
    this.skipped += part.skipped;
    this.problem ??= part.problem;
    this.isDone = part.isComplete;
    this.line += part.lineBreaks;
    this.consumed = part.consumed;
    // Past the last part the scan's state is the part's, not kept: nothing more is pushed.
    if (!part.endsBetweenEvents) this.isSealed = true;
  }

  /** Whether the top object closed: the file is whole (a crashed writer leaves it open). */
  get isComplete(): boolean {
    return this.isDone;
  }

  push(chunk: Uint8Array): void {
    if (this.isSealed) throw new Error('the index took its last part from another thread: it reads no more');
    if (chunk.length === 0) return;
    // The chunk is scanned where it lies (it was joined to the bytes kept, a copy of every chunk);
    // only an event that began in an earlier chunk is joined, when it closes (addEvent).
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const base = this.consumed;
    let start = 0;
    if (base === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3; // a UTF-8 BOM
    // The bytes of `buf` are the file's from `base`: absolute = base + index.
    const n = buf.length;
    for (let i = start; i < n; i++) {
      if (this.inString) {
        // To the closing quote natively (payload strings are most of a file); a key or a field read is hashed on the way.
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        const close = closingQuote(buf, i);
        const end = close < 0 ? n : close;
        if (this.stringIsKey || this.pendingKey >= 0) {
          let hash = this.stringHash;
          let escapes = false;
          for (let k = i; k < end; k++) {
            const b = buf[k]!;
            if (b === 92) escapes = true;
            hash = hashByte(hash, b);
          }
          this.stringHash = hash;
          if (escapes) this.stringHasEscape = true;
        }
        if (close < 0) {
          this.escaped = trailingBackslashes(buf, i, n) % 2 === 1;
          break;
        }
        this.closeString(base, close);
        i = close;
        continue;
      }
      const c = buf[i]!;
      if (c === 32) {
        if (this.scalarStart >= 0) this.closeScalar(base + i);
        while (i + 1 < n && buf[i + 1] === 32) i++; // indentation
        continue;
      }
      if (c === 10) {
        this.line++;
        if (this.scalarStart >= 0) this.closeScalar(base + i);
        continue;
      }
      if (this.scalarStart >= 0 && (c === 44 || c === 125 || c === 93 || c === 13 || c === 9)) this.closeScalar(base + i);
      switch (c) {
        case 34: // "
          if (this.depth === 0) this.notTrackerAtTop();
          this.inString = true;
          this.stringStart = base + i + 1;
          this.stringIsKey = this.isObject[this.depth] === 1 && this.expectsKey[this.depth] === 1;
          this.stringHash = HASH_START;
          this.stringHasEscape = false;
          break;
        case 123: // {
        case 91: // [
          this.open(c === 123, base + i);
          break;
        case 125: // }
        case 93: // ]
          this.close(buf, base, i);
          break;
        case 58: // :
          if (this.depth <= MAX_DEPTH) this.expectsKey[this.depth] = 0;
          break;
        case 44: // ,
          if (this.depth <= MAX_DEPTH) this.expectsKey[this.depth] = 1;
          this.pendingKey = -1;
          break;
        default:
          if (c > 32 && this.pendingKey >= 0 && this.scalarStart < 0) {
            this.scalarKey = this.pendingKey;
            this.scalarStart = base + i;
            this.pendingKey = -1;
          } else if (c > 32 && this.depth === 0) this.notTrackerAtTop();
      }
    }
    // Keep the event object under way (its fields are read from these bytes when it closes).
    if (this.objectStart < 0) this.carry = Buffer.alloc(0);
    else if (this.objectStart >= base) this.carry = Buffer.from(buf.subarray(this.objectStart - base));
    else this.carry = Buffer.concat([this.carry, buf]); // an event longer than a chunk
    this.consumed = base + buf.length;
  }

  /** Where event `i` lies in the file. */
  range(i: number): { start: number; end: number } {
    return { start: this.columns.offset[i]!, end: this.ends[i]! };
  }

  /** Event `i` from its bytes (its object); null when they are not its object any more. */
  event(i: number, bytes: Buffer): AgentEvent | null {
    const parsed = parseLenientJson(bytes.toString('utf8'));
    return parsed.ok ? eventFromJson(parsed.value, i, this.columns.line[i]!) : null;
  }

  /** Where a payload starts in an event's text (its `data`, or the whole object of a flat record). */
  static payloadStart(text: string): number {
    const at = text.indexOf('"data"');
    return at < 0 ? 0 : at;
  }

  /** Something at the top that is not the one object a tracker writes (the first problem is kept). */
  private notTrackerAtTop(): void {
    this.problem ??= this.isDone ? AFTER_END : NOT_TRACKER;
  }

  private open(isObject: boolean, at: number): void {
    if (this.depth === 0 && (!isObject || this.isDone)) this.notTrackerAtTop();
    // `data`'s object is where a documented event's stage is.
    if (this.pendingKey === DATA && this.depth === 3 && isObject) this.inData = true;
    this.pendingKey = -1;
    this.depth++;
    if (this.depth <= MAX_DEPTH) {
      this.isObject[this.depth] = isObject ? 1 : 0;
      this.expectsKey[this.depth] = isObject ? 1 : 0;
    }
    if (this.depth === 2 && !isObject && this.topKey === EVENTS) {
      this.inEvents = true;
      this.sawEvents = true;
    } else if (this.depth === 3 && isObject && this.inEvents) {
      this.objectStart = at;
      this.objectLine = this.line;
      this.fields.fill(null);
      this.present.fill(0);
    }
  }

  private close(buf: Buffer, base: number, i: number): void {
    if (this.depth === 0) {
      this.problem ??= 'a closing bracket with nothing open';
      return;
    }
    if (this.depth === 4 && this.inData) this.inData = false;
    if (this.depth === 3 && this.objectStart >= 0) this.addEvent(buf, base, base + i + 1);
    if (this.depth === 2 && this.inEvents) this.inEvents = false;
    this.depth--;
    this.pendingKey = -1;
    if (this.depth === 0) this.isDone = true;
  }

  private closeString(base: number, i: number): void {
    this.inString = false;
    const end = base + i;
    if (this.stringIsKey) {
      const key = keyOf(this.stringHash, end - this.stringStart);
      this.pendingKey = -1;
      if (this.depth === 1) this.topKey = key;
      else if (this.depth === 3 && key >= 0) {
        this.pendingKey = key;
        this.present[key] = 1;
      } else if (this.depth === 4 && this.inData && key === STAGE) this.pendingKey = DATA_STAGE;
      return;
    }
    if (this.pendingKey >= 0)
      this.fields[this.pendingKey] = { start: this.stringStart, end, isString: true, hasEscape: this.stringHasEscape, hash: this.stringHash };
    this.pendingKey = -1;
  }

  private closeScalar(end: number): void {
    if (this.scalarKey >= 0) this.fields[this.scalarKey] = { start: this.scalarStart, end, isString: false, hasEscape: false, hash: 0 };
    this.scalarKey = -1;
    this.scalarStart = -1;
  }

  /** The event object `objectStart`–`end` closed: its columns, or skipped when it is not a tracker event. */
  private addEvent(chunk: Buffer, chunkBase: number, end: number): void {
    // Its bytes: in this chunk, or begun in earlier ones (then joined to what was kept of them).
    const isJoined = this.objectStart < chunkBase;
    const buf = isJoined ? Buffer.concat([this.carry, chunk.subarray(0, end - chunkBase)]) : chunk;
    const base = isJoined ? this.objectStart : chunkBase;
    const at = (offset: number) => offset - base;
    // A field as eventFromJson's str() reads it: a string, or a number written as its String().
    const text = (field: Field | null): string | null => {
      if (!field) return null;
      const raw = buf.toString('utf8', at(field.start), at(field.end));
      if (field.isString) return field.hasEscape ? (JSON.parse(`"${raw}"`) as string) : raw;
      return raw === 'true' || raw === 'false' || raw === 'null' ? null : String(Number(raw));
    };
    const f = this.fields;
    const isString = (key: number) => f[key]?.isString === true;
    let level: number;
    let type: number;
    let stage: Field | null;
    // Only the documented tracker's elapsed clock counts (eventFromJson reads it for that shape alone).
    let elapsed = Number.NaN;
    if (isString(EVENT_NAME) || isString(EVENT_TYPE)) {
      // MM-Agent: the name is the type; the category says the level.
      const category = text(f[EVENT_TYPE] ?? null);
      const typeName = text(f[EVENT_NAME] ?? null) ?? category ?? 'event';
      type = this.columns.types.of(typeName);
      level = this.columns.levels.of(category === 'error' || typeName.endsWith('_error') ? 'ERROR' : category === 'warning' ? 'WARNING' : 'INFO');
      stage = f[STAGE] ?? null;
    } else if (isString(TYPE)) {
      type = this.intern(this.typeNames, this.columns.types, buf, base, f[TYPE]!);
      const typeName = this.columns.types.names[type]!;
      if (this.present[LEVEL] || this.present[ELAPSED]) {
        level = isString(LEVEL)
          ? this.intern(this.levelNames, this.columns.levels, buf, base, f[LEVEL]!)
          : this.columns.levels.of(text(f[LEVEL] ?? null) ?? 'INFO');
        stage = f[DATA_STAGE] ?? null;
        const clock = f[ELAPSED];
        if (clock && !clock.isString) elapsed = Number(buf.toString('latin1', at(clock.start), at(clock.end)));
      } else if (typeName === 'CRITICAL_FAILURE') {
        level = this.columns.levels.of('ERROR');
        stage = f[DATA_STAGE] ?? null;
      } else {
        level = this.columns.levels.of('INFO');
        stage = f[STAGE] ?? null;
      }
    } else {
      this.skipped++;
      this.objectStart = -1;
      return;
    }
    const timestamp = f[TIMESTAMP];
    const ms = timestamp?.isString && !timestamp.hasEscape ? this.times.time(buf, at(timestamp.start), at(timestamp.end)) : Number.NaN;
    const stageId = stage?.isString ? this.intern(this.stageNames, this.columns.stages, buf, base, stage) : this.columns.stages.of(text(stage) ?? NO_STAGE);
    const i = this.columns.count;
    if (i === this.ends.length) this.ends = grow(this.ends, i * 2);
    this.ends[i] = end;
    this.columns.add(ms, elapsed, level, type, stageId, this.objectLine, this.objectStart);
    this.reads.add(this.columns.types.names[type]!, this.columns.stages.names[stageId]!, () => buf.toString('utf8', at(this.objectStart), at(end)));
    this.objectStart = -1;
  }

  /** A string field interned by its bytes (decoded only the first time, or when it has escapes). */
  private intern(names: ByteNames, table: EventColumns['types'], buf: Buffer, base: number, field: Field): number {
    if (field.hasEscape) return table.of(JSON.parse(`"${buf.toString('utf8', field.start - base, field.end - base)}"`) as string);
    return names.of(buf, field.start - base, field.end - base, field.hash);
  }
}
