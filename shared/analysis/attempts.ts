import type { Param, Role, Round, Speedup, StatusSource, Step, StepStatus, Task, TraceRecord, VerifyOutcome } from '../model/trace';
import { PARAMS } from '../parse/names';
import { type ParsedInfo, type RecordInfo, type VerifyFileInfo } from '../parse/classify';
import { roleOf } from '../parse/roles';
import { baseName, type VerificationEntry } from '../parse/verification';

/** A verify folder of a task: where it is and what its name says. */
export interface VerifyDirInput {
  readonly path: string;
  readonly info: VerifyFileInfo;
}

/** Everything the index knows about one task of one op, from names and append-only records. */
export interface TaskInputs {
  readonly id: string;
  /** Record files: what their names say → their paths. */
  readonly records: ReadonlyMap<RecordInfo, string>;
  /** Sizes of the record files that have one known (verifier error logs). */
  readonly sizes: ReadonlyMap<RecordInfo, number>;
  /** What verifiers' own `result` files say (True / False), where read. */
  readonly verdicts: ReadonlyMap<RecordInfo, boolean>;
  readonly parsed: ReadonlyMap<ParsedInfo, string>;
  /**
   * Verify folders by root-relative path (copies under passed_cases/ included), with the names of
   * the kernel and the reference among their files (shared/parse/verifyFiles.ts).
   */
  readonly verifyDirs: Iterable<VerifyDirInput>;
  /** The kernel and reference files' names among a verify folder's own files (shared/parse/verifyFiles.ts). */
  readonly verifyFiles: (dir: VerifyDirInput) => { readonly kernel: string | null; readonly reference: string | null };
  /** Verify folder names copied to `passed_cases/{op}/`. */
  readonly passedCaseNames: ReadonlySet<string>;
  /** Speed-up records of this op, by `unique_dir`; the last line for a name wins. */
  readonly speedups: ReadonlyMap<string, Speedup>;
  /** verification_results.jsonl entries of this op and task, in file order. */
  readonly verifications: readonly VerificationEntry[];
  /** An AutoResearch task's rounds (FORMATS.md §4.3): each round is an attempt, at the step of its number. Null in kernel runs. */
  readonly rounds?: readonly Round[] | null;
}

/** One agent's files at one step; every param present (undefined when absent), so all share one shape. */
interface RecordAcc {
  agent: string;
  role: Role;
  conductor: boolean;
  files: Record<Param, string | undefined>;
  sizes: Record<Param, number | null | undefined>;
  /** Params beyond the four (null: none yet, so that most records share one empty object). */
  otherFiles: Record<string, string> | null;
  /** A verifier's `result` as read: passed, failed, or undefined (not read, or none). */
  verdict: boolean | undefined;
  parsedFile: string | null;
}

const NO_OTHER_FILES: Readonly<Record<string, string>> = Object.freeze({});
const isParam = (param: string): param is Param => param === 'prompt' || param === 'reasoning' || param === 'result' || param === 'error_log';

interface Verdict {
  status: StepStatus;
  source: StatusSource;
}

/**
 * A task's records by step: one RecordAcc per agent (a conductor's apart) and step. A task has a
 * handful of records per step, so a step's list is searched, not hashed.
 */
function collectRecords(inputs: TaskInputs): Map<number, RecordAcc[]> {
  const bySteps = new Map<number, RecordAcc[]>();
  const at = (step: number, agent: string, conductor: boolean): RecordAcc => {
    let records = bySteps.get(step);
    if (!records) bySteps.set(step, (records = []));
    for (const record of records) if (record.agent === agent && record.conductor === conductor) return record;
    const record: RecordAcc = {
      agent,
      role: roleOf(agent, conductor),
      conductor,
      files: { prompt: undefined, reasoning: undefined, result: undefined, error_log: undefined },
      sizes: { prompt: undefined, reasoning: undefined, result: undefined, error_log: undefined },
      otherFiles: null,
      verdict: undefined,
      parsedFile: null,
    };
    records.push(record);
    return record;
  };
  for (const [info, path] of inputs.records) {
    const record = at(info.step, info.agent, info.conductor);
    if (isParam(info.param)) {
      record.files[info.param] = path;
      record.sizes[info.param] = inputs.sizes.get(info) ?? null;
      if (info.param === 'result') record.verdict = inputs.verdicts.get(info);
    } else (record.otherFiles ??= {})[info.param] = path;
  }
  for (const [info, path] of inputs.parsed) at(info.step, info.agent, false).parsedFile = path;
  return bySteps;
}

/** The params a record has, one frozen list per combination (16 of them) shared by every record. */
const PARAM_LISTS = Array.from({ length: 1 << PARAMS.length }, (_, bits) => Object.freeze(PARAMS.filter((_param, i) => bits & (1 << i))));

/**
 * Params in one fixed order, whatever order their files arrived in. Written out param by param:
 * a run has a record per agent and step (~70k in the 100k-file bench), and a loop reading and
 * writing the params by key made the snapshot ~10% slower.
 */
