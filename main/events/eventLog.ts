import type { AgentEvent, EventSummary } from '../../shared/model/events';
import type { EventLogFormat } from '../../shared/model/trace';
import { decodeText } from '../../shared/parse/text';
import { joinRelPath } from '../../shared/parse/relPath';
import { JsonlEventParser, READABLE_HEADER, readablePayloadStart } from '../../shared/parse/trackerLog';
import { AppendReader } from '../files/appendReader';
import { EventColumns } from '../../shared/analysis/eventColumns';
import type { PayloadReads } from '../../shared/analysis/payloadReads';
import { JsonEventIndex } from './jsonLog';
import { indexLogFile, type PartOptions } from './logParts';
import { ReadableLogIndex } from './readableLog';
import { problem, type RootGate } from '../files/gate';

type Source =
  | { kind: 'json'; name: string; index: JsonEventIndex; size: number }
  | { kind: 'readable'; name: string; reader: AppendReader; index: ReadableLogIndex }
  | { kind: 'jsonl'; name: string; reader: AppendReader; parser: JsonlEventParser; decoder: TextDecoder; columns: EventColumns };

/** A source indexed from its bytes (the readable log, the final JSON): its events are read from the file when shown. */
type Indexed = Source & { kind: 'readable' | 'json' };

const isIndexed = (source: Source | null): source is Indexed => source?.kind === 'readable' || source?.kind === 'json';

/** How much of a readable log is read at once when events are shown or searched. */
const SCAN_BYTES = 8 * 1024 * 1024;
const NO_EVENTS = new EventColumns();

/**
 * Each tracker family's files, best first (FORMATS.md §2). The documented tracker and v1 write a
 * final JSON once, at the end: complete, it wins; truncated or absent, the appended log is used.
 * v2's `trace.jsonl` holds all three line shapes, its `trace_full.json` only tracker events, so
 * there the appended file wins and the JSON is the fallback.
 */
const FAMILIES: ReadonlyArray<{ format: EventLogFormat; order: ReadonlyArray<{ name: string; kind: 'json' | 'readable' | 'jsonl' }> }> = [
  {
    format: 'documented',
    order: [
      { name: 'execution_tracker.json', kind: 'json' },
      { name: 'execution_tracker_readable.txt', kind: 'readable' },
    ],
  },
  {
    format: 'mm_v1',
    order: [
      { name: 'execution_tracker_complete.json', kind: 'json' },
      { name: 'execution_tracker.jsonl', kind: 'jsonl' },
    ],
  },
  {
    format: 'mm_v2',
    order: [
      { name: 'trace.jsonl', kind: 'jsonl' },
      { name: 'trace_full.json', kind: 'json' },
    ],
  },
];

export class EventLogReader {
  private source: Source | null = null;
  private warnings: string[] = [];
  format: EventLogFormat | null = null;

  /**
   * @param relDir the root-relative folder of the log files; every read goes through `gate`.
   * @param parts how a big log is cut to be indexed on every core (logParts.ts; tests make small parts).
   */
  constructor(
    private readonly gate: RootGate,
    private readonly relDir: string,
    private readonly parts: PartOptions = {},
  ) {}

  /** Re-reads what changed. `names` are the file names now present in the folder. */
  async refresh(names: ReadonlySet<string>): Promise<void> {
    const warnings: string[] = [];
    for (const family of FAMILIES) {
      for (const candidate of family.order) {
        if (!names.has(candidate.name)) continue;
        if (candidate.kind === 'readable' && !(await this.isDocumentedReadable(candidate.name))) continue;
        if (candidate.kind === 'json') {
          // Indexed already, and not written again since (its events are read from it by offset).
          if (this.source?.kind === 'json' && this.source.name === candidate.name && (await this.sizeOf(candidate.name)) === this.source.size) return;
          const result = await this.readFinalJson(candidate.name);
          if ('error' in result) {
            warnings.push(`${result.truncated ? `${this.rel(candidate.name)}: truncated (the writer stopped mid-file)` : result.error}; not used`);
            continue;
          }
          this.source = { kind: 'json', name: candidate.name, index: result.index, size: result.size };
          if (result.index.skipped > 0) warnings.push(`${this.rel(candidate.name)}: ${result.index.skipped} entries are not tracker events`);
        } else {
          await this.tail(candidate.name, candidate.kind, warnings);
        }
        this.format = family.format;
        this.warnings = warnings;
        return;
      }
    }
    this.source = null;
    this.format = null;
    this.warnings = [...warnings, `${this.relDir || '.'}: no readable tracker log here`];
  }

