import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTaskIds, generationOf } from './order';

describe('task order', () => {
  it('puts generations in the order the run made them, numbers as numbers', () => {
    const ids = ['_Gen1_Task3', '_Init_Task10', '_Gen10_Task1', '_Init_Task2', '_Gen2_Task1', '_Gen1_Task12'];
    expect([...ids].sort(compareTaskIds)).toEqual(['_Init_Task2', '_Init_Task10', '_Gen1_Task3', '_Gen1_Task12', '_Gen2_Task1', '_Gen10_Task1']);
    expect(['gen2_15', 'init_1', 'gen1_3'].sort(compareTaskIds)).toEqual(['init_1', 'gen1_3', 'gen2_15']);
    expect(['10', '9', '1_0_10', '1_0_2'].sort(compareTaskIds)).toEqual(['1_0_2', '1_0_10', '9', '10']);
  });

  it('reads a generation only where the id names one', () => {
    expect(generationOf('_Init_Task1')).toBe(0);
    expect(generationOf('_Gen12_Task1')).toBe(12);
    expect(generationOf('1_Island0_Task3')).toBeNull();
    expect(generationOf('general_3')).toBeNull();
    expect(generationOf('task_00001_101530')).toBeNull();
  });

  it('is a total order: antisymmetric and transitive on any ids', () => {
    const id = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('_Init_Task', '_Gen', 'gen', 'init_').chain((p) => fc.nat(30).map((n) => `${p}${n}_Task${n % 7}`)),
    );
    fc.assert(
      fc.property(id, id, id, (a, b, c) => {
        expect(Math.sign(compareTaskIds(a, b))).toBe(-Math.sign(compareTaskIds(b, a)) || 0);
        const sorted = [a, b, c].sort(compareTaskIds);
        expect(compareTaskIds(sorted[0]!, sorted[2]!)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
