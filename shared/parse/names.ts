/**
 * The grammar of record and verify-folder names (FORMATS.md §1.1): eras A, B and C and the seed's
 * upper-case form, read by hand (checked against the patterns by a property test), and written
 * back for the demo and the round trip. What a whole path is lives in classify.ts.
 */
import type { Param } from '../model/trace';
import { padStep } from '../model/stepLabel';
import { KNOWN_AGENT_TOKENS } from './roles';

export interface NameParts {
  readonly task: string;
  readonly step: number;
  readonly agent: string;
}

/** The params of a record, in the order TraceLens shows them. */
export const PARAMS: readonly Param[] = ['prompt', 'reasoning', 'result', 'error_log'];
/**
 * Params the writers added since 2026-04 (FORMATS.md §4.2), some with an underscore of their own.
 * The set is open: a name that ends in none of these or PARAMS takes its last `_` token.
 */
export const NEWER_PARAMS: readonly string[] = ['mode', 'summary', 'status', 'structured_path', 'docs_path'];
const STEP_FORMS = [
  { prefix: 'Iteration', step: 'Step', marker: '_Step' },
  { prefix: 'I', step: 'S', marker: '_S' },
] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The parts of `{prefix}{task}_{step}{n}_{op}_{agent}_{tail}.txt` for a known op (FORMATS.md
 * §1.2): the literal op, the `Iteration…Step` form first, never a mixed form. Read by hand, as
 * `^{prefix}(.+)_{step}(\d+)_{op}_(.+)_{tail}\.txt$` would match (greedy: of several places the
 * op could start, the last one), because the scan of a 100k-file run reads every name once and
 * this is the name most files have. `names.test.ts` checks it against that pattern.
 */
function matchStepName(name: string, op: string, tailStart: number): { task: string; step: number; agent: string } | null {
  for (const form of STEP_FORMS) {
    if (!name.startsWith(form.prefix)) continue;
    // `Iteration…` is never the `I` form with a task "teration…" (FORMATS.md §1.2: never mix the forms).
    if (form.prefix === 'I' && name.startsWith('Iteration')) continue;
    const agentEnd = tailStart - 1;
    // `_{step}` at `at`, with the task before it and at least one character of agent after the op.
    for (let at = name.lastIndexOf(form.marker, agentEnd); at > form.prefix.length; at = name.lastIndexOf(form.marker, at - 1)) {
      const digitsStart = at + form.marker.length;
      let digitsEnd = digitsStart;
      while (digitsEnd < name.length && name.charCodeAt(digitsEnd) >= 48 && name.charCodeAt(digitsEnd) <= 57) digitsEnd++;
      if (digitsEnd === digitsStart || name.charCodeAt(digitsEnd) !== 95 /* _ */ || !name.startsWith(op, digitsEnd + 1)) continue;
      const agentStart = digitsEnd + 1 + op.length + 1;
      if (name.charCodeAt(agentStart - 1) !== 95 || agentStart >= agentEnd) continue;
      return { task: name.slice(form.prefix.length, at), step: Number(name.slice(digitsStart, digitsEnd)), agent: name.slice(agentStart, agentEnd) };
    }
  }
  return null;
}

/** Where `_{tail}.txt` starts the tail at the end of `name`, or -1. */
function tailAt(name: string, tail: string): number {
  const start = name.length - 4 - tail.length;
  return start > 0 && name.endsWith('.txt') && name.charCodeAt(start - 1) === 95 && name.startsWith(tail, start) ? start : -1;
}

/** Names whose op is not their folder's name (flattened or hand-made logs): known agents only. */
const KNOWN_AGENTS = KNOWN_AGENT_TOKENS.map(escapeRegExp).join('|');
const LOOSE_RECORD = STEP_FORMS.map(
  (form) => new RegExp(`^${form.prefix}(?<task>.+?)_${form.step}(?<step>\\d+)_(?<op>.+)_(?<agent>${KNOWN_AGENTS})_(?<param>${PARAMS.join('|')})\\.txt$`, 's'),
);