  private async tail(name: string, kind: 'readable' | 'jsonl', warnings: string[]): Promise<void> {
    const start = (reader: AppendReader): Source & { kind: 'readable' | 'jsonl' } =>
      kind === 'readable'
        ? { kind, name, reader, index: new ReadableLogIndex() }
        : { kind, name, reader, parser: new JsonlEventParser(this.rel(name)), decoder: new TextDecoder(), columns: new EventColumns() };
    let source = this.source?.name === name && this.source.kind !== 'json' ? this.source : start(new AppendReader(this.gate, this.rel(name)));
    this.source = source;
    try {
      // A readable log read for the first time: on every core when it is big (logParts.ts), then followed from where that stopped.
      if (source.kind === 'readable' && source.reader.position === 0) {
        const { index, readTo } = await indexLogFile(this.gate, this.rel(name), 'readable', this.parts);
        source.reader.resumeAt(readTo);
        this.source = source = { ...source, index };
      }
      await source.reader.readAll((bytes, restarted) => {
        if (restarted) {
          // Read again from the start: a new index, and the same reader (it knows the new file).
          this.source = source = start(source.reader);
          warnings.push(`${this.rel(name)}: the file shrank and was read again from the start`);
        }
        if (source.kind === 'readable') source.index.push(bytes);
        else {
          source.parser.push(source.decoder.decode(bytes, { stream: true }));
          const { events } = source.parser;
          for (let i = source.columns.count; i < events.length; i++) source.columns.addEvent(events[i]!, i);
        }
      });
    } catch (error) {
      warnings.push(problem(this.rel(name), error));
    }
    const pending = source.kind === 'readable' ? source.index.pending.toString('utf8') : source.parser.pendingText;
    if (pending.trim() !== '') warnings.push(`${this.rel(name)}: its last line is not complete yet (still being written?)`);
    if (source.kind === 'jsonl') warnings.push(...source.parser.warnings);
    else if (source.index.strayLines.length > 0) warnings.push(`${this.rel(name)}: ${source.index.strayLines.length} lines before the first event header`);
  }

  /** Every event's time, level, type and stage; a new object when the source starts over. */
  get columns(): EventColumns {
    const source = this.source;
    return source === null ? NO_EVENTS : source.kind === 'jsonl' ? source.columns : source.index.columns;
  }

  /** Event `i` with its payload; null when it is not there (any more: the file changed under the index). */
  event(i: number): AgentEvent | null {
    let found: AgentEvent | null = null;
    if (i >= 0 && i < this.columns.count && Number.isInteger(i)) this.scan(i, i + 1, (event) => (found = event));
    return found;
  }

  /**
   * Events `from` to `to` (exclusive) with their payloads, in order; `wanted` skips the others
   * without decoding them. A readable log is read in pieces, never kept.
   */
  scan(from: number, to: number, visit: (event: AgentEvent) => void, wanted?: (i: number) => boolean): void {
    const source = this.source;
    if (!isIndexed(source)) {
      this.visitListed(from, to, wanted, visit);
      return;
    }
    this.readEvents(source, from, to, wanted, (k, bytes) => {
      const event = source.index.event(k, bytes);
      if (event) visit(event);
    });
  }

  /**
   * `scan` for readers of the payload as written (span keys): each event's text, whole, without
   * making an event of it (for a readable log: its lines, header included; for the final JSON: its
   * object). Where the events are already made (JSONL trackers), `event` is the event and `text`
   * its payload.
   */
  scanText(from: number, to: number, visit: (i: number, text: string, event: AgentEvent | null) => void, wanted?: (i: number) => boolean): void {
    const source = this.source;
    if (!isIndexed(source)) {
      this.visitListed(from, to, wanted, (event, i) => visit(i, event.rawData, event));
      return;
    }
    this.readEvents(source, from, to, wanted, (k, bytes) => visit(k, bytes.toString('utf8'), null));
  }

  /** What a final JSON's index read of its payloads (PayloadReads), for the first EventQuery to take. */
  payloadReads(): PayloadReads | null {
    return this.source?.kind === 'json' ? this.source.index.reads : null;
  }

  /** Where the payload starts in an event's text from scanText (after a readable header; a JSON object's `data`). */
  payloadStart(text: string): number {
    return this.source?.kind === 'json' ? JsonEventIndex.payloadStart(text) : readablePayloadStart(text);
  }

