/** The kernel-run tree: run → op → task → step → record (FORMATS.md §1). */

export type Role = 'designer' | 'coder' | 'verifier' | 'conductor' | 'other';
export type Param = 'prompt' | 'reasoning' | 'result' | 'error_log';
export type StepStatus = 'passed' | 'failed' | 'running' | 'unknown';

/** Where a step's verdict came from, so the UI can say why it shows passed or failed. */
export type StatusSource =
  | 'verification_results'
  | 'error_log'
  | 'empty_error_log'
  | 'verifier_result'
  | 'passed_cases'
  | 'speedup_record'
  /** An AutoResearch round's own `correctness` (log.jsonl / history.jsonl). */
  | 'round'
  | 'none';

export interface TraceRecord {
  /** The agent or action token exactly as written in the name (`DoCoder`, `kernel_gen`, `DO_DESIGNER`). */
  readonly agent: string;
  readonly role: Role;
  /** True for files under `{op}/conductor/`. */
  readonly conductor: boolean;
  /** Params present on disk, in the order prompt, reasoning, result, error_log. */
  readonly params: readonly Param[];
  /** Root-relative path of each param's file. */
  readonly files: Readonly<Partial<Record<Param, string>>>;
  /** Files of params beyond those four (`mode`, `summary`, `status`, … FORMATS.md §4.2), by param; `{}` when none. */
  readonly otherFiles: Readonly<Record<string, string>>;
  /** The `recorder/…_parsed.txt` file of this record, when present. */
  readonly parsedFile: string | null;
}

export interface Speedup {
  readonly uniqueDir: string;
  readonly baseTimeUs: number;
  readonly generationTimeUs: number;
  /** Null when the profiler failed and appended zeros ("no timing"). */
  readonly speedup: number | null;
  readonly rooflineTimeUs: number | null;
  readonly rooflineSpeedup: number | null;
}

export interface VerifyOutcome {
  readonly passed: boolean;
  readonly errorLog: string;
  readonly timestamp: string | null;
  readonly backend: string | null;
  readonly arch: string | null;
  readonly dsl: string | null;
  readonly framework: string | null;
}

export interface Step {
  readonly step: number;
  /**
   * The attempt that owns this step (1-based; see Task.attemptSteps), or null for the steps before
   * the first attempt (designer steps). A coder record starts an attempt, which owns every step up
   * to the next one: its verify folder, verifier log and conductor checks (FORMATS.md §1.3).
   */
  readonly attempt: number | null;
  readonly records: readonly TraceRecord[];
  /** Name of the verify folder this step's attempt was checked in (`I0_S03_verify`), if any. */
  readonly verifyDir: string | null;
  /** Root-relative paths of every verify folder attached to this step (incl. `_multicase`). */
  readonly verifyDirs: readonly string[];
  /**
   * The kernel that was verified: the implementation file of this attempt's verify folder
   * (`{op}_{dsl}_impl.py`, `kernel.py`, …), root-relative; null when no verify folder holds one.
   */
  readonly kernelFile: string | null;
  /** The reference the kernel was checked against (`{op}_torch.py`, `reference.py`) in the same folder. */
  readonly referenceFile: string | null;
  readonly status: StepStatus;
  readonly statusSource: StatusSource;
  readonly speedup: number | null;
  readonly timing: Speedup | null;
  readonly verification: VerifyOutcome | null;
  /** The AutoResearch round this step is (FORMATS.md §4.3), null in kernel runs. */
  readonly round: Round | null;
}

/**
 * One round of an AutoResearch loop (FORMATS.md §4.3): a line of v1's `log.jsonl` or of the
 * workspace form's `.ar_state/history.jsonl`. Round 0 is the seed. A number the line does not
 * hold is null.
 */
