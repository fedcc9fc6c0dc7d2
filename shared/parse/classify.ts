/**
 * What a path inside an opened root is, from its name and its folders alone (DESIGN.md: scan
 * names, not contents): a record, a verify folder's file, a speed-up record, an event log, … or
 * an other file with the reason. Folders are worked out once (a walk hands out thousands of files
 * per folder) and the last ones kept.
 */
import type { EventLogFormat } from '../model/trace';
import { intern, PARAMS, parseConfigDirName, parseLooseRecordName, parseParsedName, parseRecordName, parseTempDirName, parseVerifyDirName } from './names';
import { autoResearchOp, LOOP_STATE_FILES, ROUNDS_FILES, V1_ONLY, VERIFY_ROOTS } from './autoresearch';
import { joinRelPath, splitRelPath } from './relPath';

/**
 * What a path is. Paths are root-relative with `/` separators; `rootName` is the opened folder's
 * own name, needed when the root itself is an op folder.
 */
export type PathInfo =
  | RecordInfo
  | ParsedInfo
  | VerifyFileInfo
  | { readonly kind: 'config'; readonly opDir: string; readonly op: string; readonly task: string; readonly step: number }
  | { readonly kind: 'temp'; readonly opDir: string; readonly op: string; readonly task: string; readonly purpose: string }
  | { readonly kind: 'speedup'; readonly opDir: string; readonly op: string }
  | { readonly kind: 'verification-results'; readonly runDir: string }
  | {
      readonly kind: 'run-file';
      readonly runDir: string;
      readonly autoresearch?: AutoResearchRef;
      /** The loop's own state file (FORMATS.md §4.3: v1's `RUNNING` heartbeat, the workspace form's `.ar_state/state.json`), and its form. */
      readonly loopState?: 'v1' | 'workspace';
    }
  | { readonly kind: 'rounds'; readonly runDir: string; readonly autoresearch: AutoResearchRef }
  | { readonly kind: 'event-log'; readonly runDir: string; readonly logDir: string; readonly format: EventLogFormat | null }
  | { readonly kind: 'other'; readonly reason: string };

/** The AutoResearch task folder a file is in (FORMATS.md §4.3); one object per folder. */
export interface AutoResearchRef {
  /** Root-relative path of the task folder ('' when it is the opened root). */
  readonly dir: string;
  readonly op: string;
  /** What the file's name says of the form; null when both forms write it (task.yaml, kernel.py, …). */
  readonly form: 'v1' | 'workspace' | null;
}

export interface StepKey {
  readonly opDir: string;
  readonly op: string;
  readonly task: string;
  readonly step: number;
}

export interface RecordInfo extends StepKey {
  readonly kind: 'record';
  readonly agent: string;
  /** One of PARAMS, or another (FORMATS.md §4.2: `mode`, `summary`, … — the set is open). */
  readonly param: string;
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
  /** MM-Agent's products (`{run}/Workspace/…`: code, results, charts, LaTeX, Markdown): the run they belong to; undefined outside one. */
  readonly workspaceRunDir: string | undefined;
  /** The run of what this folder holds as a log root: itself, or the AutoResearch task folder of `.ar_state/akg_verify`. */
  readonly runDir: string;
  /** The AutoResearch task folder this folder is in (or is), with the form its first folder below says; undefined outside one. */
  readonly autoresearch: { readonly dir: string; readonly op: string; readonly sub: string | undefined; readonly runDir: string } | undefined;
}

/** The name of the folder at depth `d` of a root-relative path's segments (-1: the opened root itself; above it, none). */
function nameAt(rel: readonly string[], d: number, rootName: string): string | undefined {
  return d >= 0 ? rel[d] : d === -1 ? rootName : undefined;
}

