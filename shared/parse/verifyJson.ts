/**
 * The JSON files a verify folder holds since 2026-04 (FORMATS.md §4.1): `verify_result.json` (each
 * case, passed or not and why), `base_profile_result.json` / `generation_profile_result.json` (the
 * times, per case) and `roofline_profile_result.json` (the time no kernel can beat on the device).
 * A number not written (or written as null, as the writers do for non-finite ones) is null.
 */
import { bool, fromObject, list, num, str, type JsonRead } from './jsonFields';
import { isPlainObject } from './lenientJson';

export type { JsonRead } from './jsonFields';

export const VERIFY_JSON_FILES = {
  result: 'verify_result.json',
  base: 'base_profile_result.json',
  generation: 'generation_profile_result.json',
  roofline: 'roofline_profile_result.json',
} as const;

export type FailureKind = 'ref_crash' | 'kernel_crash' | 'kernel_miss' | 'compare_crash';

export interface VerifyCase {
  readonly idx: number;
  readonly description: string | null;
  readonly passed: boolean | null;
  readonly error: string | null;
  readonly errorSource: string | null;
  readonly failureKind: string | null;
  readonly refWallUs: number | null;
  readonly implWallUs: number | null;
}

export interface VerifyResult {
  readonly passed: boolean | null;
  readonly errorSource: string | null;
  readonly numCases: number | null;
  readonly failedIndices: readonly number[];
  readonly cases: readonly VerifyCase[];
  readonly diagnostics: readonly string[];
  readonly worstIdx: number | null;
  readonly worstMaxAbsDiff: number | null;
}

export interface ProfileResult {
  readonly timeUs: number | null;
  /** Per case, µs (master writes `case_times` in ms: converted). */
  readonly perCaseUs: readonly (number | null)[];
  readonly caseCount: number | null;
  readonly warmups: number | null;
  readonly runs: number | null;
  readonly method: string | null;
  readonly shapeType: string | null;
  /** What the profiler said when it failed. */
  readonly error: string | null;
}

export interface RooflineResult {
  readonly success: boolean;
  readonly skipped: boolean;
  /** Why it has no time (skipped or failed). */
  readonly error: string | null;
  readonly timeUs: number | null;
  readonly computeTimeUs: number | null;
  readonly memoryTimeUs: number | null;
  readonly bottleneck: string | null;
  readonly caseTimesUs: readonly (number | null)[];
  readonly caseLabels: readonly string[];
  readonly arch: string | null;
  readonly source: string | null;
}

export function parseVerifyResult(text: string): JsonRead<VerifyResult> {
  return fromObject(text, (value) => ({
    passed: bool(value.correctness),
    errorSource: str(value.error_source),
    numCases: num(value.num_cases),
    failedIndices: list(value.failed_indices)
      .map(num)
      .filter((n): n is number => n !== null),
    cases: list(value.per_case)
      .filter(isPlainObject)
      .map((entry, i) => ({
        idx: num(entry.idx) ?? i,
        description: str(entry.case_desc),
        passed: bool(entry.correctness),
        error: str(entry.error),
        errorSource: str(entry.error_source),
        failureKind: str(entry.failure_kind),
        refWallUs: num(entry.ref_wall_us),
        implWallUs: num(entry.impl_wall_us),
      })),
    diagnostics: list(value.diagnostics)
      .map(str)
      .filter((d): d is string => d !== null),
    worstIdx: num(value.worst_idx),
    worstMaxAbsDiff: num(value.worst_max_abs_diff),
  }));
}

export function parseProfileResult(text: string): JsonRead<ProfileResult> {
  return fromObject(text, (value) => {
    const perCaseUs = Array.isArray(value.per_case_us)
      ? value.per_case_us.map(num)
      : list(value.case_times).map((ms) => (num(ms) === null ? null : num(ms)! * 1000));
    const ms = num(value.execution_time_ms);
    return {
      timeUs: num(value.execution_time_us) ?? (ms === null ? null : ms * 1000),
      perCaseUs,
      caseCount: num(value.case_count),
      warmups: num(value.warmup_times),
      runs: num(value.run_times),
      method: str(value.method),
      shapeType: str(value.shape_type),
      error: str(value.error),
    };
  });
}

export function parseRooflineResult(text: string): JsonRead<RooflineResult> {
  return fromObject(text, (value) => ({
    success: value.success === true,
    skipped: value.skipped === true,
    error: str(value.error),
    timeUs: num(value.time_us),
    computeTimeUs: num(value.compute_time_us),
    memoryTimeUs: num(value.memory_time_us),
    bottleneck: str(value.bottleneck),
    caseTimesUs: list(value.case_times_us).map(num),
    caseLabels: list(value.case_labels).map((label) => String(label)),
    arch: str(value.arch_name) ?? str(value.arch),
    source: str(value.source),
  }));
}

/**
 * How close a kernel is to the roofline: roofline time / generated time (1 = at the floor; above 1
 * is a time no kernel can reach, an integrity flag); null when either is not known.
 */
export function rooflineShare(rooflineUs: number | null, generatedUs: number | null): number | null {
  return rooflineUs === null || generatedUs === null || generatedUs <= 0 || rooflineUs <= 0 ? null : rooflineUs / generatedUs;
}
