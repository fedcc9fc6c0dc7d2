/**
 * Numbers as a person reads them, the same on a terminal and on screen. A number the logs do not
 * hold is shown as `—`, never as 0.
 */

export const UNKNOWN = '—';

/** "1.87×" (`sign` "x" on a terminal), or — when the logs hold no timing. */
export function speedupText(value: number | null | undefined, sign = '×'): string {
  return value === null || value === undefined ? UNKNOWN : `${value.toFixed(2)}${sign}`;
}

/** "33%", or — when there is nothing to divide. */
export function percentText(value: number | null): string {
  return value === null ? UNKNOWN : `${Math.round(value * 100)}%`;
}

/** "9.87 µs", "1.23 ms", or —. */
export function microsText(us: number | null | undefined): string {
  if (us === null || us === undefined) return UNKNOWN;
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`;
}

/** A duration in the unit a person would say it in: 40 s, 12 min, 3 h, 5 d. */
export function duration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** "1 run", "12,345 steps", "2 matches" (with the plural given where it is not the noun and an s). */
export const plural = (n: number, noun: string, nouns = `${noun}s`): string => `${n.toLocaleString('en')} ${n === 1 ? noun : nouns}`;
