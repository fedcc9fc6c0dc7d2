/**
 * A run at a glance (shared/analysis/runSummary.ts makes it; the overview, `tracelens summary`
 * and `compare` show it): how each run went, the best kernel of each op, and where every number
 * came from. A number the logs do not hold is null, never 0.
 */
import type { Severity } from './integrity';
import type { Speedup, StatusSource } from './trace';

/** Still being written, stopped with attempts never verified, or done. */
export type RunState = 'running' | 'idle' | 'finished';

/** One attempt's kernel: where it is and how it did. */
export interface KernelRef {
  readonly opPath: string;
  readonly task: string;
  /** The step that starts the attempt (its coder record). */
  readonly step: number;
  /** The AutoResearch round this attempt is (its number; the step is the same), null in kernel runs. */
  readonly round: number | null;
  /** Null when the verdict holds no timing (the profiler did not run, or wrote zeros). */
  readonly speedup: number | null;
  /** The kernel that was verified (the verify folder's implementation), else the coder's result. */
  readonly file: string | null;
  /** The coder's raw result (the LLM's answer). */
  readonly resultFile: string | null;
  /** Where the verdict came from (verification_results, error_log, …). */
  readonly statusSource: StatusSource;
  /** Base, generated and roofline times, from speed_up_record.txt. */
  readonly timing: Speedup | null;
  /** The worst integrity flag on this attempt's kernel (shared/analysis/integrity.ts); null when none. */
  readonly integrity: Severity | null;
}

/** How one task ended: a cell of the op × task grid. */
export interface TaskOutcome {
  readonly id: string;
  /** Passed (some attempt passed), failed (every attempt was verified and failed), unverified (its last attempt has no verdict yet), or no attempt at all. */
  readonly outcome: 'passed' | 'failed' | 'unverified' | 'no-attempt';
  readonly attempts: number;
  /** Coder attempts up to and including the first that passed; null when none passed. */
  readonly attemptsToFirstPass: number | null;
  /** The task's best passed kernel, null when none passed with a timing. */
  readonly best: KernelRef | null;
  /** The step that starts the task's last attempt; null without attempts. */
  readonly lastAttemptStep: number | null;
}

export interface OpSummary {
  readonly name: string;
  readonly path: string;
  readonly tasks: number;
  readonly passedTasks: number;
  readonly attempts: number;
  /** Attempts with a verdict (passed or failed). */
  readonly verifiedAttempts: number;
  readonly attemptsToFirstPass: { readonly median: number | null; readonly perTask: Readonly<Record<string, number | null>> };
  /** The highest speed-up of a passed attempt. */
  readonly best: KernelRef | null;
  /** The op's best before `best` was reached, in the order the run made its tasks (what it beat). */
  readonly previousBest: KernelRef | null;
  /** The best among kernels no integrity rule flags as a hack or suspicious (the same as `best` when that one is clean). */
  readonly trustedBest: KernelRef | null;
  /** The newest file time under the op's folder (ISO), null when not known. */
  readonly lastWriteAt: string | null;
  readonly taskOutcomes: readonly TaskOutcome[];
}

export interface RunTotals {
  readonly ops: number;
  /** Ops with at least one passed task. */
  readonly opsPassed: number;
  readonly tasks: number;
  readonly tasksPassed: number;
  readonly attempts: number;
  readonly verifiedAttempts: number;
  /** Share of tasks whose first attempt passed; null without tasks. */
  readonly passAt1: number | null;
  /** Share of tasks that passed within k attempts, k the most attempts any task made. */
  readonly passAtK: number | null;
  readonly k: number;
  /** Geometric mean of each passed op's best speed-up (ops whose best has a timing); null when none has. */
  readonly geomeanBestSpeedup: number | null;
  /** The same over each op's best kernel that no rule flags. */
  readonly geomeanTrustedBestSpeedup: number | null;
  /** Over passed tasks: the median, and how many passed at the 1st, 2nd, … attempt. */
  readonly attemptsToFirstPass: { readonly median: number | null; readonly distribution: Readonly<Record<string, number>> };
}

