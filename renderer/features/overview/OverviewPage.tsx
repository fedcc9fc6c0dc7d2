import { shownNow } from '../../lib/bundle';
import { useMemo } from 'react';
import { countText, percentText, plural, speedupText, timeSpan } from '../../../shared/analysis/format';
import { leaderboard, type LeaderboardRow } from '../../../shared/analysis/runCompare';
import type { RunSummary } from '../../../shared/model/summary';
import { DataTable, type Column } from '../../components/DataTable';
import { IntegrityBadge, Notice } from '../../components/Badges';
import { useTreeOrOutline, useShownSummary } from '../../lib/hostData';
import { useStore } from '../../store/store';
import { Ago, BestSpeedup, DiffKernels, eventSpan, ExcludeFlagged, KernelAt, OpenKernel, RunName, RunStateBadge } from './shared';

const lastWrite = (run: RunSummary) => (run.lastWriteAt === null ? null : Date.parse(run.lastWriteAt));

function topFailures(run: RunSummary): string {
  return Object.entries(run.failuresByKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}

/** What every run's row says first: its state, its folder, when it started and last wrote. */
function runColumns(now: number, open: (run: RunSummary) => void): Array<Column<RunSummary>> {
  return [
    {
      key: 'state',
      label: 'State',
      width: '7.5rem',
      sortValue: (run) => run.state,
      render: (run) => <RunStateBadge state={run.state} reason={run.stateReason} />,
    },
    {
      key: 'run',
      label: 'Run',
      width: 'minmax(14rem, 3fr)',
      sortValue: (run) => run.path,
      render: (run) => (
        <button type="button" className="link cell-link" onClick={() => open(run)}>
          <RunName path={run.path} />
          {run.kind === 'autoresearch' && (
            <span className="badge kind-badge" title="an AutoResearch loop: its rounds are the attempts, round 0 the seed">
              AutoResearch
            </span>
          )}
        </button>
      ),
    },
    {
      key: 'started',
      label: 'Started',
      title: 'the oldest file time under the run',
      width: '6.5rem',
      sortValue: (run) => run.startedAt,
      render: (run) => <Ago at={run.startedAt} now={now} />,
    },
    {
      key: 'last',
      label: 'Last write',
      title: 'the newest file time under the run',
      width: '6.5rem',
      sortValue: lastWrite,
      render: (run) => <Ago at={run.lastWriteAt} now={now} />,
    },
  ];
}

function kernelColumns(now: number, open: (run: RunSummary) => void, isChecking: boolean): Array<Column<RunSummary>> {
  return [
    ...runColumns(now, open),
    {
      key: 'ops',
      label: 'Ops passed',
      title: 'ops with at least one passed task / ops',
      width: '6.5rem',
      align: 'end',
      sortValue: (run) => run.totals.opsPassed,
      render: (run) => `${run.totals.opsPassed} / ${run.totals.ops}`,
    },
    {
      key: 'tasks',
      label: 'Tasks passed',
      title: 'tasks with at least one passed attempt / tasks',
      width: '7.5rem',
      align: 'end',
      sortValue: (run) => run.totals.tasksPassed,
      render: (run) => `${run.totals.tasksPassed} / ${run.totals.tasks}`,
    },
    {
      key: 'pass1',
      label: 'pass@1',
      title: 'share of tasks whose first attempt passed (not for AutoResearch: its first round is the seed)',
      width: '4.5rem',
      align: 'end',
      sortValue: (run) => (run.kind === 'autoresearch' ? null : run.totals.passAt1),
      render: (run) => (run.kind === 'autoresearch' ? '—' : percentText(run.totals.passAt1)),
    },
    {
      key: 'passk',
      label: 'pass@k',
      title: 'share of tasks that passed at all (k: the most attempts a task made)',
      width: '7rem',
      align: 'end',
      sortValue: (run) => run.totals.passAtK,
      render: (run) => `${percentText(run.totals.passAtK)} (k=${run.totals.k})`,
    },
    {
      key: 'toPass',
      label: 'To pass',
      title: 'median coder attempts up to and including the first that passed; AutoResearch: the first round after the seed that was kept (R…)',
      width: '4.5rem',
      align: 'end',
      sortValue: (run) => run.totals.attemptsToFirstPass.median,
      render: (run) => {
        const median = run.totals.attemptsToFirstPass.median;
        return median === null ? '—' : run.kind === 'autoresearch' ? `R${median}` : median;
      },
    },
    {
      key: 'best',
      label: 'Best (geomean)',
      title: "geometric mean of each passed op's best speed-up (speed_up_record.txt)",
      width: '9.5rem',
      align: 'end',
      sortValue: (run) => run.totals.geomeanBestSpeedup,
      render: (run) => speedupText(run.totals.geomeanBestSpeedup),
    },
    {
      key: 'flags',
      label: 'Flags',
      title: 'attempts whose kernel an integrity rule flags: hacks (the number is not real) and suspicious ones',
      width: '7rem',
      sortValue: (run) => (run.flagged ? run.flagged.hack * 1000 + run.flagged.suspicious : null),
      render: (run) => <FlagCounts run={run} isChecking={isChecking} />,
    },
    {
      key: 'failures',
      label: 'Failures',
      title: 'failed attempts by error kind',
      width: 'minmax(8rem, 2fr)',
      render: (run) => (
        <span className="muted" title={topFailures(run)}>
          {topFailures(run) || 'none'}
        </span>
      ),
    },
  ];
}

function agentColumns(now: number, open: (run: RunSummary) => void): Array<Column<RunSummary>> {
  return [
    ...runColumns(now, open),
    { key: 'events', label: 'Events', width: '5rem', align: 'end', sortValue: (run) => run.events?.total ?? null, render: (run) => run.events?.total ?? '—' },
    { key: 'errors', label: 'Errors', width: '5rem', align: 'end', sortValue: (run) => run.events?.errors ?? null, render: (run) => run.events?.errors ?? '—' },
    {
      key: 'llm',
      label: 'LLM calls',
      title: 'LLM calls started (llm_call_start, llm_call, api_call events), and how many failed',
      width: '7rem',
      align: 'end',
      sortValue: (run) => run.events?.llmCalls ?? null,
      render: (run) => (run.events ? `${run.events.llmCalls} (${run.events.llmErrors} failed)` : '—'),
    },
    {
      key: 'tokens',
      label: 'Tokens',
      title: 'tokens the LLM calls logged (tokens_used of llm_call_end); — where no call logged any',
      width: '6.5rem',
      align: 'end',
      sortValue: (run) => run.events?.tokens ?? null,
      render: (run) => (run.events?.tokens === null || run.events?.tokens === undefined ? '—' : countText(run.events.tokens)),
    },
    {
      key: 'llmTime',
      label: 'In calls',
      title: 'time in LLM calls (each from its start to its end, or the latency the tracker logged)',
      width: '6rem',
      align: 'end',
      sortValue: (run) => run.events?.llmSeconds ?? null,
      render: (run) => (run.events?.llmSeconds === null || run.events?.llmSeconds === undefined ? '—' : timeSpan(run.events.llmSeconds * 1000)),
    },
    {
      key: 'span',
      label: 'Events from → to',
      title: "the first and last event's time as the tracker wrote it (its local time)",
      width: 'minmax(16rem, 3fr)',
      render: (run) => <span className="muted mono">{run.events ? eventSpan(run.events.firstAt, run.events.lastAt) : '—'}</span>,
    },
  ];
}

const leaderColumns: Array<Column<LeaderboardRow>> = [
  { key: 'rank', label: '#', width: '2.5rem', align: 'end', render: () => null },
  { key: 'op', label: 'Op', width: 'minmax(8rem, 2fr)', sortValue: (row) => row.op, render: (row) => <strong title={row.op}>{row.op}</strong> },
  { key: 'run', label: 'Run', width: 'minmax(9rem, 2fr)', sortValue: (row) => row.run, render: (row) => <RunName path={row.run} /> },
  { key: 'at', label: 'Task / step', width: 'minmax(11rem, 1.5fr)', render: (row) => <KernelAt kernel={row.best} /> },
  {
    key: 'speedup',
    label: 'Speed-up',
    width: '9rem',
    align: 'end',
    sortValue: (row) => row.best.speedup,
    render: (row) => <BestSpeedup kernel={row.best} />,
  },
  {
    key: 'source',
    label: 'Verdict from',
    title: 'where the passed verdict came from',
    width: '9rem',
    sortValue: (row) => row.best.statusSource,
    render: (row) => <span className="muted">{row.best.statusSource.replaceAll('_', ' ')}</span>,
  },
  {
    key: 'actions',
    label: '',
    width: '19rem',
    render: (row) => (
      <span className="row-actions">
        <OpenKernel kernel={row.best} />
        <DiffKernels left={row.previousBest} right={row.best} label="diff vs previous best" />
      </span>
    ),
  },
];

function FlagCounts({ run, isChecking }: { readonly run: RunSummary; readonly isChecking: boolean }) {
  if (!run.flagged) return <span className="muted">{isChecking ? 'checking…' : 'not checked'}</span>;
  const { hack, suspicious } = run.flagged;
  if (hack === 0 && suspicious === 0) return <span className="muted">none</span>;
  return (
    <span className="flag-counts">
      {hack > 0 && <IntegrityBadge severity="hack" title={`${hack} attempts flagged as hacks`} />} {hack > 0 && hack}
      {suspicious > 0 && <IntegrityBadge severity="suspicious" title={`${suspicious} attempts flagged as suspicious`} />} {suspicious > 0 && suspicious}
    </span>
  );
}

/** The home view: every run under the opened folder, newest first, and the best kernels across them. */
export function OverviewPage() {
  const excludeFlagged = useStore((s) => s.excludeFlagged);
  const { value: summary, error } = useShownSummary(excludeFlagged);
  const snapshot = useTreeOrOutline();
  const navigate = useStore((s) => s.navigate);
  const now = summary ? shownNow() : 0;
  const open = (run: RunSummary) => navigate({ view: 'run', run: run.path }, { byUser: true });
  const kernelRuns = summary?.runs.filter((run) => run.kind !== 'agent') ?? [];
  const agentRuns = summary?.runs.filter((run) => run.kind === 'agent') ?? [];
  const leaders = useMemo(() => (summary ? leaderboard(summary) : []), [summary]);
  const ranked = leaderColumns.map((column) =>
    column.key === 'rank' ? { ...column, render: (row: LeaderboardRow) => <span className="muted">{leaders.indexOf(row) + 1}</span> } : column,
  );

  if (error) return <Notice kind="error">Could not summarise the runs: {error.message}</Notice>;
  if (snapshot && snapshot.tree.runs.length === 0) return <EmptyFolder root={snapshot.root} warnings={snapshot.tree.warnings} />;
  if (!summary) return <p className="pane-empty">Summarising the runs…</p>;
  return (
    <article className="overview-page" aria-label="overview">
      <header className="step-header">
        <h1>Overview</h1>
        <span className="muted">
          {plural(summary.runs.length, 'run')} under {summary.root}
        </span>
        {!summary.integrityChecked && (
          <span
            className="badge status-running"
            role="status"
            title="every kernel is read once against the integrity rules; flags and trusted bests fill in as it goes"
          >
            checking kernels…
          </span>
        )}
        <span className="spacer" />
        <ExcludeFlagged />
        <button
          type="button"
          disabled={kernelRuns.length < 2}
          title={kernelRuns.length < 2 ? 'needs two kernel runs' : 'compare runs against a baseline, op by op'}
          onClick={() =>
            navigate(
              { view: 'compare', baseline: kernelRuns[kernelRuns.length - 1]?.path ?? '', others: kernelRuns.slice(0, -1).map((run) => run.path) },
              { byUser: true },
            )
          }
        >
          Compare runs
        </button>
      </header>
      {snapshot?.tree.warnings.map((warning) => (
        <Notice key={warning} kind="warning">
          {warning}
        </Notice>
      ))}
      {kernelRuns.length > 0 && (
        <section className="overview-section">
          <h2>{kernelRuns.some((run) => run.kind === 'autoresearch') ? 'Kernel runs and AutoResearch loops' : 'Kernel runs'}</h2>
          <DataTable
            label="kernel runs"
            columns={kernelColumns(now, open, !summary.integrityChecked)}
            rows={kernelRuns}
            rowKey={(run) => run.path}
            rowLabel={(run) => `run ${run.path || '.'}`}
          />
        </section>
      )}
      {agentRuns.length > 0 && (
        <section className="overview-section">
          <h2>Agent runs</h2>
          <DataTable
            label="agent runs"
            columns={agentColumns(now, open)}
            rows={agentRuns}
            rowKey={(run) => run.path}
            rowLabel={(run) => `run ${run.path || '.'}`}
          />
        </section>
      )}
      {kernelRuns.length > 0 && (
        <section className="overview-section">
          <h2>Best kernels</h2>
          <p className="muted">Each op&apos;s fastest passed kernel in each run, fastest first.</p>
          {leaders.length === 0 ? (
            <p className="muted">
              {excludeFlagged ? 'No passed kernel that no integrity rule flags has a timing.' : 'No passed kernel has a timing yet (speed_up_record.txt).'}
            </p>
          ) : (
            <DataTable
              label="best kernels"
              columns={ranked}
              rows={leaders}
              rowKey={(row) => `${row.run}\u0000${row.op}`}
              rowLabel={(row) => `${row.op} in ${row.run || '.'}: ${speedupText(row.best.speedup)}`}
            />
          )}
        </section>
      )}
    </article>
  );
}

/** What TraceLens looks for, when it found none of it. */
function EmptyFolder({ root, warnings }: { readonly root: string; readonly warnings: readonly string[] }) {
  return (
    <div className="home">
      <h1>No trace runs here yet</h1>
      <p>TraceLens found nothing it reads under {root}. It looks for:</p>
      <ul>
        <li>
          kernel runs: op folders of{' '}
          <code>I&#123;task&#125;_S&#123;step&#125;_&#123;op&#125;_&#123;agent&#125;_&#123;prompt|reasoning|result|error_log&#125;.txt</code> (or{' '}
          <code>Iteration…_Step…</code>) records, with <code>…_verify/</code> folders, <code>profiling/speed_up_record.txt</code> and{' '}
          <code>verification_results.jsonl</code>;
        </li>
        <li>
          agent runs: <code>Memory/logs/</code> with <code>execution_tracker_readable.txt</code>, <code>execution_tracker.json</code>,{' '}
          <code>execution_tracker.jsonl</code> or <code>trace.jsonl</code>.
        </li>
      </ul>
      <p className="muted">
        A run being written appears here as its first files arrive. Files that are there but not of these forms are listed in the tree under Other files.
      </p>
      {warnings.map((warning) => (
        <Notice key={warning} kind="warning">
          {warning}
        </Notice>
      ))}
    </div>
  );
}