/** `Iteration{task}_Step{n}_verify`, `I{task}_S{n}_verify`, and the MathIR branch's sub-expression attempts `Iteration{task}_multi_expr{i}_Attempt{nn}_verify` (FORMATS.md §4.2). */
const VERIFY_DIR = [
  ...STEP_FORMS.map((form) => new RegExp(`^${form.prefix}(?<task>.+?)_${form.step}(?<step>\\d+)_verify$`, 's')),
  /^Iteration(?<task>.+?_multi_expr\d+)_Attempt(?<step>\d+)_verify$/s,
];
const CONFIG_DIR = STEP_FORMS.map((form) => new RegExp(`^${form.prefix}(?<task>.+?)_${form.step}(?<step>\\d+)$`, 's'));
const TEMP_DIR = /^(?<op>.+)_(?<purpose>check_desc|gen_ref|profile_single)_(?<task>.+)$/s;

function firstMatch(patterns: readonly RegExp[], text: string): Record<string, string> | null {
  for (const pattern of patterns) {
    const groups = pattern.exec(text)?.groups;
    if (groups) return groups;
  }
  return null;
}

/**
 * One string for each task id, agent and param seen: a run names the same few thousand over and
 * over, and an index of 100k files otherwise keeps a copy of each per file.
 */
const shared = new Map<string, string>();
export function intern(text: string): string {
  let known = shared.get(text);
  if (known === undefined) {
    if (shared.size >= 100_000) shared.clear();
    shared.set(text, (known = text));
  }
  return known;
}

/**
 * Parses a record file name given its op; null when it is not a record of that op. The param is
 * one of PARAMS or NEWER_PARAMS, else the name's last `_` token (FORMATS.md §4.2: the set is open).
 */
export function parseRecordName(name: string, op: string): (NameParts & { param: string }) | null {
  for (const param of PARAMS) {
    const start = tailAt(name, param);
    if (start < 0) continue;
    const parts = matchStepName(name, op, start);
    return parts && { task: intern(parts.task), step: parts.step, agent: intern(parts.agent), param };
  }
  if (!name.endsWith('.txt') || name.endsWith('_parsed.txt')) return null;
  const last = name.lastIndexOf('_', name.length - 5);
  const tails = [...NEWER_PARAMS.filter((param) => tailAt(name, param) >= 0), ...(last > 0 ? [name.slice(last + 1, -4)] : [])];
  for (const param of tails) {
    const parts = param === '' ? null : matchStepName(name, op, tailAt(name, param));
    if (parts) return { task: intern(parts.task), step: parts.step, agent: intern(parts.agent), param: intern(param) };
  }
  return null;
}

export function parseParsedName(name: string, op: string): NameParts | null {
  const start = tailAt(name, 'parsed');
  const parts = start < 0 ? null : matchStepName(name, op, start);
  return parts && { task: intern(parts.task), step: parts.step, agent: intern(parts.agent) };
}

export function parseVerifyDirName(name: string): { task: string; step: number; multicase: boolean } | null {
  const groups = firstMatch(VERIFY_DIR, name);
  if (!groups) return null;
  const multicase = groups.task!.endsWith('_multicase');
  const task = multicase ? groups.task!.slice(0, -'_multicase'.length) : groups.task!;
  return { task, step: Number(groups.step), multicase };
}

/** The inverse of parseRecordName, used by the demo writer and the round-trip property test. */
export function formatRecordName(style: 'I_S' | 'Iteration_Step', parts: NameParts & { op: string; param: Param | 'parsed' }): string {
  const step = padStep(parts.step);
  const head = style === 'I_S' ? `I${parts.task}_S${step}` : `Iteration${parts.task}_Step${step}`;
  return `${head}_${parts.op}_${parts.agent}_${parts.param}.txt`;
}

export function formatVerifyDirName(style: 'I_S' | 'Iteration_Step', task: string, step: number): string {
  const padded = padStep(step);
  return style === 'I_S' ? `I${task}_S${padded}_verify` : `Iteration${task}_Step${padded}_verify`;
}

/** A record name whose op is not its folder's (flattened or hand-made logs), for known agents only. */
export function parseLooseRecordName(name: string): Record<string, string> | null {
  return firstMatch(LOOSE_RECORD, name);
}

/** A per-step config folder's name (`I0_S03`), its task and step. */
export function parseConfigDirName(name: string): Record<string, string> | null {
  return firstMatch(CONFIG_DIR, name);
}

/** A temp folder's name (`{op}_check_desc_{task}`), its op, purpose and task. */
export function parseTempDirName(name: string): Record<string, string> | null {
  return TEMP_DIR.exec(name)?.groups ?? null;
}
