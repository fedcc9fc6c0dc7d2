import type { EventLogFormat, Param } from '../model/trace';
import { KNOWN_AGENT_TOKENS } from './roles';

/**
 * What a path inside an opened root is, judged from names alone (DESIGN.md: scan names, not
 * contents). Paths are root-relative with `/` separators; `rootName` is the opened folder's own
 * name, needed when the root itself is an op folder.
 */
export type PathInfo =
  | RecordInfo
  | ParsedInfo
  | VerifyFileInfo
  | { readonly kind: 'config'; readonly opDir: string; readonly op: string; readonly task: string; readonly step: number }
  | { readonly kind: 'temp'; readonly opDir: string; readonly op: string; readonly task: string; readonly purpose: string }
  | { readonly kind: 'speedup'; readonly opDir: string; readonly op: string }
  | { readonly kind: 'verification-results'; readonly runDir: string }
  | { readonly kind: 'run-file'; readonly runDir: string }
  | { readonly kind: 'event-log'; readonly runDir: string; readonly logDir: string; readonly format: EventLogFormat | null }
  | { readonly kind: 'other'; readonly reason: string };

export interface StepKey {
  readonly opDir: string;
  readonly op: string;
  readonly task: string;
  readonly step: number;
}

export interface RecordInfo extends StepKey {
  readonly kind: 'record';
  readonly agent: string;
  readonly param: Param;
  readonly conductor: boolean;
}

export interface ParsedInfo extends StepKey {
  readonly kind: 'parsed';
  readonly agent: string;
}

export interface VerifyFileInfo extends StepKey {
  readonly kind: 'verify';
  /** Root-relative path of the verify folder. */
  readonly verifyDir: string;
  readonly multicase: boolean;
  /** A copy under `passed_cases/{op}/`: evidence that the attempt passed. */
  readonly passedCase: boolean;
}

export interface NameParts {
  readonly task: string;
  readonly step: number;
  readonly agent: string;
}

/** The params of a record, in the order TraceLens shows them. */
export const PARAMS: readonly Param[] = ['prompt', 'reasoning', 'result', 'error_log'];
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

const VERIFY_DIR = STEP_FORMS.map((form) => new RegExp(`^${form.prefix}(?<task>.+?)_${form.step}(?<step>\\d+)_verify$`, 's'));
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
function intern(text: string): string {
  let known = shared.get(text);
  if (known === undefined) {
    if (shared.size >= 100_000) shared.clear();
    shared.set(text, (known = text));
  }
  return known;
}

