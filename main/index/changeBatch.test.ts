import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatch } from './changeBatch';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ChangeBatch', () => {
  it('merges what happened to a path: add then change is an add, anything then unlink an unlink', () => {
    const batch = new ChangeBatch(50, () => undefined);
    batch.note('a', 'add');
    batch.note('a', 'change');
    batch.note('b', 'change');
    batch.note('b', 'unlink');
    expect(batch.take()).toEqual([
      ['a', 'add'],
      ['b', 'unlink'],
    ]);
    expect(batch.size).toBe(0);
  });

  it('is due after batchMs; removals wait until the removing stops, a second at most', () => {
    const due: number[] = [];
    const batch = new ChangeBatch(50, () => due.push(performance.now()));
    const start = performance.now();
    batch.note('a', 'add');
    vi.advanceTimersByTime(50);
    expect(due).toHaveLength(1);
    batch.take();
    // A folder deleted file by file, one every 20 ms for 2 s: no batch while it goes on, but
    // none waits more than a second.
    for (let i = 0; i < 100; i++) {
      batch.note(`gone/${i}`, 'unlink');
      vi.advanceTimersByTime(20);
    }
    expect(due.map((at) => at - start)).toEqual([50, 1050, 2050]);
    // Removals that stop: due once batchMs has passed without one (checked every batchMs).
    batch.take();
    batch.note('x', 'unlink');
    vi.advanceTimersByTime(20);
    batch.note('y', 'unlink');
    vi.advanceTimersByTime(100);
    expect(due.map((at) => at - start)).toEqual([50, 1050, 2050, 2150]);
  });
});
