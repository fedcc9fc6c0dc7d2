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
  /** 1-based line at `scanned`. */
  private scanLine = 1;
  private startLine = 1;
  /** Text outside any object that is not white space (a corrupt or foreign line). */
  private strayText = '';
  readonly stray: string[] = [];

  push(text: string): Array<{ text: string; line: number }> {
    this.buffer += text;
    const out: Array<{ text: string; line: number }> = [];
    const buffer = this.buffer;
    const end = buffer.length;
    // The state lives in locals while scanning: a verification_results.jsonl of a big run is
    // megabytes, nearly all of it inside strings, and a field read per character cost 4× more.
    let { depth, inString, escaped, start, startLine } = this;
    let line = this.scanLine;
    let i = this.scanned;
    while (i < end) {
      let code = buffer.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else {
          // Straight to the next quote, backslash or line end.
          while (code !== 34 && code !== 92 && code !== 10 && ++i < end) code = buffer.charCodeAt(i);
          if (i === end) break;
          if (code === 92 /* \ */) escaped = true;
          else if (code === 34 /* " */) inString = false;
        }
        if (code === 10) line++;
      } else if (code === 10) {
        line++;
        if (depth === 0) this.flushStray();
      } else if (depth === 0) {
        if (code === 123 /* { */) {
          this.flushStray();
          depth = 1;
          start = i;
          startLine = line;
        } else if (code !== 13) this.strayText += buffer[i];
      } else if (code === 34) inString = true;
      else if (code === 123 || code === 91) depth++;
      else if (code === 125 || code === 93) {
        depth--;
        if (depth === 0) out.push({ text: buffer.slice(start, i + 1), line: startLine });
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.startLine = startLine;
    // Keep only the unfinished object (if any) in the buffer.
    this.buffer = depth > 0 ? buffer.slice(start) : '';
    this.start = depth > 0 ? 0 : -1;
    this.scanned = this.buffer.length;
    this.scanLine = line;
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
