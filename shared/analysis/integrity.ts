/**
 * Which passing kernels cannot be trusted (DESIGN.md "Trust the numbers"): every coder attempt's
 * kernel — the verify folder's implementation when there is one, which is what ran, else the code
 * of the coder's answer — read against the rules of integrityRules.ts. Pure: the core reads the
 * files and keeps what the code rules found in each (they depend on the two files alone).
 */
import type { Finding, IntegrityFlag, IntegrityReport } from '../model/integrity';
import type { Op, Run, Step, TraceTree } from '../model/trace';
import { extractCode } from '../parse/code';
import { type CodeInput, type Hit, INTEGRITY_RULES, type NumbersInput, type Roofline, type Rule } from './integrityRules';
import { type KernelCode, readKernelCode, referenceOps } from './kernelCode';
import { attemptStarts, kernelFile } from './treeQuery';

/** What to check of one attempt: its kernel's text and what it is judged against. */
export interface KernelCheck {
  readonly code: string;
  readonly reference: string | null;
  readonly op: string;
  readonly status: Step['status'];
  readonly timing: Step['timing'];
  /** The roofline the verify folder wrote as JSON, where the speed-up record holds none. */
  readonly roofline?: Roofline | null;
  readonly hasVerifyFolder: boolean;
  readonly peers: readonly number[];
}

const EVIDENCE_CHARS = 200;

const cut = (text: string) => (text.length > EVIDENCE_CHARS ? `${text.slice(0, EVIDENCE_CHARS - 1)}…` : text);

function finding(rule: Rule, hit: Hit, lines: readonly string[]): Finding {
  return {
    rule: rule.id,
    category: rule.category,
    severity: hit.severity ?? rule.severity,
    line: hit.line === null ? null : hit.line + 1,
    message: hit.message ?? rule.message,
    evidence: cut(hit.line === null ? (hit.evidence ?? '') : (lines[hit.line] ?? '').trim()),
  };
}

/** The findings of the rules that read code: they depend on the kernel's and the reference's text alone (and the op's name). */
export function codeFindings(code: string, referenceText: string | null, op: string): Finding[] {
  const kernel = readKernelCode(code);
  const reference = referenceText === null ? null : readReference(referenceText);
  const input: CodeInput = { kernel, reference: reference?.code ?? null, referenceOps: reference?.ops ?? new Set(), referenceText, op };
  return INTEGRITY_RULES.flatMap((rule) => (rule.reads === 'code' ? rule.check(input).map((hit) => finding(rule, hit, kernel.source.lines)) : []));
}

/** References read lately, by their text: an op's kernels are checked against one reference, read once. */
const references = new Map<string, { code: KernelCode; ops: ReadonlySet<string> }>();

function readReference(text: string): { code: KernelCode; ops: ReadonlySet<string> } {
  let reference = references.get(text);
  if (!reference) {
    const code = readKernelCode(text);
    reference = { code, ops: referenceOps(code) };
    if (references.size >= 32) references.delete(references.keys().next().value!);
    references.set(text, reference);
  }
  return reference;
}

/** The findings of the rules about an attempt's numbers. */
export function numberFindings(input: NumbersInput): Finding[] {
  return INTEGRITY_RULES.flatMap((rule) => (rule.reads === 'numbers' ? rule.check(input).map((hit) => finding(rule, hit, [])) : []));
}

/** Every rule's findings on one kernel. */
export function checkKernel(check: KernelCheck): Finding[] {
  return [...codeFindings(check.code, check.reference, check.op), ...numberFindings(check)];
}

/** The files an integrity check of a tree reads: each attempt's kernel and the reference beside it. */
export function integrityInputs(tree: TraceTree): string[] {
  const files = new Set<string>();
  for (const run of tree.runs)
    for (const op of run.ops)
      for (const task of op.tasks)
        for (const step of attemptStarts(task)) {
          const file = kernelFile(step);
          if (file) files.add(file);
          if (step.referenceFile) files.add(step.referenceFile);
        }
  return [...files];
}

/** The text a kernel is read as: a verify folder's file as it is, a coder's answer as its code. */
export function kernelText(path: string, text: string): string {
  return path.endsWith('_result.txt') ? extractCode(text).code : text;
}

/** An attempt's kernel: the file checked, and its code findings, or why it could not be read. */
export type KernelFindings = { readonly findings: readonly Finding[] } | { readonly unread: string };

/**
 * The check of every coder attempt in a tree: `codeOf` gives the code findings of an attempt's
 * kernel file (with its reference), read and kept by the caller; the numbers are checked here.
 */
export function checkTree(
  tree: TraceTree,
  codeOf: (file: string, step: Step, op: Op) => KernelFindings,
  /** The roofline time a step's verify folder wrote as JSON, where speed_up_record.txt holds none. */
  rooflineOf: (step: Step) => Roofline | null = () => null,
): IntegrityReport {
  const flags: IntegrityFlag[] = [];
  const unread: Array<{ file: string; reason: string }> = [];
  let checked = 0;
  for (const run of tree.runs) {
    for (const op of run.ops) {
      const passed = op.tasks.flatMap((task) => attemptStarts(task).filter((step) => step.status === 'passed' && step.speedup !== null));
      for (const task of op.tasks) {
        for (const step of attemptStarts(task)) {
          const file = kernelFile(step);
          if (file === null) continue;
          const code = codeOf(file, step, op);
          if ('unread' in code) {
            unread.push({ file, reason: code.unread });
            continue;
          }
          checked++;
          const numbers = numberFindings({
            status: step.status,
            timing: step.timing,
            roofline: step.timing?.rooflineTimeUs ? null : rooflineOf(step),
            hasVerifyFolder: step.verifyDirs.length > 0,
            peers: passed.filter((other) => other !== step).map((other) => other.speedup!),
          });
          for (const found of [...code.findings, ...numbers]) flags.push(placed(run, op, task.id, step, file, found));
        }
      }
    }
  }
  return { checked, flags, unread };
}

function placed(run: Run, op: Op, task: string, step: Step, file: string, finding: Finding): IntegrityFlag {
  return { run: run.path, op: op.name, opPath: op.path, task, step: step.step, file, ...finding };
}