function toRecord(acc: RecordAcc): TraceRecord {
  const { prompt, reasoning, result, error_log } = acc.files;
  const files: Partial<Record<Param, string>> = {};
  let bits = 0; // bit i: PARAMS[i] is there
  if (prompt !== undefined) {
    files.prompt = prompt;
    bits |= 1;
  }
  if (reasoning !== undefined) {
    files.reasoning = reasoning;
    bits |= 2;
  }
  if (result !== undefined) {
    files.result = result;
    bits |= 4;
  }
  if (error_log !== undefined) {
    files.error_log = error_log;
    bits |= 8;
  }
  return {
    agent: acc.agent,
    role: acc.role,
    conductor: acc.conductor,
    params: PARAM_LISTS[bits]!,
    files,
    otherFiles: acc.otherFiles ?? NO_OTHER_FILES,
    parsedFile: acc.parsedFile,
  };
}

/**
 * A verifier's word on the attempt. One that writes its own `result` (`True` / `False`, the MathIR
 * branch) says it there, and its error_log is the script's output, not an error. Otherwise its
 * error_log: non-empty means the attempt failed; empty (era A's first days) passed.
 */
function errorLogVerdict(records: Iterable<RecordAcc>): Verdict | null {
  let sawEmpty = false;
  for (const record of records) {
    if (record.role !== 'verifier') continue;
    if (record.files.result !== undefined) {
      if (record.verdict !== undefined) return { status: record.verdict ? 'passed' : 'failed', source: 'verifier_result' };
      continue;
    }
    if (record.files.error_log === undefined) continue;
    if (record.sizes.error_log === 0) sawEmpty = true;
    else return { status: 'failed', source: 'error_log' };
  }
  return sawEmpty ? { status: 'passed', source: 'empty_error_log' } : null;
}

/**
 * Builds a task's steps and joins each attempt with its verify folder, verifier outcome and
 * speed-up (FORMATS.md §1.3). An attempt starts at a coder record and owns every step up to the
 * next one: the verify folder carries the coder's step (or the next step in some writers), the
 * verifier's error_log the step after it.
 */
