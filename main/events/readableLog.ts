/**
 * The documented readable log (FORMATS.md §2.1) indexed from its bytes: one header line per event,
 * `[ts] (+elapsed s) [LEVEL] type: data`; a line that is not a header belongs to the previous
 * event. Each header's time, level, type and stage go into EventColumns without making a
 * string of the line (a million lines: lnav's pace, not a million strings); the payload is read
 * from the file when an event is shown, by `readableEvent` on the event's bytes.
 *
 * Feed chunks as they are appended: a last line without its newline waits for the rest.
 */
import type { AgentEvent } from '../../shared/model/events';
import { readableEvent } from '../../shared/parse/trackerLog';
import { type ColumnsData, EventColumns, NO_STAGE, type Names } from '../../shared/analysis/eventColumns';

/** `'stage': `, and how far a search may skip on seeing a byte at the key's last position (Horspool). */
const STAGE_KEY = Buffer.from("'stage': ");
const STAGE_SKIP = new Uint8Array(256).fill(STAGE_KEY.length);
for (let k = 0; k < STAGE_KEY.length - 1; k++) STAGE_SKIP[STAGE_KEY[k]!] = STAGE_KEY.length - 1 - k;

/** FNV-1a, one byte at a time, so that a scan can hash what it passes over. */
export const HASH_START = 0x811c9dc5;
export const hashByte = (hash: number, byte: number) => Math.imul(hash ^ byte, 16777619);

/** Interns byte ranges to Names ids without decoding a range already seen. */
export class ByteNames {
  private readonly buckets = new Map<number, Array<{ bytes: Buffer; id: number }>>();
  constructor(private readonly names: Names) {}

  /** `hash`: of the bytes from HASH_START by hashByte. */
  of(buf: Buffer, start: number, end: number, hash: number): number {
    let bucket = this.buckets.get(hash);
    if (bucket) {
      for (const entry of bucket) if (sameBytes(entry.bytes, buf, start, end)) return entry.id;
    } else this.buckets.set(hash, (bucket = []));
    const id = this.names.of(buf.toString('utf8', start, end));
    bucket.push({ bytes: Buffer.from(buf.subarray(start, end)), id });
    return id;
  }
}

/** `a` equals `b[start, end)` (names are short: a loop beats a native call). */
function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

export const isDigit = (byte: number) => byte >= 48 && byte <= 57;
/** Exact powers of ten (a table: `10 ** n` per line was a fifth of the time). */
const POW10 = Array.from({ length: 16 }, (_, n) => 10 ** n);

/** What a worker thread indexed of a part of the log (ReadableLogIndex.part), to append to the part before it. */
export interface ReadableIndexPart {
  readonly columns: ColumnsData;
  /** Lines in the part, and where its complete lines end (its unterminated last line: `carry`). */
  readonly lines: number;
  readonly consumed: number;
  readonly carry: Uint8Array;
  readonly pendingCR: boolean;
}

export class ReadableLogIndex {
  readonly columns = new EventColumns();
  /** Lines before the first event header (not part of any event). */
  readonly strayLines: number[] = [];
  private readonly typeNames = new ByteNames(this.columns.types);
  private readonly levelNames = new ByteNames(this.columns.levels);
  private readonly stageNames = new ByteNames(this.columns.stages);
  /** The id of NO_STAGE, interned when first needed (it is a lane only when an event has no stage). */
  private noStage = -1;
  /** The unterminated last line, kept until its newline comes. */
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of `carry`'s first byte: everything before it is complete lines. */
  private consumed = 0;
  private lineNumber = 0;
  /** A chunk ended with CR: a LF starting the next one belongs to it (CRLF). */
  private pendingCR = false;
  private readonly times = new ByteTimes();

  /** An index of the log from `offset` on, a line where an event begins: a part read on another thread. Its lines count from there. */
  static fromOffset(offset: number): ReadableLogIndex {
    const index = new ReadableLogIndex();
    index.consumed = offset;
    return index;
  }

  /** What this index holds, to cross from a worker thread and be appended to the index of the part before. */
  part(): ReadableIndexPart {
    return {
      columns: this.columns.data(),
      lines: this.lineNumber,
      consumed: this.consumed,
      carry: this.carry,
      pendingCR: this.pendingCR,
    };
  }

