import { describe, expect, it } from 'vitest';
import { speedupTicks } from './SpeedupChart';

describe('the speed-up axis', () => {
  it('puts round gridlines across the values shown, 1× among them', () => {
    expect(speedupTicks(0.75, 1.95)).toEqual([0.75, 1, 1.25, 1.5, 1.75]);
    expect(speedupTicks(0.9, 1.3)).toEqual([0.9, 1, 1.1, 1.2, 1.3]);
    expect(speedupTicks(0.5, 12)).toEqual([2.5, 5, 7.5, 10]);
  });
});
