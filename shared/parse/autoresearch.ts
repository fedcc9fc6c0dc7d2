/**
 * AutoResearch task folders (FORMATS.md §4.3): `{op}_{unix}_{hex6}/`, an optimisation loop whose
 * rounds are lines of `log.jsonl` (v1) or `.ar_state/history.jsonl` (the workspace form).
 */
import type { Round, RoundShape } from '../model/trace';
import { bool, list, num, object, str } from './jsonFields';
import { isPlainObject } from './lenientJson';

/** `softmax_1796312452_6dde31` → `softmax`; null for any other name. */
export function autoResearchOp(folderName: string): string | null {
  const match = /^(.+)_(\d{9,11})_([0-9a-f]{6})$/.exec(folderName);
  return match ? match[1]! : null;
}

/** Where a task folder's rounds are, by form. */
export const ROUNDS_FILES = { v1: 'log.jsonl', workspace: '.ar_state/history.jsonl' } as const;

/**
 * The names only v1 writes in its task folder (the workspace form keeps its state in `.ar_state/`).
 * A v1 folder sits in the log root the verifier writes to, so its run is that root.
 */
export const V1_ONLY = new Set([
  'log.jsonl',
  'perf_log.md',
  'ranking.md',
  'plan.md',
  'report.md',
  'agent.log',
  'RUNNING',
  'hardware_info.md',
  'skills',
  'agent_session',
]);

/** The workspace form's verifier log roots inside `.ar_state/` (the standalone op-autoresearch copy writes the second). */
export const VERIFY_ROOTS = ['akg_verify', 'op_autoresearch_verify'] as const;

const DECISIONS = new Set(['SEED', 'KEEP', 'DISCARD', 'FAIL']);

/** One line of a rounds file (either form), or why it is not one; `file` and `line` say where it is. */
export function parseRound(text: string, file: string, line: number): Round | string {
  const read = object(text);
  if (!read.ok) return `not a round: ${read.error}`;
  const value = read.value;
  const round = num(value.round);
  if (round === null || !Number.isInteger(round) || round < 0) return 'not a round: no whole "round" number';
  const written = str(value.decision);
  const acceptedField = bool(value.accepted);
  // v1 writes no decision: round 0 is the seed, then accepted or not.
  const decision = written ?? (round === 0 ? 'SEED' : acceptedField === null ? 'unknown' : acceptedField ? 'accepted' : 'rejected');
  const metrics = isPlainObject(value.metrics) ? value.metrics : {};
  return {
    round,
    decision,
    accepted: written !== null ? written === 'SEED' || written === 'KEEP' || (!DECISIONS.has(written) && acceptedField === true) : acceptedField === true,
    correctness: bool(value.correctness),
    description: str(value.description) ?? '',
    planItem: str(value.plan_item),
    latencyUs: num(metrics.latency_us),
    refLatencyUs: num(metrics.ref_latency_us),
    speedup: num(metrics.speedup_vs_ref),
    shapes: shapes(metrics),
    error: str(value.error) || null,
    commit: str(value.commit),
    durationSec: num(value.duration_sec),
    timestamp: str(value.timestamp),
    file,
    line,
  };
}

function shapes(metrics: Record<string, unknown>): RoundShape[] {
  const descs = list(metrics.per_shape_descs);
  const gen = list(metrics.per_shape_gen_us);
  const base = list(metrics.per_shape_base_us);
  const status = list(metrics.per_shape_status);
  const n = Math.max(descs.length, gen.length, base.length, status.length);
  return Array.from({ length: n }, (_, i) => ({ desc: str(descs[i]), genUs: num(gen[i]), baseUs: num(base[i]), status: str(status[i]) }));
}

/** The verifier's task ids a v1 rounds file names (`Iterationar_248eab89_Step02_verify` in a failed round's log). */
export function namedVerifyTasks(rounds: readonly Round[]): Set<string> {
  const ids = new Set<string>();
  for (const round of rounds) for (const match of (round.error ?? '').matchAll(/Iteration(ar_[0-9a-f]+)_Step\d+_verify/g)) ids.add(match[1]!);
  return ids;
}

/** The file a loop writes its state to, by form: v1's `RUNNING` heartbeat in the task folder (deleted by any normal exit), the workspace form's `state.json` in `.ar_state/`. */
export const LOOP_STATE_FILES = { v1: 'RUNNING', workspace: 'state.json' } as const;

/** The phase a loop state file says (state.json's `phase`, RUNNING's `phase:` line); null when it says none. */
export function parseLoopPhase(text: string, form: 'v1' | 'workspace'): string | null {
  if (form === 'v1') return /^phase:[ \t]*(\S+)/m.exec(text)?.[1] ?? null;
  const read = object(text);
  return read.ok ? str(read.value.phase) : null;
}
