import type { VerifyOutcome } from '../model/trace';
import { isPlainObject, parseLenientJson } from './lenientJson';

/** One object of `verification_results.jsonl` (FORMATS.md §1.3). */
export interface VerificationEntry extends VerifyOutcome {
  readonly taskName: string;
  readonly taskId: string;
  readonly step: number | null;
  /** Base name of `verify_dir`: the path is from the machine that ran it, so only the name joins. */
  readonly verifyDirName: string;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

export function baseName(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === '/' || path[end - 1] === '\\')) end--;
  const start = Math.max(path.lastIndexOf('/', end - 1), path.lastIndexOf('\\', end - 1)) + 1;
  return path.slice(start, end);
}

/** Parses one object's text; an error message instead when it is not a usable entry. */
export function parseVerificationEntry(objectText: string): VerificationEntry | string {
  const parsed = parseLenientJson(objectText);
  if (!parsed.ok) return `unreadable JSON (${parsed.error})`;
  const value = parsed.value;
  if (!isPlainObject(value)) return 'not a JSON object';
  if (typeof value.passed !== 'boolean') return 'no boolean "passed" field';
  const step = typeof value.step === 'number' ? value.step : Number.parseInt(String(value.step ?? ''), 10);
  return {
    taskName: text(value.task_name) ?? '',
    taskId: text(value.task_id) ?? '',
    step: Number.isFinite(step) ? step : null,
    verifyDirName: baseName(text(value.verify_dir) ?? ''),
    passed: value.passed,
    errorLog: text(value.error_log) ?? '',
    timestamp: text(value.timestamp),
    backend: text(value.backend),
    arch: text(value.arch),
    dsl: text(value.dsl) ?? text(value.impl_type),
    framework: text(value.framework),
  };
}
