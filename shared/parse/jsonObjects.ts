/**
 * Splits a stream of concatenated JSON objects: `verification_results.jsonl` is pretty-printed
 * objects separated by blank lines (FORMATS.md §1.3), and `.jsonl` files are one per line.
 * Feed text as it arrives; an object is emitted only when its closing brace is seen, so a
 * half-written last object waits for the next read.
 */
export class JsonObjectSplitter {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private scanned = 0;
  /** 1-based line at the start of `buffer`. */
  private line = 1;
  private startLine = 1;
  /** Text outside any object that is not white space (a corrupt or foreign line). */
  private strayText = '';
  readonly stray: string[] = [];

  push(text: string): Array<{ text: string; line: number }> {
    this.buffer += text;
    const out: Array<{ text: string; line: number }> = [];
    const buffer = this.buffer;
    let lineAtScan = this.line + countNewlines(buffer, 0, this.scanned);
    for (let i = this.scanned; i < buffer.length; i++) {
      const code = buffer.charCodeAt(i);
      if (code === 10) lineAtScan++;
      if (this.depth === 0) {
        if (code === 123 /* { */) {
          this.flushStray();
          this.depth = 1;
          this.start = i;
          this.startLine = lineAtScan;
        } else if (code === 10) {
          this.flushStray();
        } else if (code !== 13) {
          this.strayText += buffer[i];
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === 92 /* \ */) this.escaped = true;
        else if (code === 34 /* " */) this.inString = false;
        continue;
      }
      if (code === 34) this.inString = true;
      else if (code === 123 || code === 91) this.depth++;
      else if (code === 125 || code === 93) {
        this.depth--;
        if (this.depth === 0) out.push({ text: buffer.slice(this.start, i + 1), line: this.startLine });
      }
    }
    // Keep only the unfinished object (if any) in the buffer.
    const keepFrom = this.depth > 0 ? this.start : buffer.length;
    this.line += countNewlines(buffer, 0, keepFrom);
    this.buffer = buffer.slice(keepFrom);
    this.scanned = this.buffer.length;
    if (this.depth > 0) this.start = 0;
    return out;
  }

  /** Text of an object still waiting for its end (a live writer mid-record, or a truncated file). */
  get pending(): string {
    return this.depth > 0 ? this.buffer : '';
  }

  private flushStray(): void {
    if (this.strayText.trim() !== '') this.stray.push(this.strayText.trim());
    this.strayText = '';
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}
