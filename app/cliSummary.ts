/** `tracelens summary`, `compare` and `check` as text and as their stable JSON. */
import { duration, percentText as percent, plural, speedupText, timeSpan } from '../shared/analysis/format';
import type { IntegrityReport } from '../shared/model/integrity';
import type { RunComparison, RunSummary, SummaryDocument } from '../shared/model/summary';
import { kernelStepName } from '../shared/model/stepLabel';
import { CLI_JSON_SCHEMA } from './cliFormat';

/** "1.87x" on a terminal. */
const times = (value: number | null | undefined): string => speedupText(value, 'x');

/** Columns padded to their widest cell. */
function table(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function runText(run: RunSummary, now: number): string[] {
  const when = run.lastWriteAt
    ? `last write ${run.lastWriteAt.replace('T', ' ').slice(0, 19)} UTC (${duration(now - Date.parse(run.lastWriteAt))} ago)`
    : 'file times not known';
  const lines = [`run ${run.path === '' ? '.' : run.path}  ${run.state.toUpperCase()} (${run.stateReason})`, `  ${when}`];
  if (run.kind === 'autoresearch') {
    const t = run.totals;
    lines.push(
      `  AutoResearch: ${plural(t.attempts, 'round')} (round 0 the seed; ${t.verifiedAttempts} with a verdict) · ops improved on their seed ${t.opsPassed}/${t.ops}`,
      `  rounds to the first kept after the seed: median ${t.attemptsToFirstPass.median ?? '—'} · geomean best speed-up ${times(t.geomeanBestSpeedup)}`,
    );
  } else if (run.kind === 'kernel') {
    const t = run.totals;
    lines.push(
      `  ops passed ${t.opsPassed}/${t.ops} · tasks passed ${t.tasksPassed}/${t.tasks} · pass@1 ${percent(t.passAt1)} · pass@${t.k} ${percent(t.passAtK)} · ${plural(t.attempts, 'attempt')} (${t.verifiedAttempts} verified)`,
      `  attempts to first pass: median ${t.attemptsToFirstPass.median ?? '—'} · geomean best speed-up ${times(t.geomeanBestSpeedup)}`,
    );
  }
  if (run.kind !== 'agent') {
    const ar = run.kind === 'autoresearch';
    const kinds = Object.entries(run.failuresByKind).sort(([, a], [, b]) => b - a);
    if (kinds.length > 0) lines.push(`  failures: ${kinds.map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
    lines.push(
      ...table([
        ['  op', 'tasks', ar ? 'improved' : 'passed', ar ? 'rounds' : 'attempts', ar ? 'to kept' : 'to pass', 'best', 'at'],
        ...run.ops.map((op) => [
          `  ${op.name}`,
          String(op.tasks),
          String(op.passedTasks),
          String(op.attempts),
          String(op.attemptsToFirstPass.median ?? '—'),
          times(op.best?.speedup),
          op.best ? `task ${op.best.task} ${kernelStepName(op.best)}` : '',
        ]),
      ]),
    );
  }
  if (run.events) {
    const e = run.events;
    const tokens = e.tokens === null ? 'tokens not logged' : plural(e.tokens, 'token');
    lines.push(
      `  events ${e.total} (${plural(e.errors, 'error')}) · LLM calls ${e.llmCalls} (${plural(e.llmErrors, 'error')}) · ${tokens} · ${e.firstAt ?? '?'} → ${e.lastAt ?? '?'}`,
    );
    const w = e.written;
    if (w)
      lines.push(
        `  usage files: ${[
          w.tokens ? `${w.tokens.total === null ? 'total not written' : plural(w.tokens.total, 'token')} (${w.tokens.files.join(', ')})` : null,
          w.runtime ? `runtime ${timeSpan(w.runtime.seconds * 1000)} (${w.runtime.file})` : null,
          w.summarisedCalls === null ? null : `${plural(w.summarisedCalls, 'summarised call')} (their summary calls' tokens not logged)`,
        ]
          .filter((part) => part !== null)
          .join(' · ')}`,
      );
  }
  return lines;
}

export function formatSummary(summary: SummaryDocument): string {
  if (summary.runs.length === 0) return `No trace runs found under ${summary.root}.\n`;
  const now = Date.parse(summary.generatedAt);
  return `${summary.runs.map((run) => runText(run, now).join('\n')).join('\n\n')}\n`;
}

export function formatComparison(comparison: RunComparison): string {
  const side = (s: { passedTasks: number; tasks: number; bestSpeedup: number | null }) => `${times(s.bestSpeedup)} (${s.passedTasks}/${s.tasks})`;
  const lines = [
    `baseline ${comparison.baseline || '.'}`,
    `other    ${comparison.other || '.'}`,
    '',
    ...table([
      ['op', 'baseline best (passed)', 'other best (passed)', 'ratio'],
      ...comparison.ops.map((op) => [op.name, side(op.baseline), side(op.other), times(op.speedupRatio)]),
    ]),
  ];
  if (comparison.onlyInBaseline.length > 0) lines.push('', `only in the baseline: ${comparison.onlyInBaseline.join(', ')}`);
  if (comparison.onlyInOther.length > 0) lines.push('', `only in the other run: ${comparison.onlyInOther.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** `check --json`: `{schema, root, checked, flags: [{run, op, task, step, file, rule, category, severity, line, message, evidence}], unread}`. */
export function checkJson(root: string, report: IntegrityReport): object {
  return {
    schema: CLI_JSON_SCHEMA,
    root,
    checked: report.checked,
    flags: report.flags.map(({ run, op, task, step, file, rule, category, severity, line, message, evidence }) => ({
      run,
      op,
      task,
      step,
      file,
      rule,
      category,
      severity,
      line,
      message,
      evidence,
    })),
    unread: report.unread,
  };
}

export function formatCheck(report: IntegrityReport): string {
  const lines: string[] = [];
  let last = '';
  for (const flag of report.flags) {
    const where = `${flag.run || '.'} › ${flag.op} › task ${flag.task} · S${String(flag.step).padStart(2, '0')}`;
    if (where !== last) lines.push('', where);
    last = where;
    lines.push(
      `  ${flag.severity.toUpperCase().padEnd(10)} ${flag.rule}: ${flag.message}`,
      `             ${flag.file ?? ''}${flag.line === null ? '' : `:${flag.line}`}  ${flag.evidence}`,
    );
  }
  const count = (severity: string) => report.flags.filter((flag) => flag.severity === severity).length;
  lines.push(
    '',
    `${plural(report.checked, 'attempt')} checked: ${plural(count('hack'), 'hack')}, ${count('suspicious')} suspicious, ${plural(count('note'), 'note')}`,
  );
  for (const { file, reason } of report.unread) lines.push(`not checked: ${file} (${reason})`);
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}
