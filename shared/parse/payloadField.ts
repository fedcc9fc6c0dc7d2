/**
 * A field of an event's payload as written (Python repr or JSON, FORMATS.md §2), found without
 * parsing it: `'key': 'value'` or `"key": 12.5`. Read for every span edge and LLM call of a
 * million-event log, so by scanning (a native indexOf for the key, then the few characters
 * around it), not by a regular expression: the same matches as `['"]key['"]\s*:\s*['"]([^'"]*)['"]`
 * and `['"]key['"]\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)`, first one in the text, at ~a third
 * of the cost (payloadField.test.ts holds them to it).
 */

const QUOTE = 39; // '
const DQUOTE = 34; // "
const isQuote = (c: number) => c === QUOTE || c === DQUOTE;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** What a regular expression's `\s` matches. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * Where the value of `key` starts (after its quotes, the colon and any spaces), for each place the
 * key stands quoted, first to last: `read` gives the value there, or null to look further on.
 */
function valueOf<T>(text: string, key: string, read: (at: number) => T | null): T | null {
  for (let at = text.indexOf(key, 1); at > 0; at = text.indexOf(key, at + 1)) {
    let i = at + key.length;
    if (!isQuote(text.charCodeAt(at - 1)) || !isQuote(text.charCodeAt(i))) continue;
    i++;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 58) continue; // :
    i++;
    while (isSpace(text.charCodeAt(i))) i++;
    const value = read(i);
    if (value !== null) return value;
  }
  return null;
}

/** `'key': 'value'` (or with double quotes, in any mix) anywhere in a payload as written; the first one. */
export function stringField(text: string, key: string): string | null {
  return valueOf(text, key, (at) => {
    if (!isQuote(text.charCodeAt(at))) return null;
    let end = at + 1;
    while (end < text.length && !isQuote(text.charCodeAt(end))) end++;
    return end < text.length ? text.slice(at + 1, end) : null;
  });
}

/** How many digits stand from `at`. */
function digits(text: string, at: number): number {
  let end = at;
  while (isDigit(text.charCodeAt(end))) end++;
  return end - at;
}

/** `'key': 12.5` (a decimal number, with a sign and an exponent or not) anywhere in a payload as written; the first one. */
export function numberField(text: string, key: string): number | null {
  return valueOf(text, key, (at) => {
    let end = at;
    if (text.charCodeAt(end) === 45) end++; // -
    const whole = digits(text, end);
    if (whole === 0) return null;
    end += whole;
    if (text.charCodeAt(end) === 46) {
      // .
      const fraction = digits(text, end + 1);
      if (fraction > 0) end += 1 + fraction;
    }
    const e = text.charCodeAt(end);
    if (e === 101 || e === 69) {
      // e, E
      const sign = text.charCodeAt(end + 1) === 43 || text.charCodeAt(end + 1) === 45 ? 1 : 0;
      const exponent = digits(text, end + 1 + sign);
      if (exponent > 0) end += 1 + sign + exponent;
    }
    return Number(text.slice(at, end));
  });
}
