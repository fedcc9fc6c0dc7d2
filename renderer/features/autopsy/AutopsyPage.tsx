import { type ReactNode, useState } from 'react';
import { autopsyMarkdown } from '../../../shared/analysis/autopsyMarkdown';
import { IntegrityBadge, Notice } from '../../components/Badges';
import type { IntegrityReport } from '../../../shared/model/integrity';
import { Counts } from '../../components/Counts';
import { api } from '../../lib/api';
import { useCall } from '../../lib/hostData';
import { useStore } from '../../store/store';
import { SpeedupChart } from './SpeedupChart';
import { stepLabel } from '../../../shared/model/stepLabel';
import { countText, plural } from '../../../shared/analysis/format';
import { runName } from '../../../shared/analysis/treeQuery';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Items of a long list drawn at first, and more at each click; speed-up charts (one per op, 150 px tall each). */
const LIST_STEP = 500;
const CHART_STEP = 24;

/**
 * The first LIST_STEP items of a list, and a button that draws more: a 1M-event log has 40,000
 * critical failures, and drawing them all (120,000 elements) took the page 3.3 s. The heading
 * above says how many there are.
 */
function MoreItems<T>({
  items,
  what,
  render,
  step = LIST_STEP,
  wrap = (more) => <li className="more">{more}</li>,
}: {
  readonly items: readonly T[];
  readonly what: string;
  readonly render: (item: T, i: number) => ReactNode;
  readonly step?: number;
  /** What holds the button where the items are (a list item; a table row in a table body). */
  readonly wrap?: (more: ReactNode) => ReactNode;
}) {
  const [shown, setShown] = useState(step);
  return (
    <>
      {items.slice(0, shown).map(render)}
      {items.length > shown &&
        wrap(
          <button type="button" onClick={() => setShown((n) => n + step)}>
            Show {countText(Math.min(step, items.length - shown))} more {what} ({countText(items.length - shown)} not shown yet)
          </button>,
        )}
    </>
  );
}