  /** The next part of the log, indexed apart from where this index stopped (at a line where an event begins): this index goes on as if it had read it. */
  append(part: ReadableIndexPart): void {
    this.columns.append(part.columns, this.lineNumber);
    this.lineNumber += part.lines;
    this.consumed = part.consumed;
    this.carry = Buffer.from(part.carry.buffer, part.carry.byteOffset, part.carry.length);
    this.pendingCR = part.pendingCR;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.carry.length === 0) {
      this.scan(buf);
      return;
    }
    // The line under way is joined to its end in this chunk, and the rest scanned where it lies
    // (the whole chunk was joined to it: a copy of every byte of the file).
    const lf = buf.indexOf(10);
    const cr = buf.indexOf(13);
    const lineEnd = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    if (lineEnd < 0) {
      this.carry = Buffer.concat([this.carry, buf]);
      return;
    }
    const cut = buf[lineEnd] === 13 && buf[lineEnd + 1] === 10 ? lineEnd + 2 : lineEnd + 1;
    const head = Buffer.concat([this.carry, buf.subarray(0, cut)]);
    this.carry = Buffer.alloc(0);
    this.scan(head);
    if (cut < buf.length) this.scan(buf.subarray(cut));
  }

  /** Complete lines of `buf`, whose first byte is the file's at `consumed`; the last unterminated one is kept. */
  private scan(buf: Buffer): void {
    const base = this.consumed;
    // A LF right after a chunk that ended with CR is the second half of a CRLF already counted.
    let start = this.pendingCR && buf[0] === 10 ? 1 : 0;
    this.pendingCR = false;
    if (base === 0 && this.lineNumber === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3; // UTF-8 BOM
    const end = buf.length;
    let cr = buf.indexOf(13, start);
    for (;;) {
      const lf = buf.indexOf(10, start);
      // The next CR is looked for again only once passed: most files have none (no O(n²) scans).
      if (cr >= 0 && cr < start) cr = buf.indexOf(13, start);
      if (lf < 0 && cr < 0) break;
      const lineEnd = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      this.line(buf, start, lineEnd, base);
      if (buf[lineEnd] === 13) {
        if (lineEnd + 1 === end) {
          this.pendingCR = true;
          start = end;
          break;
        }
        start = lineEnd + (buf[lineEnd + 1] === 10 ? 2 : 1);
      } else start = lineEnd + 1;
    }
    this.carry = start < end ? Buffer.from(buf.subarray(start)) : Buffer.alloc(0);
    this.consumed = base + start;
  }

  /** The file offset where its complete lines end (its last line, unterminated, is `pending`). */
  get linesEnd(): number {
    return this.consumed;
  }

  /** Bytes of a last line still without its newline. */
  get pending(): Buffer {
    return this.carry;
  }

  /** Where event `i` lies in the file: up to the next event, or to the end of the complete lines. */
  range(i: number): { start: number; end: number } {
    return { start: this.columns.offset[i]!, end: i + 1 < this.columns.count ? this.columns.offset[i + 1]! : this.consumed };
  }

  /** Event `i` from its bytes (`bytes[0]` is the event's first byte); null when they are not its header any more. */
  event(i: number, bytes: Buffer): AgentEvent | null {
    return readableEvent(bytes.toString('utf8'), i, this.columns.line[i]!);
  }

  private line(buf: Buffer, start: number, end: number, base: number): void {
    this.lineNumber++;
    if (buf[start] === 91 /* [ */ && this.header(buf, start, end, base)) return;
    if (this.columns.count > 0) return; // a continuation line of the previous event
    for (let i = start; i < end; i++) {
      const byte = buf[i]!;
      if (byte !== 32 && (byte < 9 || byte > 13)) {
        this.strayLines.push(this.lineNumber);
        return;
      }
    }
  }

  /**
   * `[ts] (+elapsed s) [LEVEL] type: data` (the same rules as `parseHeader` on text); false when
   * the line is not a header.
   */
  private header(buf: Buffer, start: number, end: number, base: number): boolean {
    // [ts] — the first ']' closes it and must be followed by ' (+'.
    let p = start + 1;
    while (p < end && buf[p] !== 93) p++;
    if (p < start + 2 || p + 3 >= end || buf[p + 1] !== 32 || buf[p + 2] !== 40 || buf[p + 3] !== 43) return false;
    const ms = this.times.time(buf, start + 1, p);
    // (+elapsed s) — digits and dots.
    const elapsedStart = p + 4;
    let q = elapsedStart;
    let mantissa = 0;
    let dots = 0;
    let fraction = 0;
    while (q < end && (isDigit(buf[q]!) || buf[q] === 46)) {
      if (buf[q] === 46) dots++;
      else {
        mantissa = mantissa * 10 + buf[q]! - 48;
        if (dots > 0) fraction++;
      }
      q++;
    }
    if (q === elapsedStart || q + 3 >= end || buf[q] !== 115 || buf[q + 1] !== 41 || buf[q + 2] !== 32 || buf[q + 3] !== 91) return false;
    const digits = q - elapsedStart - dots;
    // Exact integers divided by an exact power of ten round as Number() does; longer ones go through it.
    const elapsed = dots > 1 || digits === 0 ? Number.NaN : digits <= 15 ? mantissa / POW10[fraction]! : Number(buf.toString('latin1', elapsedStart, q));
    // [LEVEL] — capitals.
    const levelStart = q + 4;
    let r = levelStart;
    let levelHash = HASH_START;
    while (r < end && buf[r]! >= 65 && buf[r]! <= 90) levelHash = hashByte(levelHash, buf[r++]!);
    if (r === levelStart || r + 1 >= end || buf[r] !== 93 || buf[r + 1] !== 32) return false;
    // type: — no white space before the first ': '.
    const typeStart = r + 2;
    let t = typeStart;
    let typeHash = HASH_START;
    for (;;) {
      if (t + 1 >= end) return false;
      const byte = buf[t]!;
      if (byte === 58 && buf[t + 1] === 32) break;
      if (byte === 32 || (byte >= 9 && byte <= 13)) return false;
      typeHash = hashByte(typeHash, byte);
      t++;
    }
    if (t === typeStart) return false;
    const dataStart = t + 2;
    const level = this.levelNames.of(buf, levelStart, r, levelHash);
    const type = this.typeNames.of(buf, typeStart, t, typeHash);
    let stage = this.stage(buf, dataStart, end);
    if (stage < 0) stage = this.noStage < 0 ? (this.noStage = this.columns.stages.of(NO_STAGE)) : this.noStage;
    this.columns.add(ms, elapsed, level, type, stage, this.lineNumber, base + start);
    return true;
  }

  /** The stage id of the first `'stage': 'x'` in a payload, -1 when none (`quotedField` on bytes). */
  private stage(buf: Buffer, start: number, end: number): number {
    // Horspool in the line: most bytes let it skip the key's length; a native search per line costs more.
    const length = STAGE_KEY.length;
    for (let i = start; i <= end - length;) {
      const byte = buf[i + length - 1]!;
      if (byte === 32) {
        let k = 0;
        while (k < length - 1 && buf[i + k] === STAGE_KEY[k]) k++;
        if (k === length - 1) return this.quoted(buf, i + length, end);
      }
      i += STAGE_SKIP[byte]!;
    }
    return -1;
  }

  /** A quoted value at `at` (`'x'` or `"x"`, backslash escapes), interned; -1 when not quoted or not closed. */
  private quoted(buf: Buffer, at: number, end: number): number {
    const quote = buf[at];
    if (quote !== 39 && quote !== 34) return -1;
    let escaped = false;
    let hash = HASH_START;
    for (let i = at + 1; i < end; i++) {
      const byte = buf[i]!;
      if (byte === 92) {
        escaped = true;
        i++;
      } else if (byte === quote) {
        if (!escaped) return this.stageNames.of(buf, at + 1, i, hash);
        // Rare: decode the escapes as the text reader does.
        const raw = buf.toString('utf8', at + 1, i);
        return this.columns.stages.of(raw.replace(/\\(.)/gsu, '$1'));
      } else hash = hashByte(hash, byte);
    }
    return -1;
  }
}

