import { describe, expect, it } from 'vitest';
import { countText, plural } from './format';

describe('countText', () => {
  it("groups an integer's thousands exactly as toLocaleString('en') does", () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 12_345, 100_000, 999_999, 1_000_000, 1_234_567_890, Number.MAX_SAFE_INTEGER];
    for (let n = 0; n < 5000; n += 7) samples.push(n);
    for (const n of [...samples, ...samples.map((value) => -value)]) expect(countText(n)).toBe(n.toLocaleString('en'));
  });

  it('leaves what is not a safe integer to ICU: fractions, huge numbers, NaN and infinities', () => {
    for (const n of [1234.5, -0.25, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY]) expect(countText(n)).toBe(n.toLocaleString('en'));
  });

  it('is what plural writes', () => {
    expect([plural(1, 'step'), plural(12_345, 'step'), plural(2, 'match', 'matches')]).toEqual(['1 step', '12,345 steps', '2 matches']);
  });
});
