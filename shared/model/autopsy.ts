/**
 * What the autopsies produce (shared/analysis/autopsy.ts, kernelAutopsy.ts) and the UI, the CLI
 * and the contract carry: the reference report's shape (FORMATS.md §2.1, key for key) and the
 * kernel-run analysis.
 */
import type { IntegrityReport } from './integrity';
import type { Plain } from './plain';

/** What kind of failure a verifier error log shows (shared/analysis/errorKinds.ts decides). */
export type ErrorKind = 'syntax' | 'import' | 'compile' | 'numerical mismatch' | 'timeout' | 'runtime' | 'other';

export interface FailurePattern {
  readonly pattern: 'frequent_llm_errors' | 'stage_specific_failures' | 'frequent_syntax_errors';
  readonly description: string;
  readonly severity: 'high' | 'medium';
  readonly suggestion: string;
}

export interface CriticalFailure {
  readonly timestamp: string;
  readonly type: string;
  readonly stage: Plain;
  readonly error: Plain;
}

export interface AutofixStatistics {
  total_attempts: number;
  successful_fixes: number;
  failed_fixes: number;
  fixes_by_type: Record<string, number>;
  fixes_by_layer: { layer1: number; layer2: number; layer3: number };
}

export interface FixSuggestion {
  readonly priority: 'P0' | 'P1' | 'P2';
  readonly category: string;
  readonly suggestion: string;
  readonly details: readonly string[];
}

export interface AutopsyReport {
  readonly timestamp: string;
  readonly failure_analysis: {
    readonly total_failures: number;
    readonly failures_by_type: Readonly<Record<string, number>>;
    readonly failures_by_stage: Readonly<Record<string, number>>;
    readonly critical_failures: readonly CriticalFailure[];
    readonly failure_patterns: readonly FailurePattern[];
  };
  readonly autofix_statistics: AutofixStatistics;
  readonly fix_suggestions: readonly FixSuggestion[];
  readonly summary: {
    readonly total_failures: number;
    readonly total_autofix_attempts: number;
    readonly autofix_success_rate: string;
    readonly most_common_failure: string;
    readonly most_problematic_stage: string;
  };
}

export interface AttemptFailure {
  /** The run's path ('' for the opened folder): two runs can hold ops of the same name. */
  readonly run: string;
  readonly opPath: string;
  readonly op: string;
  readonly task: string;
  readonly step: number;
  readonly agent: string;
  readonly kind: ErrorKind;
  /** The error's last line, with numbers and paths blanked: the same signature means the same error. */
  readonly signature: string;
  /** The error's last line as written. */
  readonly message: string;
  /** The error log file, or null when the text came from verification_results.jsonl. */
  readonly errorLog: string | null;
}

export interface KernelAutopsy {
  readonly totals: {
    readonly runs: number;
    readonly ops: number;
    readonly tasks: number;
    readonly attempts: number;
    readonly passedTasks: number;
    readonly failedAttempts: number;
  };
  readonly tasks: ReadonlyArray<{
    readonly run: string;
    readonly opPath: string;
    readonly op: string;
    readonly task: string;
    readonly attempts: number;
    readonly attemptsToFirstPass: number | null;
    readonly bestSpeedup: number | null;
  }>;
  readonly failuresByAgent: Readonly<Record<string, number>>;
  readonly failuresByKind: Readonly<Record<string, number>>;
  readonly failures: readonly AttemptFailure[];
  readonly repeatedErrors: ReadonlyArray<{
    readonly run: string;
    readonly opPath: string;
    readonly op: string;
    readonly task: string;
    readonly kind: ErrorKind;
    readonly signature: string;
    readonly steps: readonly number[];
  }>;
  readonly identicalResults: ReadonlyArray<{
    readonly run: string;
    readonly opPath: string;
    readonly op: string;
    readonly task: string;
    readonly step: number;
    readonly sameAsStep: number;
  }>;
  readonly speedups: ReadonlyArray<{
    readonly run: string;
    readonly opPath: string;
    readonly op: string;
    readonly points: ReadonlyArray<{ readonly task: string; readonly step: number; readonly speedup: number; readonly bestSoFar: number }>;
  }>;
}

/** One autopsy of an opened root: each agent event log's report, and the kernel runs'. */
export interface AutopsyDocument {
  readonly agent: ReadonlyArray<{
    readonly dir: string;
    readonly source: string;
    readonly report: AutopsyReport;
    readonly reportFile: string | null;
    readonly fileReport?: unknown;
    readonly differences: readonly string[];
    readonly warnings: readonly string[];
  }>;
  readonly kernel: KernelAutopsy | null;
  /** The kernel runs' integrity check (shared/analysis/integrity.ts); null without kernel runs. */
  readonly integrity: IntegrityReport | null;
}