/** Parses a record file name given its op; null when it is not a record of that op. */
export function parseRecordName(name: string, op: string): (NameParts & { param: Param }) | null {
  for (const param of PARAMS) {
    const start = tailAt(name, param);
    if (start < 0) continue;
    const parts = matchStepName(name, op, start);
    return parts && { task: intern(parts.task), step: parts.step, agent: intern(parts.agent), param };
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

/** A root-relative path's folder ('' for the root) and file name. */
export function splitRelPath(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  return { dir: slash < 0 ? '' : path.slice(0, slash), name: path.slice(slash + 1) };
}

/** The root-relative path of the file `name` in folder `dir` ('' for the root). */
export function joinRelPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** A step as names write it, zero-padded to two digits (more when it has more): 3 → "03". */
export function padStep(step: number): string {
  return String(step).padStart(2, '0');
}

/** A step as TraceLens shows it: 3 → "S03". */
export function stepLabel(step: number): string {
  return `S${padStep(step)}`;
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

const EVENT_LOG_FORMATS: Readonly<Record<string, EventLogFormat | null>> = {
  'execution_tracker_readable.txt': null, // documented or v1: told apart by content
  'execution_tracker.json': 'documented',
  'latent_analysis_report.json': 'documented',
  'autofix_log.json': 'documented',
  'execution_tracker.jsonl': 'mm_v1',
  'execution_tracker_complete.json': 'mm_v1',
  'brief_summary.txt': 'mm_v1',
  'trace.jsonl': 'mm_v2',
  'trace_full.json': 'mm_v2',
  'debug.log': null,
  'errors.log': null,
  'main.log': null,
};

const RUN_FILE = /^(?:verification_results\.jsonl|.+_lineage_graph\.md|success_db\.json|impl_.*\.json|batch_summary_.*\.json)$/s;

const join = (segments: readonly string[]) => segments.join('/');

/** What a folder makes of every file below it, whatever the file's name. */
type FolderContext = { readonly kind: 'verify'; readonly info: VerifyFileInfo } | { readonly kind: 'config' | 'temp'; readonly info: PathInfo } | null;

/** What a file's folder says about it, worked out once per folder (a walk gives thousands of files per folder). */
interface Folder {
  /** Root-relative, '' for the root. */
  readonly dir: string;
  readonly context: FolderContext;
  /** The folder's own name (the opened root's name for ''). */
  readonly name: string;
  /** Records: the op folder (the parent of conductor/ and recorder/) and its path. */
  readonly op: string | undefined;
  readonly opDir: string;
  /** The folder's parent: its name and path. */
  readonly parentName: string | undefined;
  readonly parentDir: string;
  /** Event logs under `Memory/logs` belong to the folder above `Memory`. */
  readonly logRunDir: string;
}

function computeFolder(dir: string, rootName: string): Folder {
  const rel = dir === '' ? [] : dir.split('/');
  const n = rel.length;
  // Name of the folder at depth d of `rel` (d = -1 is the opened root itself).
  const folderName = (d: number): string | undefined => (d >= 0 ? rel[d] : d === -1 ? rootName : undefined);
  const name = folderName(n - 1)!;
  const opDepth = name === 'conductor' || name === 'recorder' ? n - 2 : n - 1;
  // Ancestors by cutting the path (a run has thousands of verify folders; no arrays joined for each).
  const parentDir = splitRelPath(dir).dir;
  return {
    dir,
    context: computeFolderContext(rel, n, rootName),
    name,
    op: folderName(opDepth),
    opDir: opDepth === n - 1 ? dir : parentDir,
    parentName: folderName(n - 2),
    parentDir,
    logRunDir: name === 'logs' && folderName(n - 2) === 'Memory' ? splitRelPath(parentDir).dir : dir,
  };
}

/** Files arrive folder by folder (a walk, a burst), so the last folders are kept. */
const folders = new Map<string, Folder>();
let foldersRootName = '';

function folderOf(dir: string, rootName: string): Folder {
  if (rootName !== foldersRootName) {
    folders.clear();
    foldersRootName = rootName;
  }
  let folder = folders.get(dir);
  if (!folder) {
    folder = computeFolder(dir, rootName);
    if (folders.size >= 256) folders.delete(folders.keys().next().value!);
    folders.set(dir, folder);
  }
  return folder;
}

function computeFolderContext(rel: readonly string[], dirLength: number, rootName: string): FolderContext {
  const folderName = (d: number): string | undefined => (d >= 0 ? rel[d] : d === -1 ? rootName : undefined);
  // Inside a verify folder (possibly nested: __pycache__, config_*_verify, …).
  for (let d = dirLength - 1; d >= -1; d--) {
    const name = folderName(d)!;
    const verify = name.endsWith('_verify') ? parseVerifyDirName(name) : null;
    if (!verify) continue;
    const op = folderName(d - 1) ?? '';
    const passedCase = folderName(d - 2) === 'passed_cases';
    const opDir = passedCase ? join([...rel.slice(0, Math.max(d - 2, 0)), op]) : join(rel.slice(0, Math.max(d, 0)));
    // One info object for every file of the folder (a verify folder can hold thousands).
    return {
      kind: 'verify',
      info: { kind: 'verify', opDir, op, task: verify.task, step: verify.step, verifyDir: join(rel.slice(0, d + 1)), multicase: verify.multicase, passedCase },
    };
  }
  for (let d = dirLength - 1; d >= 0; d--) {
    const name = rel[d]!;
    const config = name.startsWith('I') && /\d$/.test(name) ? firstMatch(CONFIG_DIR, name) : null;
    if (config)
      return {
        kind: 'config',
        info: { kind: 'config', opDir: join(rel.slice(0, d)), op: folderName(d - 1) ?? '', task: config.task!, step: Number(config.step) },
      };
    const temp = name.includes('_check_desc_') || name.includes('_gen_ref_') || name.includes('_profile_single_') ? TEMP_DIR.exec(name)?.groups : undefined;
    if (temp) return { kind: 'temp', info: { kind: 'temp', opDir: join(rel.slice(0, d)), op: temp.op!, task: temp.task!, purpose: temp.purpose! } };
  }
  return null;
}

/** Classifies one root-relative file path. */
export function classifyPath(relPath: string, rootName: string): PathInfo {
  const { dir, name } = splitRelPath(relPath);
  return classifyName(folderOf(dir, rootName), name);
}

/** classifyPath for the files of one folder (`dir` root-relative, '' for the root): the folder is worked out once. */
export function classifyFolderFiles(dir: string, names: readonly string[], rootName: string): PathInfo[] {
  const folder = folderOf(dir, rootName);
  return names.map((name) => classifyName(folder, name));
}

/** Classifies a file by its name and what its folder says. */
function classifyName(folder: Folder, name: string): PathInfo {
  const { context, op, opDir } = folder;
  if (context?.kind === 'verify') return context.info;

  if (op !== undefined && name.endsWith('.txt') && name.startsWith('I')) {
    if (folder.name === 'recorder') {
      const parsed = parseParsedName(name, op);
      if (parsed) return { kind: 'parsed', opDir, op, task: parsed.task, step: parsed.step, agent: parsed.agent };
    } else {
      const conductor = folder.name === 'conductor';
      const record = parseRecordName(name, op);
      if (record) return { kind: 'record', opDir, op, task: record.task, step: record.step, agent: record.agent, param: record.param, conductor };
      const loose = firstMatch(LOOSE_RECORD, name);
      if (loose)
        return {
          kind: 'record',
          opDir,
          op: intern(loose.op!),
          task: intern(loose.task!),
          step: Number(loose.step),
          agent: intern(loose.agent!),
          param: intern(loose.param!) as Param,
          conductor,
        };
    }
  }

  if (context) return context.info;

  if (name === 'speed_up_record.txt' && folder.name === 'profiling') return { kind: 'speedup', opDir: folder.parentDir, op: folder.parentName ?? '' };
  if (name === 'verification_results.jsonl') return { kind: 'verification-results', runDir: folder.dir };
  if (RUN_FILE.test(name)) return { kind: 'run-file', runDir: folder.dir };
  if (Object.hasOwn(EVENT_LOG_FORMATS, name))
    return { kind: 'event-log', runDir: folder.logRunDir, logDir: folder.dir, format: EVENT_LOG_FORMATS[name] ?? null };
  if (folder.name === 'Report' && name.endsWith('.md')) return { kind: 'run-file', runDir: folder.parentDir };

  return { kind: 'other', reason: otherReason(name, op) };
}

function otherReason(name: string, op: string | undefined): string {
  if (/^(Iteration|I).+_(Step|S)\d+_/.test(name)) {
    return op === undefined
      ? 'looks like a record name, but has no op folder above it'
      : `looks like a record name, but does not match op "${op}" (its folder) with a param of ${PARAMS.join(', ')}`;
  }
  return 'not part of any known trace format';
}
