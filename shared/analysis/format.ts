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

/**
 * A measured duration, in the unit that reads it best and to the digits that matter: "20 µs",
 * "3.5 ms", "1.25 s", "12 min 3 s", "2 h 5 min". For spans and time windows, where "957.331 s"
 * and "0.000 s" say less than they seem to.
 */
export function timeSpan(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  const digits = (value: number) =>
    value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1).replace(/\.0$/, '') : value.toFixed(2).replace(/\.?0+$/, '');
  if (abs === 0) return '0 s';
  if (abs < 1) return `${sign}${digits(abs * 1000)} µs`;
  if (abs < 1000) return `${sign}${digits(abs)} ms`;
  if (abs < 60_000) return `${sign}${digits(abs / 1000)} s`;
  if (abs < 3_600_000) {
    const minutes = Math.floor(abs / 60_000);
    const seconds = Math.round((abs - minutes * 60_000) / 1000);
    return `${sign}${minutes} min${seconds > 0 ? ` ${seconds} s` : ''}`;
  }
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.round((abs - hours * 3_600_000) / 60_000);
  return `${sign}${hours} h${minutes > 0 ? ` ${minutes} min` : ''}`;
}

/** "512 B", "3.2 KB", "41.0 MB". */
export function bytesText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * "12,345": a count with its thousands grouped, as `toLocaleString('en')` writes it. Integers are
 * grouped here: in Chromium the first toLocaleString costs ~19 ms (ICU starting, on the way to the
 * first rows) and each later one ~20 µs, four times this; other numbers go to ICU.
 */
export function countText(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en');
  const digits = String(Math.abs(n));
  let text = digits.slice(0, digits.length % 3 || 3);
  for (let i = text.length; i < digits.length; i += 3) text += `,${digits.slice(i, i + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${text}` : text;
}

/** "1 run", "12,345 steps", "2 matches" (with the plural given where it is not the noun and an s). */
export const plural = (n: number, noun: string, nouns = `${noun}s`): string => `${countText(n)} ${n === 1 ? noun : nouns}`;
