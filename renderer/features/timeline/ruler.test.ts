import { describe, expect, it } from 'vitest';
import { timestampMs } from '../../../shared/parse/trackerLog';
import { clockText, rulerTicks } from './ruler';

/** A timestamp as the index reads it (microseconds kept). */
const at = (iso: string) => timestampMs(iso)!;

describe('the time ruler', () => {
  it('ticks at round steps that fit, labelled with the clock and the time since the first event, at three zoom levels', () => {
    const origin = at('2026-01-19T10:15:30.000');
    // A whole hour-long run over 900 px: ticks every 10 minutes.
    const hour = rulerTicks({ start: origin, end: origin + 3_600_000 }, 900, origin);
    expect(hour.map((tick) => tick.since)).toEqual(['+0 s', '+10 min', '+20 min', '+30 min', '+40 min', '+50 min', '+1 h']);
    expect(hour[1]!.clock).toBe('10:25:30');
    // Two seconds: every 200 ms, with the milliseconds on the clock.
    const seconds = rulerTicks({ start: origin + 1000, end: origin + 3000 }, 900, origin);
    expect(seconds.map((tick) => tick.since).slice(0, 3)).toEqual(['+1 s', '+1.2 s', '+1.4 s']);
    expect(seconds[1]!.clock).toBe('10:15:31.2');
    // A sub-millisecond log (the samples' 0.5 ms): microseconds.
    const micro = rulerTicks({ start: origin, end: origin + 0.5 }, 900, origin);
    expect(micro.map((tick) => tick.since).slice(0, 3)).toEqual(['+0 s', '+50 µs', '+100 µs']);
    expect(micro[1]!.clock).toBe('10:15:30.00005');
    for (const ticks of [hour, seconds, micro]) for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.x - ticks[i - 1]!.x).toBeGreaterThan(89.5); // at least the spacing asked for (floating point aside)
  });

  it('reads the clock as the tracker wrote it', () => {
    expect(clockText(at('2026-11-22T19:00:42.333896'), 6)).toBe('19:00:42.333896');
    expect(clockText(at('2026-11-22T23:59:59'), 0)).toBe('23:59:59');
  });
});
