import { JsonObjectSplitter } from '../../shared/parse/jsonObjects';
import { AppendReader } from '../files/appendReader';
import type { RootGate } from '../files/gate';

/** Reads one append-only record file incrementally and keeps everything parsed so far. */
export class RecordFile<T> {
  readonly reader: AppendReader;
  items: T[] = [];
  warnings: string[] = [];
  private partial = '';
  private splitter = new JsonObjectSplitter();

  constructor(
    gate: RootGate,
    /** Root-relative path, also named in warnings. */
    private readonly rel: string,
    private readonly kind: 'lines' | 'objects',
    /** One record's text and the line it starts on (1-based) → the record, or why it is not one. */
    private readonly parse: (text: string, line: number) => T | string,
  ) {
    this.reader = new AppendReader(gate, rel);
  }

  /** Problems so far, and a last record still being written (or cut off). */
  currentWarnings(): string[] {
    for (const stray of this.splitter.stray.splice(0)) this.warnings.push(`${this.rel}: text outside any JSON object: ${stray.slice(0, 80)}`);
    const pending = this.kind === 'objects' ? this.splitter.pending : this.partial;
    return pending.trim() === '' ? this.warnings : [...this.warnings, `${this.rel}: its last record is not complete yet (still being written?)`];
  }

  async update(): Promise<void> {
    await this.reader.readAll((bytes, restarted) => {
      if (restarted) {
        this.decoder = new TextDecoder();
        this.items = [];
        this.warnings = [];
        this.partial = '';
        this.lineNumber = 0;
        this.splitter = new JsonObjectSplitter();
      }
      const text = this.decoder.decode(bytes, { stream: true });
      const chunks = this.kind === 'objects' ? this.splitter.push(text).map((object) => ({ text: object.text, where: object.line })) : this.lines(text);
      for (const chunk of chunks) {
        const item = this.parse(chunk.text, chunk.where);
        if (typeof item === 'string') this.warnings.push(`${this.rel}:${chunk.where}: ${item}`);
        else this.items.push(item);
      }
    });
  }

  private lineNumber = 0;
  private decoder = new TextDecoder();
  private lines(text: string): Array<{ text: string; where: number }> {
    const parts = (this.partial + text).split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? '';
    const out: Array<{ text: string; where: number }> = [];
    for (const line of parts) {
      this.lineNumber++;
      if (line.trim() !== '') out.push({ text: line, where: this.lineNumber });
    }
    return out;
  }
}
