import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBatches, jsonPieces } from './jsonPieces';

describe('jsonPieces', () => {
  it('joins to JSON.stringify of any JSON value, at any depth (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(6), (value, depth) => {
        expect([...jsonPieces(value, depth)].join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and writes null where it does', () => {
    const value = { a: undefined, b: [undefined, () => 1, 2], c: new Date(0), d: { e: Symbol('x'), f: 'g' } };
    expect([...jsonPieces(value, 5)].join('')).toBe(JSON.stringify(value));
    expect([...jsonPieces(undefined, 3)].join('')).toBe('null');
  });

  it('cuts a tree into one piece per value below the depth asked', () => {
    const tasks = Array.from({ length: 3 }, (_, i) => ({ id: String(i), steps: [{ step: 1 }] }));
    const pieces = [...jsonPieces({ ok: true, value: { runs: [{ ops: [{ tasks }] }] } }, 7)];
    for (const task of tasks) expect(pieces).toContain(JSON.stringify(task));
  });

  it('batches the pieces: each batch but the last at least as long as asked, all of them JSON.stringify', () => {
    const value = { runs: Array.from({ length: 50 }, (_, i) => ({ path: `run ${i}`, ops: [{ name: '算子', tasks: [i, i + 1] }] })) };
    const batches = [...jsonBatches(value, 4, 100)];
    expect(batches.join('')).toBe(JSON.stringify(value));
    expect(batches.length).toBeGreaterThan(10);
    for (const batch of batches.slice(0, -1)) expect(batch.length).toBeGreaterThanOrEqual(100);
    expect([...jsonBatches(null, 4)]).toEqual(['null']);
  });
});
