import type { AgentEvent, EventSummary } from '../shared/model/events';
import type { EventLogFormat } from '../shared/model/trace';
import { decodeText } from '../shared/parse/text';
import { parseLenientJson } from '../shared/parse/lenientJson';
import { TrackerJsonStream } from '../shared/parse/trackerJsonStream';
import { EventCounter, eventFromJson, JsonlEventParser, READABLE_HEADER, ReadableLogParser } from '../shared/parse/trackerLog';
import { AppendReader } from './appendReader';
import { readHead } from './files';
import { describeFsError } from './walk';

type Source =
  | { kind: 'json'; name: string; events: AgentEvent[] }
  | { kind: 'readable'; name: string; reader: AppendReader; parser: ReadableLogParser }
  | { kind: 'jsonl'; name: string; reader: AppendReader; parser: JsonlEventParser };

/**
 * Each tracker family's files, best first (FORMATS.md §2). The documented tracker and v1 write a
 * final JSON once, at the end: complete, it wins; truncated or absent, the appended log is used.
 * v2's `trace.jsonl` holds all three line shapes, its `trace_full.json` only tracker events, so
 * there the appended file wins and the JSON is the fallback.
 */
const FAMILIES: ReadonlyArray<{ format: EventLogFormat; order: ReadonlyArray<{ name: string; kind: 'json' | 'readable' | 'jsonl' }> }> = [
  { format: 'documented', order: [{ name: 'execution_tracker.json', kind: 'json' }, { name: 'execution_tracker_readable.txt', kind: 'readable' }] },
  { format: 'mm_v1', order: [{ name: 'execution_tracker_complete.json', kind: 'json' }, { name: 'execution_tracker.jsonl', kind: 'jsonl' }] },
  { format: 'mm_v2', order: [{ name: 'trace.jsonl', kind: 'jsonl' }, { name: 'trace_full.json', kind: 'json' }] },
];

export class EventLogReader {
  private source: Source | null = null;
  private warnings: string[] = [];
  format: EventLogFormat | null = null;

  /** @param dir absolute folder; @param relDir its root-relative path, for messages. */
  constructor(
    private readonly dir: string,
    private readonly relDir: string,
  ) {}

  /** Re-reads what changed. `names` are the file names now present in the folder. */
  async refresh(names: ReadonlySet<string>): Promise<void> {
    const warnings: string[] = [];
    for (const family of FAMILIES) {
      for (const candidate of family.order) {
        if (!names.has(candidate.name)) continue;
        if (candidate.kind === 'readable' && !(await this.isDocumentedReadable(candidate.name))) continue;
        if (candidate.kind === 'json') {
          if (this.source?.kind === 'json' && this.source.name === candidate.name) return;
          const result = await this.readFinalJson(candidate.name);
          if ('error' in result) {
            warnings.push(`${this.rel(candidate.name)}: ${result.truncated ? 'truncated (the writer stopped mid-file)' : result.error}; not used`);
            continue;
          }
          this.source = { kind: 'json', name: candidate.name, events: result.events };
          if (result.skipped > 0) warnings.push(`${this.rel(candidate.name)}: ${result.skipped} entries are not tracker events`);
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
    if (this.source?.name !== name || this.source.kind === 'json') {
      const reader = new AppendReader(`${this.dir}/${name}`);
      this.source =
        kind === 'readable'
          ? { kind, name, reader, parser: new ReadableLogParser() }
          : { kind, name, reader, parser: new JsonlEventParser(this.rel(name)) };
    }
    const source = this.source;
    try {
      await source.reader.readAll((text, restarted) => {
        if (restarted) {
          source.parser = source.kind === 'readable' ? new ReadableLogParser() : new JsonlEventParser(this.rel(name));
          warnings.push(`${this.rel(name)}: the file shrank and was read again from the start`);
        }
        source.parser.push(text);
      });
    } catch (error) {
      warnings.push(`${this.rel(name)}: ${describeFsError(error)}`);
    }
    if (source.parser.pendingText.trim() !== '') warnings.push(`${this.rel(name)}: its last line is not complete yet (still being written?)`);
    if (source.kind === 'jsonl') warnings.push(...source.parser.warnings);
    else if (source.parser.strayLines.length > 0) warnings.push(`${this.rel(name)}: ${source.parser.strayLines.length} lines before the first event header`);
  }

  events(): readonly AgentEvent[] {
    return this.source?.kind === 'json' ? this.source.events : (this.source?.parser.events ?? []);
  }

  summary(): EventSummary {
    const events = this.events();
    // Counts grow with the events; a new source (or a restarted file) starts them again.
    if (this.counted.source !== this.source || this.counted.events !== events || this.counted.counter.count > events.length) {
      this.counted = { source: this.source, events, counter: new EventCounter() };
    }
    const { counter } = this.counted;
    for (let i = counter.count; i < events.length; i++) counter.add(events[i]!);
    return counter.summary(this.source ? this.rel(this.source.name) : '', this.warnings);
  }

  private counted: { source: Source | null; events: readonly AgentEvent[]; counter: EventCounter } = { source: null, events: [], counter: new EventCounter() };

  private rel(name: string): string {
    return this.relDir === '' ? name : `${this.relDir}/${name}`;
  }

  /** The final JSON, streamed: events are parsed one by one, the file never held as one string. */
  private async readFinalJson(name: string): Promise<{ events: AgentEvent[]; skipped: number } | { error: string; truncated: boolean }> {
    const stream = new TrackerJsonStream();
    const events: AgentEvent[] = [];
    let skipped = 0;
    try {
      await new AppendReader(`${this.dir}/${name}`).readAll((text) => {
        for (const item of stream.push(text)) {
          const parsed = parseLenientJson(item);
          const event = parsed.ok ? eventFromJson(parsed.value, events.length, 0) : null;
          if (event) events.push(event);
          else skipped++;
        }
      });
    } catch (error) {
      return { error: describeFsError(error), truncated: false };
    }
    if (stream.problem) return { error: stream.problem, truncated: false };
    if (!stream.isComplete) return { error: 'truncated', truncated: true };
    if (!stream.sawEvents) return { error: 'no "events" list', truncated: false };
    return { events, skipped };
  }

  /** The documented readable log starts with an event header; v1's with a '====' banner. */
  private async isDocumentedReadable(name: string): Promise<boolean> {
    if (this.source?.kind === 'readable' && this.source.name === name) return true;
    try {
      const head = decodeText(await readHead(`${this.dir}/${name}`, 4096)).text;
      const lines = head.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
      // Empty: a documented log that has not logged yet. v1's readable log has a banner and
      // `[ts] TYPE | name` lines, never the documented `[ts] (+…s) [LEVEL] type: data` header.
      return lines.length === 0 || lines.some((line) => READABLE_HEADER.test(line));
    } catch {
      return false;
    }
  }
}