/** What failed and why: the agent's report (and the run's own, with differences) and the kernel runs'. */
export function AutopsyPage() {
  // Asked again when the user says so: the autopsy reads every error log, so not on every change of a live run.
  const [round, setRound] = useState(0);
  const { value: autopsy, error } = useCall('autopsy.run', {}, round);
  const navigate = useStore((s) => s.navigate);
  const refresh = () => setRound((n) => n + 1);

  const openEvent = async (dir: string, timestamp: string, type: string) => {
    const found = await api.call('events.locate', { dir, timestamp, type });
    navigate({ view: 'timeline', dir, ...(found.ok && found.value !== null ? { seq: found.value } : {}) }, { byUser: true });
  };
  const openStep = (op: string, task: string, step: number) => navigate({ view: 'step', op, task, step }, { byUser: true });

  if (error) {
    return (
      <Notice kind="error">
        The autopsy failed: {error.message}.{' '}
        <button type="button" onClick={refresh}>
          Analyse again
        </button>
      </Notice>
    );
  }
  if (!autopsy) return <p className="pane-empty">Analysing…</p>;
  const { kernel } = autopsy;
  // Two runs can hold ops of the same name: each op is then named with its run.
  const opName = (entry: { readonly run: string; readonly op: string }) =>
    kernel && kernel.totals.runs > 1 ? `${runName(entry.run)} › ${entry.op}` : entry.op;
  return (
    <article className="autopsy-page" aria-label="autopsy">
      <header className="step-header">
        <h1>Autopsy</h1>
        <span className="spacer" />
        <button type="button" onClick={refresh}>
          Analyse again
        </button>
        <button type="button" onClick={() => download('tracelens-autopsy.json', 'application/json', `${JSON.stringify(autopsy, null, 2)}\n`)}>
          Export JSON
        </button>
        <button type="button" onClick={() => download('tracelens-autopsy.md', 'text/markdown', autopsyMarkdown(autopsy, autopsy.root))}>
          Export Markdown
        </button>
      </header>
      {autopsy.agent.length === 0 && !kernel && <p className="pane-empty">Nothing to analyse: no agent event log and no kernel run here.</p>}
      {autopsy.agent.map((agent) => {
        const { report } = agent;
        return (
          <section key={agent.dir} className="autopsy-section" aria-label={`agent events ${agent.dir}`}>
            <h2>
              Agent events · {agent.dir || '.'} <span className="muted">from {agent.source.split('/').pop()}</span>
            </h2>
            <div className="cards">
              <div className="card stat" aria-label="total failures">
                <strong>{report.summary.total_failures}</strong> {report.summary.total_failures === 1 ? 'failure' : 'failures'}
              </div>
              <div className="card stat">
                <strong>{report.summary.total_autofix_attempts}</strong> autofix {report.summary.total_autofix_attempts === 1 ? 'attempt' : 'attempts'},{' '}
                {report.summary.autofix_success_rate} fixed
              </div>
              <div className="card stat">
                most common <strong>{report.summary.most_common_failure}</strong>
              </div>
              <div className="card stat">
                worst stage <strong>{report.summary.most_problematic_stage}</strong>
              </div>
            </div>
            <div className="cards">
              <Counts title="Failures by type" record={report.failure_analysis.failures_by_type} />
              <Counts title="Failures by stage" record={report.failure_analysis.failures_by_stage} />
            </div>
            <h3>Patterns and suggestions</h3>
            {report.failure_analysis.failure_patterns.length === 0 && report.fix_suggestions.length === 0 && (
              <p className="muted">No pattern crossed its threshold.</p>
            )}
            <ul>
              {report.failure_analysis.failure_patterns.map((p) => (
                <li key={p.pattern + p.description}>
                  <span className={`badge severity-${p.severity}`}>{p.severity}</span> {p.description} — {p.suggestion}
                </li>
              ))}
              {report.fix_suggestions.map((s) => (
                <li key={s.priority + s.category}>
                  <span className="badge">{s.priority}</span> {s.suggestion} ({s.category}): {s.details.join('; ')}
                </li>
              ))}
            </ul>
            <h3>Critical failures ({report.failure_analysis.critical_failures.length})</h3>
            <ul className="link-list">
              <MoreItems
                items={report.failure_analysis.critical_failures}
                what="critical failures"
                render={(f, i) => (
                  <li key={i}>
                    <button type="button" className="link" onClick={() => void openEvent(agent.dir, f.timestamp, f.type)}>
                      {f.timestamp} {f.type}
                    </button>{' '}
                    <span className="muted">{String(f.stage)}</span> {typeof f.error === 'string' ? f.error : JSON.stringify(f.error)}
                  </li>
                )}
              />
            </ul>
            {agent.reportFile && (
              <>
                <h3>The run&apos;s own report</h3>
                <details>
                  <summary>
                    <code>{agent.reportFile}</code> as written by the run
                  </summary>
                  <pre className="error-log">{JSON.stringify(agent.fileReport, null, 2)}</pre>
                </details>
                {agent.differences.length === 0 ? (
                  <p>
                    <code>{agent.reportFile}</code> says the same as TraceLens&apos;s analysis (timestamps aside).
                  </p>
                ) : (
                  <Notice kind="warning">
                    <code>{agent.reportFile}</code> differs from TraceLens&apos;s analysis of the same logs:
                    <ul>
                      {agent.differences.map((d) => (
                        <li key={d}>{d}</li>
                      ))}
                    </ul>
                  </Notice>
                )}
              </>
            )}
            {agent.warnings.map((w) => (
              <Notice key={w} kind="info">
                {w}
              </Notice>
            ))}
          </section>
        );
      })}
      {kernel && (
        <section className="autopsy-section" aria-label="kernel runs">
          <h2>Kernel runs</h2>
          <div className="cards">
            <div className="card stat" aria-label="kernel totals">
              <strong>{kernel.totals.tasks}</strong> {kernel.totals.tasks === 1 ? 'task' : 'tasks'} in {plural(kernel.totals.ops, 'op')}
              {kernel.totals.runs > 1 ? ` of ${kernel.totals.runs} runs` : ''} · <strong>{kernel.totals.passedTasks}</strong> passed ·{' '}
              <strong>{kernel.totals.attempts}</strong> {kernel.totals.attempts === 1 ? 'attempt' : 'attempts'} ·{' '}
              <strong>{kernel.totals.failedAttempts}</strong> failed
            </div>
          </div>
          <div className="cards">
            <Counts title="Failures by agent" record={kernel.failuresByAgent} />
            <Counts title="Failures by error kind" record={kernel.failuresByKind} />
          </div>
          <MoreItems
            items={kernel.speedups}
            what="speed-up charts"
            step={CHART_STEP}
            wrap={(more) => <p className="more">{more}</p>}
            render={(series) => (
              <SpeedupChart key={series.opPath} series={series} name={opName(series)} onPick={(task, step) => openStep(series.opPath, task, step)} />
            )}
          />
          <h3>Attempts until the first pass</h3>
          <table className="autopsy-table">
            <thead>
              <tr>
                <th>op</th>
                <th>task</th>
                <th>attempts</th>
                <th>first pass at attempt</th>
                <th>best speed-up</th>
              </tr>
            </thead>
            <tbody>
              <MoreItems
                items={kernel.tasks}
                what="tasks"
                wrap={(more) => (
                  <tr>
                    <td colSpan={5}>{more}</td>
                  </tr>
                )}
                render={(t) => (
                  <tr key={t.opPath + t.task}>
                    <td>{opName(t)}</td>
                    <td>{t.task}</td>
                    <td className="number">{t.attempts}</td>
                    <td className="number">{t.attemptsToFirstPass ?? 'never'}</td>
                    <td className="number">{t.bestSpeedup === null ? '' : `${t.bestSpeedup.toFixed(2)}×`}</td>
                  </tr>
                )}
              />
            </tbody>
          </table>
          <h3>Failed attempts ({kernel.failures.length})</h3>
          <ul className="link-list">
            <MoreItems
              items={kernel.failures}
              what="failed attempts"
              render={(f) => (
                <li key={`${f.opPath}-${f.task}-${f.step}`}>
                  <StepLink at={f} opName={opName} onOpen={openStep} /> <span className="badge">{f.kind}</span> <span className="muted">{f.agent}</span>{' '}
                  {f.message}
                </li>
              )}
            />
          </ul>
          <h3>The same error again ({kernel.repeatedErrors.length})</h3>
          <ul className="link-list">
            <MoreItems
              items={kernel.repeatedErrors}
              what="repeated errors"
              render={(r) => (
                <li key={`${r.opPath}-${r.task}-${r.signature}`}>
                  {opName(r)} · task {r.task}: <span className="badge">{r.kind}</span> {r.signature} — at{' '}
                  {r.steps.map((step) => (
                    <button type="button" key={step} className="link" onClick={() => openStep(r.opPath, r.task, step)}>
                      {stepLabel(step)}{' '}
                    </button>
                  ))}
                </li>
              )}
            />
          </ul>
          <h3>Results identical to an earlier attempt ({kernel.identicalResults.length})</h3>
          <ul className="link-list">
            <MoreItems
              items={kernel.identicalResults}
              what="identical results"
              render={(r) => (
                <li key={`${r.opPath}-${r.task}-${r.step}`}>
                  <StepLink at={r} opName={opName} onOpen={openStep} /> repeats {stepLabel(r.sameAsStep)} exactly
                </li>
              )}
            />
          </ul>
        </section>
      )}
      {autopsy.integrity && <FlaggedKernels report={autopsy.integrity} opName={opName} onOpen={openStep} />}
    </article>
  );
}

