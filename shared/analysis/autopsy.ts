/**
 * The post-run failure analysis of FORMATS.md §2.1 ("latent analysis report"), rule for rule as
 * the reference LatentReporter computes it: failures are events with level ERROR; critical ones
 * are task_error / llm_call_error / code_exec_error; three patterns; three suggestions; the
 * summary. Key order, texts (Chinese kept) and numbers are the reference's, so that the same
 * events give the same report (its timestamp aside).
 */
import { isPlainObject } from '../parse/lenientJson';
import type { AutofixStatistics, AutopsyReport, CriticalFailure, FailurePattern, FixSuggestion } from '../model/autopsy';
import type { Plain } from '../model/plain';

/** An event as the analysis sees it: its type, level, timestamp and data as plain values. */
export interface AutopsyEvent {
  readonly timestamp: string;
  readonly type: string;
  readonly level: string;
  readonly data: Plain;
}

export interface AutofixLog {
  readonly total_attempts?: number;
  readonly successful_fixes?: number;
  readonly failed_fixes?: number;
  readonly fixes_by_type?: Readonly<Record<string, number>>;
  readonly fixes_by_layer?: Readonly<Record<string, number>>;
}

const CRITICAL_TYPES = new Set(['task_error', 'llm_call_error', 'code_exec_error']);