  /** The wanted events `from`–`to` of a source that holds its events (JSONL trackers). */
  private visitListed(from: number, to: number, wanted: ((i: number) => boolean) | undefined, visit: (event: AgentEvent, i: number) => void): void {
    const source = this.source;
    if (source?.kind !== 'jsonl') return;
    const events = source.parser.events;
    for (let i = Math.max(0, from); i < Math.min(to, this.columns.count); i++) if (!wanted || wanted(i)) visit(events[i]!, i);
  }

  /** Where readEvents reads into (grown for an event larger than SCAN_BYTES). */
  private scratch: Buffer = Buffer.alloc(0);

  /** The bytes of each wanted event of an indexed log, read SCAN_BYTES at a time. */
  private readEvents(source: Indexed, from: number, to: number, wanted: ((i: number) => boolean) | undefined, visit: (i: number, bytes: Buffer) => void): void {
    const { index } = source;
    to = Math.min(to, index.columns.count);
    const opened = this.gate.openFileSync(this.rel(source.name));
    if (!opened.ok) return; // gone or swapped for something not to be read: the next refresh says so
    const file = opened.value;
    // One buffer for every read (visitors take strings or events, never the bytes): a new 8 MB
    // buffer per read left the process larger than it needs to be once the allocator kept them.
    // Taken while in use, so that a read from inside a visitor gets a buffer of its own.
    let scratch = this.scratch;
    this.scratch = Buffer.alloc(0);
    try {
      for (let i = Math.max(0, from); i < to;) {
        while (i < to && wanted && !wanted(i)) i++;
        if (i >= to) break;
        // One read for the events that fit in SCAN_BYTES from this one (at least this one).
        const { start } = index.range(i);
        let j = i + 1;
        while (j < to && index.range(j).end - start <= SCAN_BYTES) j++;
        const length = index.range(j - 1).end - start;
        if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, SCAN_BYTES));
        const bytes = scratch.subarray(0, length);
        const read = file.readAt(bytes, start);
        for (let k = i; k < j; k++) {
          if (wanted && !wanted(k)) continue;
          const range = index.range(k);
          if (range.end - start > read) return; // the file shrank: the next refresh starts over
          visit(k, bytes.subarray(range.start - start, range.end - start));
        }
        i = j;
      }
    } finally {
      file.close();
      this.scratch = scratch;
    }
  }

  /** Every event with its payload, all made at once (the tests compare the indexes with it; a view reads a window). */
  allEvents(): AgentEvent[] {
    const events: AgentEvent[] = [];
    this.scan(0, this.columns.count, (event) => events.push(event));
    return events;
  }

  summary(): EventSummary {
    return this.columns.summary(this.source ? this.rel(this.source.name) : '', this.warnings);
  }

  private rel(name: string): string {
    return joinRelPath(this.relDir, name);
  }

  /** The final JSON, indexed from its bytes (jsonLog.ts; a big one on every core, logParts.ts): the file is never one string, its events never all made. */
  private async readFinalJson(name: string): Promise<{ index: JsonEventIndex; size: number } | { error: string; truncated: boolean }> {
    let index: JsonEventIndex;
    let size: number;
    try {
      ({ index, size } = await indexLogFile(this.gate, this.rel(name), 'json', this.parts));
    } catch (error) {
      return { error: problem(this.rel(name), error), truncated: false };
    }
    if (index.problem) return { error: `${this.rel(name)}: ${index.problem}`, truncated: false };
    if (!index.isComplete) return { error: 'truncated', truncated: true };
    if (!index.sawEvents) return { error: `${this.rel(name)}: no "events" list`, truncated: false };
    return { index, size };
  }

  private async sizeOf(name: string): Promise<number | null> {
    const stat = await this.gate.statFile(this.rel(name));
    return stat.ok ? stat.value.size : null;
  }

  /** The documented readable log starts with an event header; v1's with a '====' banner. */
  private async isDocumentedReadable(name: string): Promise<boolean> {
    if (this.source?.kind === 'readable' && this.source.name === name) return true;
    try {
      const read = await this.gate.read(this.rel(name), 0, 4096);
      if (!read.ok) return false;
      const head = decodeText(read.value.bytes).text;
      const lines = head.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
      // Empty: a documented log that has not logged yet. v1's readable log has a banner and
      // `[ts] TYPE | name` lines, never the documented `[ts] (+…s) [LEVEL] type: data` header.
      return lines.length === 0 || lines.some((line) => READABLE_HEADER.test(line));
    } catch {
      return false;
    }
  }
}
