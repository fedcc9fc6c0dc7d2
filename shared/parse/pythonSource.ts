/**
 * Python source as the integrity rules read it (shared/analysis/integrity.ts): line by line, with a
 * view in which comments and the insides of string literals are blanked (same lengths, so columns
 * and lines still point at the source), and the functions and classes it defines by indentation.
 * Not a parser: a kernel file that does not parse still reads, and a rule's line is always a
 * line of the file as written.
 */

export interface PyFunction {
  readonly name: string;
  /** Parameter names, in order (`self` included). */
  readonly params: readonly string[];
  /** Decorator lines' text (`triton.jit`, `triton.autotune(…)`), without the `@`. */
  readonly decorators: readonly string[];
  /** 0-based index of the `def` line. */
  readonly start: number;
  /** 0-based index of the first line after the body. */
  readonly end: number;
  /** The class it is a method of; null at the top level (or nested in a function). */
  readonly className: string | null;
}

export interface PythonSource {
  /** The lines as written. */
  readonly lines: readonly string[];
  /** The same lines with comments and string contents blanked (quotes kept). */
  readonly code: readonly string[];
  readonly functions: readonly PyFunction[];
}

/** Blanks comments and the contents of string literals, keeping every other character where it is. */
function blank(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (c !== '"' && c !== "'") {
      i++;
      continue;
    }
    // A string: its prefix letters (r, b, f, u) stay; a raw string still ends only at an unescaped quote.
    const triple = text.startsWith(c.repeat(3), i);
    const quote = triple ? c.repeat(3) : c;
    i += quote.length;
    while (i < text.length) {
      if (text[i] === '\\') {
        out[i] = ' ';
        if (i + 1 < text.length && text[i + 1] !== '\n') out[i + 1] = ' ';
        i += 2;
        continue;
      }
      if (text.startsWith(quote, i)) {
        i += quote.length;
        break;
      }
      if (text[i] === '\n') {
        if (!triple) break; // an unclosed one-line string ends with its line
      } else out[i] = ' ';
      i++;
    }
  }
  return out.join('');
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

const DEF = /^(\s*)(?:async\s+)?def\s+(\w+)\s*\(([^)]*)\)?/;
const CLASS = /^(\s*)class\s+(\w+)/;

export function readPython(text: string): PythonSource {
  const lines = text.split(/\r\n|\r|\n/);
  const code = blank(lines.join('\n')).split('\n');
  const classes: Array<{ name: string; indent: number; end: number }> = [];
  const functions: PyFunction[] = [];
  const defIndents: number[] = [];
  // The end of a block: the first non-blank line at or left of its header's indentation.
  const blockEnd = (start: number, indent: number): number => {
    for (let j = start + 1; j < code.length; j++) if (code[j]!.trim() !== '' && indentOf(code[j]!) <= indent) return j;
    return code.length;
  };
  for (let i = 0; i < code.length; i++) {
    const line = code[i]!;
    const klass = CLASS.exec(line);
    if (klass) {
      classes.push({ name: klass[2]!, indent: klass[1]!.length, end: blockEnd(i, klass[1]!.length) });
      continue;
    }
    const def = DEF.exec(line);
    if (!def) continue;
    const indent = def[1]!.length;
    const decorators: string[] = [];
    for (let j = i - 1; j >= 0 && code[j]!.trim().startsWith('@'); j--) decorators.unshift(code[j]!.trim().slice(1));
    // Parameters may run over several lines: read on to the closing parenthesis.
    let header = line.slice(line.indexOf('(') + 1);
    for (let j = i + 1; !header.includes(')') && j < code.length && j < i + 20; j++) header += code[j];
    const params = header
      .slice(0, header.includes(')') ? header.indexOf(')') : undefined)
      .split(',')
      .map((param) =>
        param
          .replace(/[:=].*$/s, '')
          .trim()
          .replace(/^\*+/, ''),
      )
      .filter((param) => /^\w+$/.test(param));
    // A method is a def of a class with no def between them (a function nested in a method is not one).
    const owner = [...classes].reverse().find((c) => c.indent < indent && i < c.end);
    const isNested = defIndents.some((d, k) => d < indent && functions[k]!.start < i && i < functions[k]!.end && (!owner || d > owner.indent));
    defIndents.push(indent);
    functions.push({ name: def[2]!, params, decorators, start: i, end: blockEnd(i, indent), className: owner && !isNested ? owner.name : null });
  }
  return { lines, code, functions };
}
