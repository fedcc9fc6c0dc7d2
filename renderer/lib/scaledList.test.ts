import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listWindow, scrollTopFor } from './scaledList';

const ROW = 22;

describe('listWindow', () => {
  it('scrolls row by row while the list fits', () => {
    expect(listWindow(0, 400, 1000, ROW)).toEqual({ height: 22_000, first: 0, firstTop: 0 });
    expect(listWindow(220, 400, 1000, ROW)).toEqual({ height: 22_000, first: 10, firstTop: 220 });
  });

  it('keeps a 2,000,000-row list under the height limit and reaches its first and last rows', () => {
    const rows = 2_000_000;
    const top = listWindow(0, 400, rows, ROW, 8_000_000);
    expect(top).toMatchObject({ height: 8_000_000, first: 0 });
    const bottom = listWindow(8_000_000 - 400, 400, rows, ROW, 8_000_000);
    // The last row ends exactly at the bottom of the view.
    expect(bottom.first * ROW + 400).toBeCloseTo(rows * ROW, 3);
  });

  it('moves forward with the scroll bar, and scrollTopFor brings any row into view', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 100, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, viewport, a, b) => {
          const max = 8_000_000;
          const height = listWindow(0, viewport, rows, ROW, max).height;
          const [low, high] = [a, b].sort((x, y) => x - y).map((f) => f! * Math.max(height - viewport, 0));
          expect(listWindow(low!, viewport, rows, ROW, max).first).toBeLessThanOrEqual(listWindow(high!, viewport, rows, ROW, max).first);
          const row = Math.floor(b * (rows - 1));
          const view = listWindow(Math.round(scrollTopFor(row, low!, viewport, rows, ROW, max)), viewport, rows, ROW, max);
          // In view, give or take the rounding of a scroll position to a pixel.
          expect(row + 1).toBeGreaterThan(view.first - 0.5);
          expect(row).toBeLessThan(view.first + viewport / ROW + 0.5);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
