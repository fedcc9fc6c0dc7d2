/**
 * What the tree builder keeps per run, op and task between files (traceTree.ts), and what its
 * projections (treeProjection.ts) make the model's nodes from.
 */
import type { EventLogFormat, Round, Speedup, Task } from '../model/trace';
import type { ParsedInfo, RecordInfo, VerifyFileInfo } from '../parse/classify';
import type { SpeedupLine } from '../parse/speedup';
import type { VerificationEntry } from '../parse/verification';

export interface TaskAcc {
  readonly id: string;
  /** Record → its path (a classification is one file's own object). */
  readonly records: Map<RecordInfo, string>;
  /** Sizes of the records that have one (verifier error logs). */
  readonly sizes: Map<RecordInfo, number>;
  /** What a verifier's own `result` file says (`True` / `False`, the MathIR branch), where it was read. */
  readonly verdicts: Map<RecordInfo, boolean>;
  readonly parsed: Map<ParsedInfo, string>;
  /** Verify folder path → its info and how many files of it are indexed. */
  readonly verifyDirs: Map<string, { path: string; info: VerifyFileInfo; files: number }>;
  /** The AutoResearch rounds joined to this task (its steps are the rounds), null in kernel runs. */
  rounds: readonly Round[] | null;
  node: Task | null;
}

export interface OpAcc {
  readonly name: string;
  readonly path: string;
  readonly runDir: string;
  readonly tasks: Map<string, TaskAcc>;
  /** speed_up_record.txt path → its parsed lines. */
  readonly speedupFiles: Map<string, readonly SpeedupLine[]>;
  /** Every speed-up line of the op by its verify folder name (the last wins); rebuilt when a record changes. */
  speedupsByDir: Map<string, Speedup> | null;
  readonly files: Set<string>;
}

export interface RunAcc {
  readonly path: string;
  readonly ops: Set<string>;
  readonly eventLogs: Map<string, { format: EventLogFormat | null; files: Set<string> }>;
  readonly files: Set<string>;
  /** verification_results.jsonl path → entries in file order. */
  readonly verifications: Map<string, readonly VerificationEntry[]>;
  /** The same entries by task name (the op's, or '' when not written), then task id; rebuilt when a results file changes. */
  verificationsByTask: Map<string, Map<string, VerificationEntry[]>> | null;
  /** AutoResearch task folders of the run, by path. */
  readonly autoresearch: Map<string, AutoResearchAcc>;
}

export interface AutoResearchAcc {
  readonly op: string;
  /** Files whose name says the form, of each form. */
  readonly forms: { v1: number; workspace: number };
  /** Files of the folder indexed (it goes with the last). */
  files: number;
  roundsFile: string | null;
  /** The loop's state file and the phase it says (see AutoResearchFolder). */
  stateFile: string | null;
  phase: string | null;
  /** The task its rounds are joined to. */
  target: { readonly opPath: string; readonly id: string } | null;
}