/** Timestamps read from their bytes; the day of the last one is kept, so that an event costs no Date call. */
export class ByteTimes {
  private day = -1;
  private dayMs = 0;

  /** `YYYY-MM-DD[T ]HH:MM:SS[.fraction]` read as UTC, as `timestampMs` does; NaN when it is not one. */
  time(buf: Buffer, start: number, end: number): number {
    if (end - start < 19) return Number.NaN;
    const sep = buf[start + 10];
    if (buf[start + 4] !== 45 || buf[start + 7] !== 45 || (sep !== 84 && sep !== 32) || buf[start + 13] !== 58 || buf[start + 16] !== 58) return Number.NaN;
    // Two digits as a number; anything but digits makes it NaN (a byte below '0' or above '9').
    const two = (at: number) => {
      const high = buf[start + at]! - 48;
      const low = buf[start + at + 1]! - 48;
      return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : Number.NaN;
    };
    const century = two(0);
    const year = two(2);
    const month = two(5);
    const date = two(8);
    const day = century * 1_000_000 + year * 10_000 + month * 100 + date;
    if (day !== this.day) {
      if (day !== day) return Number.NaN;
      this.day = day;
      this.dayMs = Date.UTC(century * 100 + year, month - 1, date);
    }
    let ms = this.dayMs + (two(11) * 3600 + two(14) * 60 + two(17)) * 1000;
    let i = start + 19;
    if (buf[i] === 46 && i + 1 < end && isDigit(buf[i + 1]!)) {
      i++;
      const from = i;
      let mantissa = 0;
      while (i < end && isDigit(buf[i]!)) mantissa = mantissa * 10 + buf[i++]! - 48;
      ms += (i - from <= 15 ? mantissa / POW10[i - from]! : Number(`0.${buf.toString('latin1', from, i)}`)) * 1000;
    }
    return ms;
  }
}
