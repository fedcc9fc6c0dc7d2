import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberField, stringField } from './payloadField';

// The patterns the scanners replace: they must find what these find, first match first.
const stringPattern = (key: string) => new RegExp(`['"]${key}['"]\\s*:\\s*['"]([^'"]*)['"]`);
const numberPattern = (key: string) => new RegExp(`['"]${key}['"]\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)`);
const byPattern = (pattern: RegExp, text: string) => pattern.exec(text)?.[1] ?? null;

/** Payload-like text: pieces of keys, quotes, spaces of every kind, colons, signs, digits, CJK. */
const payload = fc
  .array(
    fc.constantFrom(
      'model',
      'mod',
      'tokens_used',
      'stage',
      'sub_stage',
      "'",
      '"',
      ':',
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u3000',
      '-',
      '+',
      '.',
      'e',
      'E',
      '1',
      '42',
      '0.5',
      'x',
      '{',
      '}',
      ',',
      '设计',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('payload fields, found by scanning', () => {
  it('reads what the tracker writes, in either quoting', () => {
    const text = `{'stage': '设计', 'model': "deepseek-v3", "tokens_used": 1532, 'latency_seconds': 2.5e-1}`;
    expect([stringField(text, 'stage'), stringField(text, 'model'), stringField(text, 'tokens_used')]).toEqual(['设计', 'deepseek-v3', null]);
    expect([numberField(text, 'tokens_used'), numberField(text, 'latency_seconds'), numberField(text, 'model')]).toEqual([1532, 0.25, null]);
    // The first of several, a key inside another key not counted, a value cut off not counted.
    expect(stringField(`'sub_stage': 'a', 'stage': 1, 'stage': 'b'`, 'stage')).toBe('b');
    expect(stringField(`'model': 'unterminated`, 'model')).toBeNull();
    expect(numberField(`'n': -12.e5`, 'n')).toBe(-12);
  });

  it('finds exactly what the regular expressions found (fuzz)', () => {
    const found = { string: 0, number: 0 };
    // Texts built around a quoted key, so that many hold a field (pure chance rarely makes one).
    const quote = fc.constantFrom("'", '"');
    const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', 'x');
    const value = fc.oneof(
      fc.tuple(quote, payload, fc.constantFrom("'", '"', '')).map(([q, text, end]) => `${q}${text}${end}`),
      fc
        .tuple(fc.constantFrom('', '-', '+'), fc.constantFrom('', '0', '12'), fc.constantFrom('', '.', '.5'), fc.constantFrom('', 'e', 'E-', 'e+3', 'e7'))
        .map((parts) => parts.join('')),
    );
    const around = fc
      .tuple(payload, quote, fc.constantFrom('model', 'stage', 'tokens_used'), quote, space, fc.constantFrom(':', ':', ';'), space, value, payload)
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(payload, around), fc.constantFrom('model', 'stage', 'tokens_used'), (text, key) => {
        const string = byPattern(stringPattern(key), text);
        expect(stringField(text, key)).toBe(string);
        const number = byPattern(numberPattern(key), text);
        expect(numberField(text, key)).toBe(number === null ? null : Number(number));
        if (string !== null) found.string++;
        if (number !== null) found.number++;
      }),
      { numRuns: 20_000 },
    );
    // The comparison saw fields, not only texts without one.
    expect(found.string).toBeGreaterThan(100);
    expect(found.number).toBeGreaterThan(100);
  });
});