export interface Round {
  readonly round: number;
  /**
   * What the loop decided, as written: `SEED`, `KEEP`, `DISCARD`, `FAIL` (workspace form); v1
   * writes only `accepted`, shown as `accepted` / `rejected` (round 0: `SEED`).
   */
  readonly decision: string;
  /** Whether the round's kernel became the one kept (SEED and KEEP; v1's `accepted`). */
  readonly accepted: boolean;
  readonly correctness: boolean | null;
  readonly description: string;
  /** The plan item the round worked on (`p1`, workspace form). */
  readonly planItem: string | null;
  readonly latencyUs: number | null;
  readonly refLatencyUs: number | null;
  /** `speedup_vs_ref`: the reference's latency over the round's. */
  readonly speedup: number | null;
  /** Per-shape times (workspace form): description, generated and reference µs, status. */
  readonly shapes: readonly RoundShape[];
  readonly error: string | null;
  readonly commit: string | null;
  readonly durationSec: number | null;
  /** As written (v1: `YYYY-mm-dd HH:MM:SS`, the writer's local time); null when absent. */
  readonly timestamp: string | null;
  /** The rounds file (root-relative) and the line this round is on (1-based). */
  readonly file: string;
  readonly line: number;
}

export interface RoundShape {
  readonly desc: string | null;
  readonly genUs: number | null;
  readonly baseUs: number | null;
  readonly status: string | null;
}

/** An AutoResearch task folder (`{op}_{unix}_{hex6}/`) of a run, and which form wrote it. */
export interface AutoResearchFolder {
  /** Root-relative path of the task folder. */
  readonly dir: string;
  readonly op: string;
  /** `v1`: log.jsonl beside plan.md and agent_session/; `workspace`: `.ar_state/` (FORMATS.md §4.3). */
  readonly form: 'v1' | 'workspace';
  /** Its rounds file (log.jsonl or .ar_state/history.jsonl), null until written. */
  readonly roundsFile: string | null;
  /** The op folder and task its rounds are joined to (the verifier's log of them), null until rounds are read. */
  readonly opPath: string | null;
  readonly task: string | null;
  /**
   * The loop's own state file (`.ar_state/state.json`; v1's `RUNNING` heartbeat, which any normal
   * exit deletes) and the phase it says (`FINISH`, `EDIT`, … ; v1: `active`); null when absent.
   */
  readonly stateFile: string | null;
  readonly phase: string | null;
}

export interface Task {
  readonly id: string;
  readonly steps: readonly Step[];
  /** Coder records (attempts) in this task. */
  readonly attempts: number;
  /** The step each attempt starts at, in order: attempt k (1-based) starts at `attemptSteps[k - 1]`. */
  readonly attemptSteps: readonly number[];
  readonly firstPassingStep: number | null;
  readonly bestSpeedup: number | null;
}

/**
 * What the tree panel shows of a task before its steps are read over (the outline, sent first):
 * its figures, how many steps it has, and for AutoResearch rounds the first round kept.
 */
export interface TaskOutline {
  readonly id: string;
  readonly stepCount: number;
  readonly attempts: number;
  readonly attemptSteps: readonly number[];
  readonly firstPassingStep: number | null;
  readonly bestSpeedup: number | null;
  /** Null when its attempts are not AutoResearch rounds; else the name of the first round kept after the seed (null: none). */
  readonly rounds: { readonly firstKept: string | null } | null;
}

/** An op; its tasks are whole (`Task`) or outlined (`TaskOutline`). */
export interface Op<T = Task> {
  readonly name: string;
  /** Root-relative path of the op folder ('' when the opened root is the op folder). */
  readonly path: string;
  readonly tasks: readonly T[];
}

export type EventLogFormat = 'documented' | 'mm_v1' | 'mm_v2';

export interface EventLogRef {
  readonly format: EventLogFormat;
  /** Root-relative folder holding the logs (`…/Memory/logs`). */
  readonly dir: string;
  readonly files: readonly string[];
}

export interface Run<T = Task> {
  /** Root-relative path of the run folder ('' for the opened root). */
  readonly path: string;
  readonly ops: readonly Op<T>[];
  readonly eventLogs: readonly EventLogRef[];
  /** Known run-level files: verification results, lineage graphs, reports, summaries. */
  readonly files: readonly string[];
  /** AutoResearch task folders in this run (empty for kernel and agent runs). */
  readonly autoresearch: readonly AutoResearchFolder[];
}

export interface OtherFile {
  readonly path: string;
  readonly reason: string;
}

export interface TraceTree<T = Task> {
  readonly runs: readonly Run<T>[];
  readonly otherFiles: readonly OtherFile[];
  /**
   * Files that are listed but never read, with why: links that lead outside the opened folder (or
   * to a folder, or to nothing), FIFOs, sockets, devices. They may also stand in the tree where
   * their names put them; their content is never shown.
   */
  readonly notRead: readonly OtherFile[];
  readonly warnings: readonly string[];
}
