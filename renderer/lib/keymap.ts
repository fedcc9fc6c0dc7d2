/**
 * Every keyboard shortcut of the app, in one table: the keyboard handler (useKeyboard), the
 * timeline's error jumps and the help overlay all read it, so a key is defined once and the help
 * always says what the keys do.
 */
export type KeyAction =
  | 'nextStep'
  | 'previousStep'
  | 'nextAttempt'
  | 'previousAttempt'
  | 'diff'
  | 'find'
  | 'nextError'
  | 'previousError'
  | 'autopsy'
  | 'overview'
  | 'follow'
  | 'filter'
  | 'copyLink'
  | 'help'
  | 'close';

export interface KeyRow {
  /** The keys as the help shows them. */
  readonly shown: string;
  readonly what: string;
  /** Key (as `KeyboardEvent.key`) → what it does. */
  readonly keys: Readonly<Record<string, KeyAction>>;
}

export const KEYMAP: readonly KeyRow[] = [
  { shown: 'j / k', what: 'next / previous step', keys: { j: 'nextStep', k: 'previousStep' } },
  { shown: '] / [', what: 'next / previous attempt of this task', keys: { ']': 'nextAttempt', '[': 'previousAttempt' } },
  { shown: 'd', what: 'diff this attempt with the previous one', keys: { d: 'diff' } },
  { shown: '/', what: 'find in all files', keys: { '/': 'find' } },
  { shown: 'e / E', what: 'next / previous error (timeline)', keys: { e: 'nextError', E: 'previousError' } },
  { shown: 'o', what: 'overview: every run, its ops and best kernels', keys: { o: 'overview' } },
  { shown: 'a', what: 'autopsy: what failed and why', keys: { a: 'autopsy' } },
  { shown: 'f', what: 'follow the newest step of a live run', keys: { f: 'follow' } },
  { shown: 't', what: 'filter the tree', keys: { t: 'filter' } },
  { shown: 'y', what: 'copy a link that reopens this view', keys: { y: 'copyLink' } },
  { shown: '?', what: 'this help', keys: { '?': 'help' } },
  { shown: 'Esc', what: 'close', keys: { Escape: 'close' } },
];

const BY_KEY: ReadonlyMap<string, KeyAction> = new Map(KEYMAP.flatMap((row) => Object.entries(row.keys)));

/** What a key does, or null when nothing. */
export function keyAction(key: string): KeyAction | null {
  return BY_KEY.get(key) ?? null;
}
