import type { EventCost, EventSummary, WrittenUsage } from '../shared/model/events';
import type { Step, TraceRecord } from '../shared/model/trace';
import type { IndexSnapshot } from '../shared/model/liveIndex';
import { stepLabel, stepName } from '../shared/model/stepLabel';
import { firstKeptRound, isRoundsTask } from '../shared/analysis/treeQuery';
import { countText, plural, timeSpan } from '../shared/analysis/format';

/** Bumped only when a key is removed or changes meaning; new keys may appear at any time. */
export const CLI_JSON_SCHEMA = 1;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text bound for a terminal with every control character made visible (`\u001b`): a file name or a
 * log line holding an escape sequence must not move the cursor, retitle the window or hide text.
 * Newlines and tabs stay; C0 and C1 controls, DEL and the bidirectional overrides (which reorder
 * what is shown) are escaped. JSON stays valid JSON: those characters only occur inside strings.
 */
export function forTerminal(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function treeJson(snapshot: IndexSnapshot): object {
  return { schema: CLI_JSON_SCHEMA, root: snapshot.root, ...snapshot.tree };
}

/**
 * One summary when the folder holds one event log; an array (each with its `dir`) when several.
 * The reference tracker's keys first, then where the time and tokens went (`spans`, `llm`, …).
 */
export function eventsJson(snapshot: IndexSnapshot, costOf: (dir: string) => EventCost | null): object {
  const summaries = Object.entries(snapshot.eventLogs).map(([dir, summary]) => {
    const cost = costOf(dir);
    return {
      dir,
      ...summary,
      ...(cost ? { spans: cost.spans, llm: cost.llm, codeSeconds: cost.codeSeconds, byStage: cost.byStage, byModel: cost.byModel, written: cost.written } : {}),
    };
  });
  return summaries.length === 1 ? summaries[0]! : summaries;
}

function recordText(record: TraceRecord): string {
  const all = [...record.params, ...Object.keys(record.otherFiles)];
  const params = all.length > 0 ? ` [${all.join(' ')}]` : '';
  return `${record.conductor ? 'conductor ' : ''}${record.role === 'other' || record.conductor ? '' : `${record.role} `}${record.agent}${params}${record.parsedFile ? ' +parsed' : ''}`;
}

function verdictText(step: Step): string {
  if (step.status === 'unknown') return step.verifyDir ? 'no verdict on disk' : '';
  const source = step.statusSource === 'none' ? '' : ` (${step.statusSource.replaceAll('_', ' ')})`;
  return `${step.status.toUpperCase()}${source}`;
}

function speedText(step: Step): string {
  if (step.timing === null) return step.round?.speedup != null ? `speedup ${step.round.speedup.toFixed(2)}x (round)` : '';
  return step.speedup === null ? 'no timing' : `speedup ${step.speedup.toFixed(2)}x`;
}

export function formatTree(snapshot: IndexSnapshot): string {
  const lines: string[] = [];
  const { tree } = snapshot;
  if (tree.runs.length === 0) lines.push(`No trace runs found under ${snapshot.root}.`);
  for (const run of tree.runs) {
    lines.push(`run ${run.path === '' ? '.' : run.path}`);
    for (const op of run.ops) {
      lines.push(`  op ${op.name}  (${op.tasks.length} task${op.tasks.length === 1 ? '' : 's'})`);
      for (const task of op.tasks) {
        const kept = isRoundsTask(task) ? firstKeptRound(task) : null;
        const first = isRoundsTask(task)
          ? kept
            ? `first kept ${stepName(kept)}`
            : 'none kept after the seed'
          : task.firstPassingStep === null
            ? 'no pass yet'
            : `first pass ${stepLabel(task.firstPassingStep)}`;
        const best = task.bestSpeedup === null ? '' : `, best ${task.bestSpeedup.toFixed(2)}x`;
        const unit = isRoundsTask(task) ? 'round' : 'attempt';
        lines.push(`    task ${task.id}  ${task.attempts} ${unit}${task.attempts === 1 ? '' : 's'}, ${first}${best}`);
        for (const step of task.steps) {
          const extras = [step.verifyDir ? `verify ${step.verifyDir}` : '', verdictText(step), speedText(step)].filter(Boolean).join('  ');
          const what = step.round ? `${step.round.decision} ${step.round.description}` : step.records.map(recordText).join(' · ') || '(verify folder only)';
          lines.push(`      ${stepName(step)}  ${what}${extras ? `  — ${extras}` : ''}`);
        }
      }
    }
    for (const log of run.eventLogs) lines.push(`  event log ${log.dir} (${log.format}): ${log.files.length} files`);
    for (const file of run.files) lines.push(`  file ${file}`);
  }
  if (tree.otherFiles.length > 0) {
    lines.push('', `Other files (${tree.otherFiles.length}, not part of a known format):`);
    for (const file of tree.otherFiles) lines.push(`  ${file.path} — ${file.reason}`);
  }
  if (tree.notRead.length > 0) {
    lines.push('', `Not read (${tree.notRead.length}):`);
    for (const file of tree.notRead) lines.push(`  ${file.path} — ${file.reason}`);
  }
  const warnings = [...tree.warnings, ...(snapshot.status.state === 'ready' ? [] : [snapshot.status.message])];
  if (warnings.length > 0) {
    lines.push('', `Warnings (${warnings.length}):`);
    for (const warning of warnings) lines.push(`  ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}

function counts(record: Readonly<Record<string, number>>): string {
  return Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

/** Seconds as a person says them (0.000020 s: 20 µs), or — when the log holds none. */
const secondsText = (seconds: number | null) => (seconds === null ? '—' : timeSpan(seconds * 1000));

/** What a run's usage files say, a line each, with the file. */
function writtenLines(written: WrittenUsage): string[] {
  return [
    ...written.tokens.map(
      (usage) =>
        `  usage file  ${usage.total === null ? 'total not written' : plural(usage.total, 'token')} (${usage.prompt === null ? '?' : countText(usage.prompt)} prompt, ${usage.completion === null ? '?' : countText(usage.completion)} completion) in ${usage.file}`,
    ),
    ...(written.runtime ? [`  runtime     ${secondsText(written.runtime.seconds)} in ${written.runtime.file}`] : []),
    ...(written.summaries
      ? [`  summarised  ${plural(written.summaries.count, 'call')} in ${written.summaries.file} (each by a summary call whose tokens are not logged)`]
      : []),
    ...written.warnings.map((warning) => `  warning: ${warning}`),
  ];
}

export function formatEvents(snapshot: IndexSnapshot, costOf: (dir: string) => EventCost | null): string {
  const blocks = Object.entries(snapshot.eventLogs).map(([dir, summary]: [string, EventSummary]) => {
    const cost = costOf(dir);
    const lines = [
      `events in ${dir === '' ? '.' : dir}`,
      `  read from   ${summary.source || '(nothing readable)'}`,
      `  events      ${summary.total_events}`,
      `  by level    ${counts(summary.events_by_level) || '-'}`,
      `  by type     ${counts(summary.events_by_type) || '-'}`,
      `  duration    ${summary.total_duration.toFixed(3)} s`,
      ...(cost
        ? [
            `  spans       ${cost.spans.total} (${cost.spans.running} running): ${Object.entries(cost.spans.byKind)
              .map(([kind, n]) => `${kind} ${n}`)
              .join(', ')}`,
            `  LLM         ${plural(cost.llm.calls, 'call')} (${cost.llm.errors} failed), ${cost.llm.tokens === null ? 'tokens not logged' : `${countText(cost.llm.tokens)} tokens`}, ${secondsText(cost.llm.seconds)} in calls`,
            `  code runs   ${secondsText(cost.codeSeconds)}`,
            ...(cost.written ? writtenLines(cost.written) : []),
          ]
        : []),
    ];
    for (const warning of summary.warnings) lines.push(`  warning: ${warning}`);
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