export function buildTask(inputs: TaskInputs): Task {
  const recordsByStep = collectRecords(inputs);
  // A round is an attempt (its verify folder is `Step{round}`); the last line of a round number wins.
  const rounds = new Map<number, Round>();
  for (const round of inputs.rounds ?? []) rounds.set(round.round, round);
  const coderSteps: number[] = [...rounds.keys()];
  for (const [step, records] of recordsByStep) if (!rounds.has(step) && records.some((record) => record.role === 'coder')) coderSteps.push(step);
  coderSteps.sort((a, b) => a - b);

  // Verify folders (not the passed_cases copies) attach to the latest coder step at or before them.
  type OwnedDir = { path: string; name: string; step: number; multicase: boolean; kernel: string | null; reference: string | null };
  const verifyByOwner = new Map<number, OwnedDir[]>();
  const own = (dir: VerifyDirInput, name: string): void => {
    const { path, info } = dir;
    const { kernel, reference } = inputs.verifyFiles(dir);
    let owner = info.step;
    for (const step of coderSteps) if (step <= info.step) owner = step;
    const list = verifyByOwner.get(owner) ?? [];
    list.push({
      path,
      name,
      step: info.step,
      multicase: info.multicase,
      kernel: kernel && `${path}/${kernel}`,
      reference: reference && `${path}/${reference}`,
    });
    verifyByOwner.set(owner, list);
  };
  for (const dir of inputs.verifyDirs) if (!dir.info.passedCase) own(dir, baseName(dir.path));
  // A passed_cases copy whose original is gone still counts for the step it names.
  for (const dir of inputs.verifyDirs) {
    if (!dir.info.passedCase) continue;
    const name = baseName(dir.path);
    const known = [...verifyByOwner.values()].some((list) => list.some((owned) => owned.name === name));
    if (!known) own(dir, name);
  }

  // br_agents' multi-case path numbers records ahead of verify folders (test_case_generator takes a
  // step of its own): kernel_gen Step04 ran in Step3_verify, which the rule above gives the attempt
  // before. A coder with two verify steps while the next has none: the later ones are the next's.
  for (let i = 0; i + 1 < coderSteps.length; i++) {
    const mine = verifyByOwner.get(coderSteps[i]!) ?? [];
    const verifySteps = [...new Set(mine.filter((dir) => !dir.multicase).map((dir) => dir.step))].sort((a, b) => a - b);
    if (verifySteps.length < 2 || verifyByOwner.has(coderSteps[i + 1]!)) continue;
    verifyByOwner.set(
      coderSteps[i]!,
      mine.filter((dir) => dir.step === verifySteps[0]),
    );
    verifyByOwner.set(
      coderSteps[i + 1]!,
      mine.filter((dir) => dir.step !== verifySteps[0]),
    );
  }

  const attemptSteps = [...new Set([...coderSteps, ...verifyByOwner.keys()])].sort((a, b) => a - b);
  const allSteps = [...new Set([...recordsByStep.keys(), ...attemptSteps])].sort((a, b) => a - b);

  let owner = 0; // coder steps at or before this step: the number of the attempt that owns it
  const steps: Step[] = allSteps.map((step, stepIndex) => {
    const records = recordsByStep.get(step) ?? [];
    while (owner < coderSteps.length && coderSteps[owner]! <= step) owner++;
    const attempt = owner === 0 ? null : owner;
    const attemptIndex = attemptSteps.indexOf(step);
    if (attemptIndex < 0) {
      const verdict = errorLogVerdict(records) ?? { status: 'unknown', source: 'none' };
      return plainStep(step, attempt, records, verdict, null);
    }
    const round = rounds.get(step) ?? null;
    const end = attemptSteps[attemptIndex + 1] ?? Number.POSITIVE_INFINITY;
    const dirs = (verifyByOwner.get(step) ?? []).sort((a, b) => Number(a.multicase) - Number(b.multicase) || a.step - b.step);
    const names = new Set(dirs.map((dir) => dir.name));
    const verification = attemptVerification(inputs.verifications, (entry) =>
      entry.verifyDirName !== '' ? names.has(entry.verifyDirName) : entry.step !== null && entry.step >= step && entry.step < end,
    );
    const windowRecords: RecordAcc[] = [];
    for (let k = stepIndex; k < allSteps.length && allSteps[k]! < end; k++) windowRecords.push(...(recordsByStep.get(allSteps[k]!) ?? []));
    let timing: Speedup | null = null;
    for (const dir of dirs) timing = inputs.speedups.get(dir.name) ?? timing;
    const verdict: Verdict = verification
      ? { status: verification.passed ? 'passed' : 'failed', source: 'verification_results' }
      : round && round.correctness !== null
        ? { status: round.correctness ? 'passed' : 'failed', source: 'round' }
        : (errorLogVerdict(windowRecords) ??
          ([...names].some((name) => inputs.passedCaseNames.has(name))
            ? { status: 'passed', source: 'passed_cases' }
            : // Profiling runs only after a verify passed, so a speed-up record (even zeros) says so.
              timing
              ? { status: 'passed', source: 'speedup_record' }
              : { status: 'unknown', source: 'none' }));
    return {
      ...plainStep(step, attempt, records, verdict, round),
      verifyDir: dirs[0]?.name ?? null,
      verifyDirs: dirs.map((dir) => dir.path),
      kernelFile: dirs.find((dir) => dir.kernel !== null)?.kernel ?? null,
      referenceFile: dirs.find((dir) => dir.reference !== null)?.reference ?? null,
      speedup: timing?.speedup ?? round?.speedup ?? null,
      timing,
      verification: verification ? outcome(verification) : null,
    };
  });

  const coderSet = new Set(coderSteps);
  const speedups = steps.map((s) => s.speedup).filter((s): s is number => s !== null);
  return {
    id: inputs.id,
    steps,
    attempts: coderSteps.length,
    attemptSteps: coderSteps,
    firstPassingStep: steps.find((s) => coderSet.has(s.step) && s.status === 'passed')?.step ?? null,
    bestSpeedup: speedups.length > 0 ? Math.max(...speedups) : null,
  };
}

/**
 * An attempt's verification: the last entry of each of its verify folders (a single-case and a
 * multi-case one, br_agents), and of those a failed one if any (a kernel that passes one case and
 * fails four has failed); null when no entry names it.
 */
function attemptVerification(entries: readonly VerificationEntry[], isAttempts: (entry: VerificationEntry) => boolean): VerificationEntry | null {
  const lastByDir = new Map<string, VerificationEntry>();
  for (const entry of entries) if (isAttempts(entry)) lastByDir.set(entry.verifyDirName, entry);
  let found: VerificationEntry | null = null;
  for (const entry of lastByDir.values()) if (found === null || (found.passed && !entry.passed)) found = entry;
  return found;
}

function plainStep(step: number, attempt: number | null, records: RecordAcc[], verdict: Verdict, round: Round | null): Step {
  const ordered = records.sort((a, b) => Number(a.conductor) - Number(b.conductor) || a.agent.localeCompare(b.agent));
  return {
    step,
    attempt,
    records: ordered.map(toRecord),
    verifyDir: null,
    verifyDirs: [],
    kernelFile: null,
    referenceFile: null,
    status: verdict.status,
    statusSource: verdict.source,
    speedup: null,
    timing: null,
    verification: null,
    round,
  };
}

function outcome(entry: VerificationEntry): VerifyOutcome {
  const { passed, errorLog, timestamp, backend, arch, dsl, framework } = entry;
  return { passed, errorLog, timestamp, backend, arch, dsl, framework };
}