function computeFolder(dir: string, rootName: string): Folder {
  const rel = dir === '' ? [] : dir.split('/');
  const n = rel.length;
  // Name of the folder at depth d of `rel` (d = -1 is the opened root itself).
  const folderName = (d: number) => nameAt(rel, d, rootName);
  const name = folderName(n - 1)!;
  const opDepth = name === 'conductor' || name === 'recorder' || SUB_EXPR.test(name) ? n - 2 : n - 1;
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
    runDir: (VERIFY_ROOTS as readonly string[]).includes(name) && folderName(n - 2) === '.ar_state' ? splitRelPath(parentDir).dir : dir,
    autoresearch: autoResearchFolder(rel, n, rootName),
    workspaceRunDir: workspaceRunDir(rel, n, rootName),
  };
}

/** The folder above the nearest `Workspace` at or above a folder (MM-Agent's run), or above `Memory/{evaluation,checkpoints}`. */
function workspaceRunDir(rel: readonly string[], n: number, rootName: string): string | undefined {
  for (let d = n - 1; d >= -1; d--) if (nameAt(rel, d, rootName) === 'Workspace') return join(rel.slice(0, Math.max(d, 0)));
  if (n >= 2 && rel[n - 2] === 'Memory' && (rel[n - 1] === 'evaluation' || rel[n - 1] === 'checkpoints')) return join(rel.slice(0, n - 2));
  return undefined;
}

/**
 * The nearest AutoResearch task folder at or above a folder. Its run: the workspace form's folder
 * is a run (its verifier log is inside, in `.ar_state/`); v1's sits in the log root its verifier
 * writes to, beside the op folder of its rounds, so the run is that root. A file both forms write
 * goes by where the folder is (`ar_tasks/`, or opened itself: the workspace form).
 */
function autoResearchFolder(rel: readonly string[], n: number, rootName: string): Folder['autoresearch'] {
  for (let d = n - 1; d >= -1; d--) {
    const op = autoResearchOp(nameAt(rel, d, rootName)!);
    if (op === null) continue;
    const dir = join(rel.slice(0, d + 1));
    const parent = join(rel.slice(0, Math.max(d, 0)));
    const sub = rel[d + 1];
    const standalone = d === -1 || nameAt(rel, d - 1, rootName) === 'ar_tasks';
    const runDir = sub === '.ar_state' || (sub === undefined ? standalone : !V1_ONLY.has(sub) && standalone) ? dir : parent;
    return { dir, op, sub, runDir };
  }
  return undefined;
}

/** The run a file is of when its folder is an AutoResearch task folder or below one. */
function autoResearchInfo(folder: Folder, name: string): PathInfo | null {
  const ar = folder.autoresearch;
  if (!ar) return null;
  const topLevel = ar.sub === undefined;
  const v1 = topLevel ? V1_ONLY.has(name) : V1_ONLY.has(ar.sub!);
  const form = ar.sub === '.ar_state' ? 'workspace' : v1 ? 'v1' : null;
  // A top-level v1 name decides the run by itself (the log root above); a shared one, by where the folder is.
  const runDir = topLevel && v1 ? splitRelPath(ar.dir).dir : ar.runDir;
  const ref = autoResearchRef(ar.dir, ar.op, form);
  const inState = folder.dir === joinRelPath(ar.dir, '.ar_state');
  if ((topLevel && name === ROUNDS_FILES.v1) || (inState && name === 'history.jsonl')) return { kind: 'rounds', runDir, autoresearch: ref };
  const loopState = topLevel && name === LOOP_STATE_FILES.v1 ? 'v1' : inState && name === LOOP_STATE_FILES.workspace ? 'workspace' : null;
  return loopState ? { kind: 'run-file', runDir, autoresearch: ref, loopState } : { kind: 'run-file', runDir, autoresearch: ref };
}

const refs = new Map<string, AutoResearchRef>();
function autoResearchRef(dir: string, op: string, form: AutoResearchRef['form']): AutoResearchRef {
  const key = `${form}\0${dir}`;
  let ref = refs.get(key);
  if (!ref) {
    if (refs.size >= 256) refs.clear();
    refs.set(key, (ref = { dir, op, form }));
  }
  return ref;
}

/** The run an op folder belongs to: its parent, or the AutoResearch task folder whose `.ar_state/akg_verify` holds it. */
export function runDirOfOp(opDir: string, rootName: string): string {
  return folderOf(splitRelPath(opDir).dir, rootName).runDir;
}