const isObject = (value: Plain | undefined): value is { [key: string]: Plain } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Python's dict-key text of a JSON value: None → "null", numbers as written. */
function keyOf(value: Plain): string {
  return value === null ? 'null' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Python's `f'{x:.1f}'`: the exact binary value rounded, ties to even (JS toFixed takes ties up).
 * An exact tie at one decimal needs x = n + 0.25 or n + 0.75 (only quarters are exact in binary).
 */
export function pythonFixed1(value: number): string {
  if (Number.isInteger(value * 4) && !Number.isInteger(value * 2)) {
    const lower = Math.floor(value * 10);
    const even = lower % 2 === 0 ? lower : lower + 1;
    return (even / 10).toFixed(1);
  }
  return value.toFixed(1);
}

/** Python's max(items, key=count, default=('N/A', 0))[0]: the first largest, in insertion order. */
function firstMax(counts: Readonly<Record<string, number>>): string {
  let best: [string, number] | null = null;
  for (const entry of Object.entries(counts)) if (best === null || entry[1] > best[1]) best = entry;
  return best ? best[0] : 'N/A';
}

function patterns(byType: Readonly<Record<string, number>>, byStage: Readonly<Record<string, number>>): FailurePattern[] {
  const found: FailurePattern[] = [];
  const llmErrors = byType.llm_call_error ?? 0;
  if (llmErrors > 3)
    found.push({
      pattern: 'frequent_llm_errors',
      description: `LLM 调用失败 ${llmErrors} 次`,
      severity: 'high',
      suggestion: '检查 API 密钥、网络连接、速率限制',
    });
  for (const [stage, count] of Object.entries(byStage)) {
    if (count > 2 && stage !== 'unknown')
      found.push({
        pattern: 'stage_specific_failures',
        description: `阶段 ${stage} 失败 ${count} 次`,
        severity: 'medium',
        suggestion: `检查 ${stage} 的代码生成逻辑`,
      });
  }
  const syntaxErrors = byType.syntax_error ?? 0;
  if (syntaxErrors > 2)
    found.push({ pattern: 'frequent_syntax_errors', description: `语法错误 ${syntaxErrors} 次`, severity: 'medium', suggestion: '增强语法修复器' });
  return found;
}

function autofixStatistics(logs: readonly AutofixLog[]): AutofixStatistics {
  const stats: AutofixStatistics = {
    total_attempts: 0,
    successful_fixes: 0,
    failed_fixes: 0,
    fixes_by_type: {},
    fixes_by_layer: { layer1: 0, layer2: 0, layer3: 0 },
  };
  for (const log of logs) {
    stats.total_attempts += log.total_attempts ?? 0;
    stats.successful_fixes += log.successful_fixes ?? 0;
    stats.failed_fixes += log.failed_fixes ?? 0;
    for (const [type, count] of Object.entries(log.fixes_by_type ?? {})) stats.fixes_by_type[type] = (stats.fixes_by_type[type] ?? 0) + count;
    for (const layer of ['layer1', 'layer2', 'layer3'] as const) stats.fixes_by_layer[layer] += log.fixes_by_layer?.[layer] ?? 0;
  }
  return stats;
}

function suggestions(found: readonly FailurePattern[], autofix: AutofixStatistics): FixSuggestion[] {
  const out: FixSuggestion[] = [];
  if (found.some((p) => p.pattern === 'frequent_llm_errors')) {
    out.push({
      priority: 'P0',
      category: 'api_management',
      suggestion: '实现更强的速率限制',
      details: ['增加线程锁的等待时间', '实现指数退避重试', '使用多个 API 密钥轮询'],
    });
  }
  if (found.some((p) => p.pattern === 'frequent_syntax_errors')) {
    out.push({
      priority: 'P1',
      category: 'code_generation',
      suggestion: '增强语法修复器',
      details: ['添加更多语法修复规则', '实现 AST 验证', '增加 LLM 辅助修复'],
    });
  }
  if (autofix.failed_fixes > autofix.successful_fixes) {
    out.push({
      priority: 'P2',
      category: 'error_recovery',
      suggestion: '改进错误恢复机制',
      details: ['增加 Layer 3 深度修复', '实现更智能的错误诊断', '添加更多修复策略'],
    });
  }
  return out;
}

export function analyzeFailures(events: readonly AutopsyEvent[], autofixLogs: readonly AutofixLog[], timestamp: string): AutopsyReport {
  let totalFailures = 0;
  const byType: Record<string, number> = {};
  const byStage: Record<string, number> = {};
  const critical: CriticalFailure[] = [];
  for (const event of events) {
    if (event.level !== 'ERROR') continue;
    totalFailures++;
    byType[event.type] = (byType[event.type] ?? 0) + 1;
    // The reference reads data.get('stage', 'unknown'); data that is not a dict has no stage.
    const data = isObject(event.data) ? event.data : {};
    const stage = 'stage' in data ? data.stage! : 'unknown';
    byStage[keyOf(stage)] = (byStage[keyOf(stage)] ?? 0) + 1;
    if (CRITICAL_TYPES.has(event.type))
      critical.push({ timestamp: event.timestamp, type: event.type, stage, error: 'error' in data ? data.error! : 'Unknown error' });
  }
  const found = patterns(byType, byStage);
  const autofix = autofixStatistics(autofixLogs);
  const rate = (autofix.successful_fixes / Math.max(autofix.total_attempts, 1)) * 100;
  return {
    timestamp,
    failure_analysis: {
      total_failures: totalFailures,
      failures_by_type: byType,
      failures_by_stage: byStage,
      critical_failures: critical,
      failure_patterns: found,
    },
    autofix_statistics: autofix,
    fix_suggestions: suggestions(found, autofix),
    summary: {
      total_failures: totalFailures,
      total_autofix_attempts: autofix.total_attempts,
      autofix_success_rate: `${pythonFixed1(rate)}%`,
      most_common_failure: firstMax(byType),
      most_problematic_stage: firstMax(byStage),
    },
  };
}

/** Reads `autofix_log.json` content: only an object with `"type": "autofix_log"` counts (FORMATS.md §2.1). */
export function autofixFrom(value: unknown): AutofixLog | null {
  if (!isPlainObject(value) || value.type !== 'autofix_log') return null;
  const log = value;
  const count = (field: unknown) => (typeof field === 'number' && Number.isFinite(field) ? field : 0);
  const counts = (field: unknown): Record<string, number> =>
    isPlainObject(field) ? Object.fromEntries(Object.entries(field).map(([key, n]) => [key, count(n)])) : {};
  return {
    total_attempts: count(log.total_attempts),
    successful_fixes: count(log.successful_fixes),
    failed_fixes: count(log.failed_fixes),
    fixes_by_type: counts(log.fixes_by_type),
    fixes_by_layer: counts(log.fixes_by_layer),
  };
}

/** Where two reports differ (timestamps aside): `path: ours ≠ theirs`, for "their report vs ours". */
export function reportDifferences(ours: unknown, theirs: unknown, path = ''): string[] {
  if (path === 'timestamp') return [];
  if (typeof ours !== 'object' || ours === null || typeof theirs !== 'object' || theirs === null) {
    return JSON.stringify(ours) === JSON.stringify(theirs) ? [] : [`${path || '(report)'}: TraceLens ${JSON.stringify(ours)} ≠ file ${JSON.stringify(theirs)}`];
  }
  const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
  const out: string[] = [];
  for (const key of keys) {
    out.push(...reportDifferences((ours as Record<string, unknown>)[key], (theirs as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
  }
  return out;
}
