/** The autopsy as Markdown, for `tracelens autopsy --out report.md` and the app's export. */
import type { AutopsyDocument } from '../model/autopsy';

const cell = (text: unknown) =>
  String(typeof text === 'string' ? text : JSON.stringify(text))
    .replaceAll('|', '\\|')
    .replaceAll('\n', ' ');
const table = (head: readonly string[], rows: ReadonlyArray<readonly unknown[]>) =>
  rows.length === 0
    ? '_none_\n'
    : `| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${rows.map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n')}\n`;
const counts = (record: Readonly<Record<string, number>>) => table(['', 'count'], Object.entries(record));

export function autopsyMarkdown(doc: AutopsyDocument, root: string): string {
  const out: string[] = [`# TraceLens autopsy of ${root}\n`];
  for (const agent of doc.agent) {
    const { report } = agent;
    out.push(`## Agent events: ${agent.dir || '.'}\n`, `Read from \`${agent.source}\`.\n`);
    out.push(
      table(
        ['total failures', 'autofix attempts', 'autofix success', 'most common failure', 'most problematic stage'],
        [
          [
            report.summary.total_failures,
            report.summary.total_autofix_attempts,
            report.summary.autofix_success_rate,
            report.summary.most_common_failure,
            report.summary.most_problematic_stage,
          ],
        ],
      ),
    );
    out.push(
      '### Failures by type\n',
      counts(report.failure_analysis.failures_by_type),
      '### Failures by stage\n',
      counts(report.failure_analysis.failures_by_stage),
    );
    out.push(
      '### Patterns\n',
      table(
        ['pattern', 'severity', 'description', 'suggestion'],
        report.failure_analysis.failure_patterns.map((p) => [p.pattern, p.severity, p.description, p.suggestion]),
      ),
    );
    out.push(
      '### Suggestions\n',
      table(
        ['priority', 'category', 'suggestion', 'details'],
        report.fix_suggestions.map((s) => [s.priority, s.category, s.suggestion, s.details.join('; ')]),
      ),
    );
    out.push(
      '### Critical failures\n',
      table(
        ['time', 'type', 'stage', 'error'],
        report.failure_analysis.critical_failures.map((f) => [f.timestamp, f.type, f.stage, f.error]),
      ),
    );
    if (agent.reportFile)
      out.push(
        `### The run's own report (\`${agent.reportFile}\`)\n`,
        agent.differences.length === 0 ? "Same as TraceLens's analysis (timestamps aside).\n" : `${agent.differences.map((d) => `- ${d}`).join('\n')}\n`,
      );
    if (agent.warnings.length > 0) out.push('### Warnings\n', `${agent.warnings.map((w) => `- ${w}`).join('\n')}\n`);
  }
  const kernel = doc.kernel;
  if (kernel) {
    const t = kernel.totals;
    // Two runs can hold ops of the same name: each op is then named with its run.
    const op = (entry: { readonly run: string; readonly op: string }) => (t.runs > 1 ? `${entry.run || '.'} › ${entry.op}` : entry.op);
    out.push(
      '## Kernel runs\n',
      table(['ops', 'tasks', 'attempts', 'tasks passed', 'failed attempts'], [[t.ops, t.tasks, t.attempts, t.passedTasks, t.failedAttempts]]),
    );
    out.push(
      '### Attempts until the first pass\n',
      table(
        ['op', 'task', 'attempts', 'first pass at attempt', 'best speed-up'],
        kernel.tasks.map((task) => [
          op(task),
          task.task,
          task.attempts,
          task.attemptsToFirstPass ?? 'never',
          task.bestSpeedup === null ? '' : `${task.bestSpeedup.toFixed(3)}×`,
        ]),
      ),
    );
    out.push('### Failures by agent\n', counts(kernel.failuresByAgent), '### Failures by error kind\n', counts(kernel.failuresByKind));
    out.push(
      '### Failed attempts\n',
      table(
        ['op', 'task', 'step', 'agent', 'kind', 'error'],
        kernel.failures.map((f) => [op(f), f.task, f.step, f.agent, f.kind, f.message]),
      ),
    );
    out.push(
      '### The same error again\n',
      table(
        ['op', 'task', 'kind', 'error', 'steps'],
        kernel.repeatedErrors.map((r) => [op(r), r.task, r.kind, r.signature, r.steps.join(', ')]),
      ),
    );
    out.push(
      '### Results identical to an earlier attempt\n',
      table(
        ['op', 'task', 'step', 'same as step'],
        kernel.identicalResults.map((r) => [op(r), r.task, r.step, r.sameAsStep]),
      ),
    );
    out.push(
      '### Speed-up of verified attempts\n',
      table(
        ['op', 'task', 'step', 'speed-up', 'best so far'],
        kernel.speedups.flatMap((s) => s.points.map((p) => [op(s), p.task, p.step, p.speedup.toFixed(3), p.bestSoFar.toFixed(3)])),
      ),
    );
  }
  const doubted = doc.integrity?.flags.filter((flag) => flag.severity !== 'note') ?? [];
  if (doc.integrity) {
    out.push(
      `## Flagged kernels\n`,
      `${doc.integrity.checked} coder attempts checked against the integrity rules; ${doubted.length === 0 ? 'none is flagged as a hack or suspicious.' : `${doubted.length} flags at hack or suspicious:`}\n`,
    );
    if (doubted.length > 0)
      out.push(
        table(
          ['severity', 'op', 'task', 'step', 'rule', 'why', 'file:line', 'evidence'],
          doubted.map((flag) => [
            flag.severity,
            flag.run ? `${flag.run} › ${flag.op}` : flag.op,
            flag.task,
            flag.step,
            flag.rule,
            flag.message,
            `${flag.file ?? ''}${flag.line === null ? '' : `:${flag.line}`}`,
            flag.evidence,
          ]),
        ),
      );
  }
  if (doc.agent.length === 0 && !kernel) out.push('Nothing to analyse: no agent event log and no kernel run here.\n');
  return out.join('\n');
}
