import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonObjectSplitter } from './jsonObjects';
import { parseLenientJson } from './lenientJson';
import { classifyPath } from './classify';
import { parsePyLiteral } from './pyLiteral';
import { parseSpeedupLine } from './speedup';
import { JsonlEventParser, readableEvent } from './trackerLog';

/**
 * No input makes a reader throw or hang. CI runs a few thousand cases each; `npm run fuzz`
 * (FUZZ_RUNS=200000) runs many more, nightly-style.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...'{}[]"\'\\:,.0123456789-_eE nNaIfinityTrueFalseNone()\n\r\t'), maxLength: 300 }),
);

describe('fuzz', () => {
  it('lenient JSON: a value or an error, never a throw', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(typeof parseLenientJson(input).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('Python literals: never a throw; text that is not a repr comes back whole', () => {
    fc.assert(
      fc.property(text, (input) => {
        const value = parsePyLiteral(input);
        if (value.t === 'raw') expect(value.text).toBe(input);
      }),
      { numRuns: RUNS },
    );
  });

  it('JSON object splitting: any chunking, objects are balanced slices of the input', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(300), { maxLength: 6 }), (input, cuts) => {
        const splitter = new JsonObjectSplitter();
        let at = 0;
        const objects: string[] = [];
        for (const cut of [...cuts, input.length].map((c) => Math.min(c, input.length)).sort((a, b) => a - b)) {
          objects.push(...splitter.push(input.slice(at, Math.max(cut, at))).map((o) => o.text));
          at = Math.max(cut, at);
        }
        for (const object of objects) {
          expect(input).toContain(object);
          expect(object.startsWith('{')).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('tracker logs, speed-up lines and path names: never a throw', () => {
    fc.assert(
      fc.property(text, (input) => {
        readableEvent(input, 0, 1);
        new JsonlEventParser('x').push(input);
        parseSpeedupLine(input);
        expect(classifyPath(input.replaceAll('\0', '') || 'x', 'root').kind).toBeTypeOf('string');
      }),
      { numRuns: RUNS },
    );
  });

  it('names: long near-miss names are classified quickly (no catastrophic backtracking)', () => {
    const name = `I${'_S1'.repeat(80)}_relu_${'_x'.repeat(40)}_prompt.tx`;
    const started = performance.now();
    for (let i = 0; i < 100; i++) classifyPath(`run/relu/${name}${i}`, 'root');
    // A generous bound on a pathological input, not a speed test: a backtracking blow-up takes seconds per name.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