/** A link to an attempt's step, named by its op, task and step. */
function StepLink({
  at,
  opName,
  onOpen,
}: {
  readonly at: { readonly run: string; readonly op: string; readonly opPath: string; readonly task: string; readonly step: number };
  readonly opName: (entry: { readonly run: string; readonly op: string }) => string;
  readonly onOpen: (op: string, task: string, step: number) => void;
}) {
  return (
    <button type="button" className="link" onClick={() => onOpen(at.opPath, at.task, at.step)}>
      {opName(at)} · task {at.task} · {stepLabel(at.step)}
    </button>
  );
}

/** The kernels whose numbers cannot be trusted, each linked to its step (where the reasons and lines are). */
function FlaggedKernels({
  report,
  opName,
  onOpen,
}: {
  readonly report: IntegrityReport;
  readonly opName: (entry: { readonly run: string; readonly op: string }) => string;
  readonly onOpen: (op: string, task: string, step: number) => void;
}) {
  const doubted = report.flags.filter((flag) => flag.severity !== 'note');
  return (
    <section className="autopsy-section" aria-label="flagged kernels">
      <h2>Flagged kernels</h2>
      <p className="muted">
        {plural(report.checked, 'coder attempt')} checked against the integrity rules (reward hacks, impossible timings);{' '}
        {doubted.length === 0 ? 'none is flagged as a hack or suspicious.' : `${plural(doubted.length, 'flag')} at hack or suspicious.`}
        {report.unread.length > 0 ? ` ${plural(report.unread.length, 'kernel')} could not be read.` : ''}
      </p>
      <ul className="link-list">
        <MoreItems
          items={doubted}
          what="flags"
          render={(flag, i) => (
            <li key={`${flag.opPath}-${flag.task}-${flag.step}-${flag.rule}-${i}`}>
              <StepLink at={flag} opName={opName} onOpen={onOpen} /> <IntegrityBadge severity={flag.severity} /> <code>{flag.rule}</code> {flag.message}
              {flag.line !== null && (
                <span className="muted">
                  {' '}
                  (line {flag.line}: {flag.evidence})
                </span>
              )}
            </li>
          )}
        />
      </ul>
    </section>
  );
}