/** What an agent event log says of the run (MM-Agent trackers, FORMATS.md §2). */
export interface RunEvents {
  readonly logs: number;
  readonly total: number;
  readonly errors: number;
  /** LLM calls started (`llm_call_start`, or v2's `llm_call` records). */
  readonly llmCalls: number;
  readonly llmErrors: number;
  /** Tokens the calls logged (`tokens_used` of `llm_call_end`); null when no call logged any (not 0). */
  readonly tokens: number | null;
  /** Time in LLM calls and in code runs (their spans, start to end); null when none ended. */
  readonly llmSeconds: number | null;
  readonly codeSeconds: number | null;
  /** The first and last event's timestamps as written (the tracker's local time, no zone). */
  readonly firstAt: string | null;
  readonly lastAt: string | null;
  /** What the run's own usage files say (MM-Agent `usage/`, FORMATS.md §4.4), each with its files; null when none was written. */
  readonly written: {
    /** `usage/{task}.json` summed; null when no such file read. */
    readonly tokens: {
      readonly total: number | null;
      readonly prompt: number | null;
      readonly completion: number | null;
      readonly files: readonly string[];
    } | null;
    /** `usage/runtime.txt`. */
    readonly runtime: { readonly seconds: number; readonly file: string } | null;
    /** Lines of `latent_summaries.jsonl`: calls summarised by a call of their own, whose tokens are not logged. */
    readonly summarisedCalls: number | null;
  } | null;
}

export interface RunSummary {
  readonly path: string;
  /**
   * A kernel run (ops of attempts), an AutoResearch run (FORMATS.md §4.3: its rounds are the
   * attempts, round 0 the seed; a task passes when a later round was kept, and its attempts to
   * first pass are the rounds to that one), or an agent run (event logs only).
   */
  readonly kind: 'kernel' | 'autoresearch' | 'agent';
  /** The oldest and newest file time under the run's folder (ISO, UTC); null when not known. */
  readonly startedAt: string | null;
  readonly lastWriteAt: string | null;
  readonly state: RunState;
  /** Why the state is what it is, in words ("no write for 3 h; 2 attempts never verified"). */
  readonly stateReason: string;
  readonly totals: RunTotals;
  /** Failed attempts by error kind (shared/analysis/errorKinds.ts). */
  readonly failuresByKind: Readonly<Record<string, number>>;
  /** Attempts whose worst integrity flag is a hack, or suspicious; null when the kernels were not checked. */
  readonly flagged: { readonly hack: number; readonly suspicious: number } | null;
  readonly events: RunEvents | null;
  readonly ops: readonly OpSummary[];
}

export interface SummaryDocument {
  readonly root: string;
  /** When it was made (ISO): the states are as of then. */
  readonly generatedAt: string;
  /** Whether every kernel's integrity check is in the flags (false while a check reads new kernels; asked again). */
  readonly integrityChecked: boolean;
  /** Newest first (by last write). */
  readonly runs: readonly RunSummary[];
}

/** One op of a comparison: the same op in the baseline and in another run. */
export interface OpComparison {
  readonly name: string;
  readonly baseline: OpSide;
  readonly other: OpSide;
  /** The other's best speed-up over the baseline's; null when either has none. */
  readonly speedupRatio: number | null;
}

export interface OpSide {
  readonly path: string;
  readonly passedTasks: number;
  readonly tasks: number;
  readonly bestSpeedup: number | null;
  readonly attemptsToFirstPass: number | null;
  readonly best: KernelRef | null;
}

export interface RunComparison {
  readonly baseline: string;
  readonly other: string;
  readonly ops: readonly OpComparison[];
  readonly onlyInBaseline: readonly string[];
  readonly onlyInOther: readonly string[];
}
