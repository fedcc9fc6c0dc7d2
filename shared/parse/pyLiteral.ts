/**
 * A tolerant parser for the Python reprs in tracker logs (FORMATS.md §2.1): literals are parsed,
 * anything else (`nan`, `inf`, `datetime.datetime(…)`, `PosixPath('/x')`, `<object at 0x…>`) is
 * kept as raw text in place, and text that is not a repr at all becomes one raw value. It never
 * throws, so no event is ever dropped for its payload.
 */
import type { Plain } from '../model/plain';
export type PyValue =
  | { readonly t: 'none' }
  | { readonly t: 'bool'; readonly v: boolean }
  /** Python ints are unbounded: kept as their digits. */
  | { readonly t: 'int'; readonly v: string }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  /** The bytes literal as written, e.g. `b'\x00'`. */
  | { readonly t: 'bytes'; readonly v: string }
  | { readonly t: 'list' | 'tuple' | 'set'; readonly items: readonly PyValue[] }
  | { readonly t: 'dict'; readonly entries: ReadonlyArray<readonly [PyValue, PyValue]> }
  | { readonly t: 'raw'; readonly text: string };

class Fail extends Error {}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

class PyParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseAll(): PyValue {
    try {
      const value = this.value();
      this.ws();
      if (this.i === this.s.length && value.t !== 'raw') return value;
    } catch (error) {
      if (!(error instanceof Fail)) throw error;
    }
    return { t: 'raw', text: this.s };
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private value(): PyValue {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) throw new Fail();
    if (c === '{') return this.braces();
    if (c === '[') return { t: 'list', items: this.sequence(']').items };
    if (c === '(') {
      const { items, trailingComma } = this.sequence(')');
      return items.length === 1 && !trailingComma ? items[0]! : { t: 'tuple', items };
    }
    const prefix = /^([rRbBuU]{0,2})(['"])/.exec(this.s.slice(this.i, this.i + 3));
    if (prefix) return this.string(prefix[1]!.toLowerCase());
    const number = /^[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?(?![\w.])/.exec(this.s.slice(this.i, this.i + 400));
    if (number) {
      this.i += number[0].length;
      const text = number[0].replaceAll('_', '');
      return /[.eE]/.test(text) ? { t: 'float', v: Number(text) } : { t: 'int', v: text.replace(/^\+/, '') };
    }
    const word = /^[A-Za-z_]\w*/.exec(this.s.slice(this.i, this.i + 64))?.[0];
    const next = this.s[this.i + (word?.length ?? 0)];
    const standalone = next === undefined || !/[\w.(]/.test(next);
    if (standalone && (word === 'True' || word === 'False')) {
      this.i += word.length;
      return { t: 'bool', v: word === 'True' };
    }
    if (standalone && word === 'None') {
      this.i += 4;
      return { t: 'none' };
    }
    return this.raw();
  }

  /** `{}` dict, `{k: v}` dict or `{a, b}` set. */
  private braces(): PyValue {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { t: 'dict', entries: [] };
    }
    const first = this.value();
    this.ws();
    if (this.s[this.i] !== ':') {
      const items = [first, ...this.rest('}').items];
      return { t: 'set', items };
    }
    const entries: Array<readonly [PyValue, PyValue]> = [];
    let key = first;
    for (;;) {
      this.expect(':');
      entries.push([key, this.value()]);
      this.ws();
      if (this.s[this.i] === '}') break;
      this.expect(',');
      this.ws();
      if (this.s[this.i] === '}') break;
      key = this.value();
    }
    this.i++;
    return { t: 'dict', entries };
  }

  private sequence(close: string): { items: PyValue[]; trailingComma: boolean } {
    this.i++;
    this.ws();
    if (this.s[this.i] === close) {
      this.i++;
      return { items: [], trailingComma: false };
    }
    const first = this.value();
    const rest = this.rest(close);
    return { items: [first, ...rest.items], trailingComma: rest.trailingComma };
  }

  /** After a first item: `, item`* then the closer. */
  private rest(close: string): { items: PyValue[]; trailingComma: boolean } {
    const items: PyValue[] = [];
    let trailingComma = false;
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) break;
      this.expect(',');
      this.ws();
      if (this.s[this.i] === close) {
        trailingComma = true;
        break;
      }
      items.push(this.value());
    }
    this.i++;
    return { items, trailingComma };
  }

