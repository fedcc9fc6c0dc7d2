/**
 * The timeline's time ruler: ticks at round steps that fit the width, each labelled with its
 * clock time (as the tracker wrote its timestamps) and its time since the log's first event.
 */
import { timeSpan } from '../../../shared/analysis/format';

const MS = 1;
const SECOND = 1000 * MS;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Round steps, from a microsecond to a day. */
const STEPS = [
  0.001,
  0.002,
  0.005,
  0.01,
  0.02,
  0.05,
  0.1,
  0.2,
  0.5,
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

export interface Tick {
  /** Pixels from the plot's left edge. */
  readonly x: number;
  /** The clock time (HH:MM:SS, with as many decimals as the step needs). */
  readonly clock: string;
  /** Since the log's first event: "+1.5 s". */
  readonly since: string;
}

/** The decimals of a second a step needs: 0 for whole seconds, 3 for milliseconds, 6 for microseconds. */
function decimals(step: number): number {
  if (step >= SECOND) return 0;
  if (step >= 100) return 1;
  if (step >= 10) return 2;
  if (step >= 1) return 3;
  if (step >= 0.1) return 4;
  return step >= 0.01 ? 5 : 6;
}

/** A time (epoch milliseconds, read from a timestamp written without a zone) as the tracker's clock showed it. */
export function clockText(ms: number, places = 0): string {
  const day = ((ms % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR);
  const whole = Math.floor(day / SECOND);
  const hh = String(Math.floor(whole / 3600)).padStart(2, '0');
  const mm = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const ss = String(whole % 60).padStart(2, '0');
  if (places === 0) return `${hh}:${mm}:${ss}`;
  const fraction = Math.round(((day - whole * SECOND) / SECOND) * 10 ** places);
  return `${hh}:${mm}:${ss}.${String(Math.min(fraction, 10 ** places - 1)).padStart(places, '0')}`;
}

/** Ticks for a view of `range` (ms) drawn over `width` pixels, at least `spacing` pixels apart; `origin` is the log's first event. */
export function rulerTicks(range: { readonly start: number; readonly end: number }, width: number, origin: number, spacing = 90): Tick[] {
  const span = range.end - range.start;
  if (!(span > 0) || width <= 0) return [];
  const wanted = (span * spacing) / width;
  const step = STEPS.find((candidate) => candidate >= wanted) ?? Math.ceil(wanted / (24 * HOUR)) * 24 * HOUR;
  const places = decimals(step);
  const ticks: Tick[] = [];
  // Steps from the origin, so that "since start" reads in round numbers.
  const first = origin + Math.ceil((range.start - origin) / step) * step;
  for (let k = 0, t = first; t <= range.end && k < 1000; k++, t = first + k * step) {
    const since = t - origin;
    ticks.push({
      x: ((t - range.start) / span) * width,
      clock: clockText(t, places),
      since: `${since < 0 ? '' : '+'}${timeSpan(Math.round(since * 1000) / 1000)}`,
    });
  }
  return ticks;
}
