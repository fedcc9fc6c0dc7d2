/**
 * A tracker's final JSON (`{…, "events": [ {…}, {…} ], …}`, FORMATS.md §2) read as a stream: each
 * event object is handed out as soon as it is complete, so a run of a million events is never one
 * giant string or one giant parse. Whether the whole file closed properly says if it is complete
 * or was cut off by a crashed writer.
 */
export class TrackerJsonStream {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The last string read at depth 1 (a key of the top object), and whether a ':' followed it. */
  private key = '';
  private keyStart = -1;
  private afterColon = false;
  /** Depth of the "events" array's items (2), or 0 when not inside it. */
  private inEvents = false;
  private itemStart = -1;
  private buffer = '';
  private isDone = false;
  /** Whether the top object had an "events" list at all. */
  sawEvents = false;
  private hasStarted = false;
  /** Text that is not what a tracker JSON holds (a top-level array, a second value, …). */
  problem: string | null = null;

  /** Feeds text; returns the event objects (as JSON text) completed by it. */
  push(text: string): string[] {
    const out: string[] = [];
    const base = this.buffer.length;
    this.buffer += text;
    const s = this.buffer;
    for (let i = base; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) {
          this.inString = false;
          if (this.depth === 1 && this.keyStart >= 0) this.key = s.slice(this.keyStart, i);
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.isDone) {
        this.problem ??= 'text after the end of the JSON value';
        continue;
      }
      if (c === 34) {
        this.inString = true;
        this.keyStart = this.depth === 1 && !this.afterColon ? i + 1 : -1;
        continue;
      }
      if (this.depth === 1) {
        if (c === 58 /* : */) this.afterColon = true;
        else if (c === 44 /* , */) this.afterColon = false;
      }
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (this.depth === 0) {
          this.hasStarted = true;
          if (c === 91) this.problem ??= 'not a JSON object with an "events" list';
        }
        if (this.depth === 1 && c === 91 && this.afterColon && this.key === 'events') this.inEvents = this.sawEvents = true;
        else if (this.depth === 2 && this.inEvents && c === 123) this.itemStart = i;
        this.depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth === 2 && this.itemStart >= 0) {
          out.push(s.slice(this.itemStart, i + 1));
          this.itemStart = -1;
        } else if (this.depth === 1 && this.inEvents) {
          this.inEvents = false;
        } else if (this.depth === 0) this.isDone = true;
      }
    }
    // Keep only what an unfinished item still needs.
    const keep = this.itemStart >= 0 ? this.itemStart : this.inString && this.keyStart >= 0 ? this.keyStart - 1 : this.buffer.length;
    if (keep > 0) {
      this.buffer = this.buffer.slice(keep);
      if (this.itemStart >= 0) this.itemStart -= keep;
      if (this.keyStart >= 0) this.keyStart -= keep;
    }
    return out;
  }

  /** True once the top-level value closed: the writer finished the file. */
  get isComplete(): boolean {
    return this.isDone && this.hasStarted;
  }
}