  private expect(char: string): void {
    this.ws();
    if (this.s[this.i] !== char) throw new Fail();
    this.i++;
  }

  private string(prefix: string): PyValue {
    const start = this.i;
    this.i += prefix.length;
    const quote = this.s[this.i]!;
    this.i++;
    const isRaw = prefix.includes('r');
    const isBytes = prefix.includes('b');
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === '\n') throw new Fail();
      this.i++;
      if (c === quote) break;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i];
      if (e === undefined) throw new Fail();
      if (isRaw) {
        out += c + e;
        this.i++;
        continue;
      }
      this.i++;
      if (Object.hasOwn(SIMPLE_ESCAPES, e)) out += SIMPLE_ESCAPES[e];
      else if (e === 'x' || (!isBytes && (e === 'u' || e === 'U'))) {
        const length = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = this.s.slice(this.i, this.i + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new Fail();
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) throw new Fail();
        out += String.fromCodePoint(code);
        this.i += length;
      } else if (/[0-7]/.test(e)) {
        const octal = /^[0-7]{1,3}/.exec(this.s.slice(this.i - 1, this.i + 2))![0];
        out += String.fromCodePoint(Number.parseInt(octal, 8));
        this.i += octal.length - 1;
      } else if (e === 'N' && !isBytes && this.s[this.i] === '{') {
        const end = this.s.indexOf('}', this.i);
        if (end < 0) throw new Fail();
        out += `\\N${this.s.slice(this.i, end + 1)}`; // named escapes: kept as written
        this.i = end + 1;
      } else out += c + e; // Python keeps unknown escapes as written
    }
    return isBytes ? { t: 'bytes', v: this.s.slice(start, this.i) } : { t: 'str', v: out };
  }

  /** A non-literal in place: everything up to the next `,` `:` or closer at its own depth. */
  private raw(): PyValue {
    const start = this.i;
    const stack: string[] = [];
    const angled = this.s[this.i] === '<';
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === "'" || c === '"') {
        this.i++;
        while (this.i < this.s.length && this.s[this.i] !== c) this.i += this.s[this.i] === '\\' ? 2 : 1;
        this.i++;
        continue;
      }
      if (stack.length === 0) {
        if (angled && c === '>' && this.i > start) {
          this.i++;
          break;
        }
        if (!angled && (c === ',' || c === ':' || c === ')' || c === ']' || c === '}')) break;
      }
      if (CLOSERS[c]) stack.push(CLOSERS[c]);
      else if (c === stack[stack.length - 1]) stack.pop();
      else if (c === ')' || c === ']' || c === '}') {
        if (stack.length === 0) break;
        throw new Fail();
      }
      this.i++;
    }
    const text = this.s.slice(start, this.i).trimEnd();
    if (text === '') throw new Fail();
    return { t: 'raw', text };
  }
}

export function parsePyLiteral(text: string): PyValue {
  return new PyParser(text).parseAll();
}

/** Plain JSON-like data for display and analysis; raw text becomes `{ $raw: text }`. */
export function pyToPlain(value: PyValue): Plain {
  switch (value.t) {
    case 'none':
      return null;
    case 'bool':
    case 'str':
    case 'bytes':
      return value.v;
    case 'float':
      return value.v;
    case 'int': {
      const number = Number(value.v);
      return Number.isSafeInteger(number) ? number : value.v;
    }
    case 'list':
    case 'tuple':
    case 'set':
      return value.items.map(pyToPlain);
    case 'dict': {
      const out: { [key: string]: Plain } = {};
      for (const [key, item] of value.entries) out[keyText(key)] = pyToPlain(item);
      return out;
    }
    case 'raw':
      return { $raw: value.text };
  }
}

function keyText(key: PyValue): string {
  switch (key.t) {
    case 'str':
    case 'int':
    case 'bytes':
      return key.v;
    case 'raw':
      return key.text;
    default:
      return JSON.stringify(pyToPlain(key));
  }
}