/** The MathIR branch's sub-expression attempt folders (FORMATS.md §4.2): `{op}/sub_expr_{i}_attempt_{a}/`. */
const SUB_EXPR = /^sub_expr_(\d+)_attempt_(\d+)$/;

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
  const folderName = (d: number) => nameAt(rel, d, rootName);
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
    const config = name.startsWith('I') && /\d$/.test(name) ? parseConfigDirName(name) : null;
    if (config)
      return {
        kind: 'config',
        info: { kind: 'config', opDir: join(rel.slice(0, d)), op: folderName(d - 1) ?? '', task: config.task!, step: Number(config.step) },
      };
    const temp = name.includes('_check_desc_') || name.includes('_gen_ref_') || name.includes('_profile_single_') ? parseTempDirName(name) : null;
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
      // A sub-expression's attempt writes at its task's step; it is an attempt of its own, named as its verify folder is
      // (`Iteration0_multi_expr1_Attempt01_verify`): task `0_multi_expr1`, step 1.
      const subExpr = record && SUB_EXPR.exec(folder.name);
      if (record && subExpr)
        return {
          kind: 'record',
          opDir,
          op,
          task: intern(`${record.task}_multi_expr${subExpr[1]}`),
          step: Number(subExpr[2]),
          agent: record.agent,
          param: record.param,
          conductor,
        };
      if (record) return { kind: 'record', opDir, op, task: record.task, step: record.step, agent: record.agent, param: record.param, conductor };
      const loose = parseLooseRecordName(name);
      if (loose)
        return {
          kind: 'record',
          opDir,
          op: intern(loose.op!),
          task: intern(loose.task!),
          step: Number(loose.step),
          agent: intern(loose.agent!),
          param: intern(loose.param!),
          conductor,
        };
    }
  }

  if (context) return context.info;

  if (name === 'speed_up_record.txt' && folder.name === 'profiling') return { kind: 'speedup', opDir: folder.parentDir, op: folder.parentName ?? '' };
  if (name === 'verification_results.jsonl') return { kind: 'verification-results', runDir: folder.runDir };
  if (RUN_FILE.test(name)) return { kind: 'run-file', runDir: folder.dir };
  if (Object.hasOwn(EVENT_LOG_FORMATS, name))
    return { kind: 'event-log', runDir: folder.logRunDir, logDir: folder.dir, format: EVENT_LOG_FORMATS[name] ?? null };
  if (folder.name === 'Report' && name.endsWith('.md')) return { kind: 'run-file', runDir: folder.parentDir };
  // Adaptive search profiles each op's baseline once, up front (br_agents): its scripts are files of the run.
  if (folder.name.endsWith('_baseline_profile')) return { kind: 'run-file', runDir: folder.parentDir };
  // An op's retrieved API docs (MathIR branch, FORMATS.md §4.2): files of its run.
  if ((folder.name === 'api_recall' || folder.name === 'api_docs') && folder.parentName !== undefined)
    return { kind: 'run-file', runDir: splitRelPath(folder.parentDir).dir };
  // MM-Agent's usage files (FORMATS.md §4.4), read for what the run cost: `Memory/usage/` (upstream: `{run}/usage/`).
  if (name === 'latent_summaries.jsonl' && folder.name === 'logs') return { kind: 'run-file', runDir: folder.logRunDir };
  if (folder.name === 'usage' && (name.endsWith('.json') || name === 'runtime.txt'))
    return { kind: 'run-file', runDir: folder.parentName === 'Memory' ? splitRelPath(folder.parentDir).dir : folder.parentDir };
  // MM-Agent's products and its evaluation (FORMATS.md §4.4): the run's files (a checkpoint is listed, never parsed).
  if (folder.workspaceRunDir !== undefined) return { kind: 'run-file', runDir: folder.workspaceRunDir };
  const autoresearch = autoResearchInfo(folder, name);
  if (autoresearch) return autoresearch;

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
