/**
 * Whether a kernel's numbers can be trusted (shared/analysis/integrity.ts decides, by rules a
 * person can read): flags on coder attempts, each with its rule, its reason and the line.
 */

/** What kind of trick a rule catches (the public field guides' categories). */
export type IntegrityCategory = 'shortcut' | 'timing' | 'semantic' | 'tamper' | 'numbers';

/** `hack`: the measured number is not real; `suspicious`: a person should look; `note`: worth knowing. */
export type Severity = 'hack' | 'suspicious' | 'note';

/** What one rule found in one attempt's kernel. */
export interface Finding {
  readonly rule: string;
  readonly category: IntegrityCategory;
  readonly severity: Severity;
  /** 1-based line in `file`; null when the finding is about the numbers, not a line. */
  readonly line: number | null;
  /** One line: what is wrong and why it matters. */
  readonly message: string;
  /** The code line as written (cut to 200 characters), or the numbers that cannot be. */
  readonly evidence: string;
}

/** A finding on an attempt: where the attempt is and which file was checked. */
export interface IntegrityFlag extends Finding {
  readonly run: string;
  readonly op: string;
  readonly opPath: string;
  readonly task: string;
  /** The step that starts the attempt (its coder record). */
  readonly step: number;
  /** The file the line is in: the verify folder's implementation, else the coder's result; root-relative. */
  readonly file: string | null;
}

export interface IntegrityReport {
  /** Coder attempts checked. */
  readonly checked: number;
  readonly flags: readonly IntegrityFlag[];
  /** Attempts whose kernel could not be read, and why (they are not counted as checked). */
  readonly unread: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
}

const RANK: Readonly<Record<Severity, number>> = { hack: 2, suspicious: 1, note: 0 };

/** Whether `severity` is at least `floor` (hack > suspicious > note). */
export function isAtLeast(severity: Severity, floor: Severity): boolean {
  return RANK[severity] >= RANK[floor];
}

/** The most severe of some flags, or null when there are none. */
export function worstSeverity(flags: ReadonlyArray<{ readonly severity: Severity }>): Severity | null {
  let worst: Severity | null = null;
  for (const flag of flags) if (worst === null || RANK[flag.severity] > RANK[worst]) worst = flag.severity;
  return worst;
}
