import { shownNow } from '../../lib/bundle';
import { useEffect, useMemo, useRef } from 'react';
import { countText, microsText, percentText, plural, speedupText, timeSpan } from '../../../shared/analysis/format';
import type { OpSummary, RunSummary, TaskOutcome } from '../../../shared/model/summary';
import { kernelStepName } from '../../../shared/model/stepLabel';
import { rooflineShare } from '../../../shared/parse/verifyJson';
import { DataTable, type Column } from '../../components/DataTable';
import { Notice } from '../../components/Badges';
import { Counts } from '../../components/Counts';
import { useShownSummary, useSnapshot } from '../../lib/hostData';
import { FileLink } from '../../components/FileLink';
import { useStore } from '../../store/store';
import { AutoResearchSections } from './AutoResearch';
import { OpGrid } from './OpGrid';
import { isProduct, RunProducts } from './RunProducts';
import { Ago, BestSpeedup, DiffKernels, eventSpan, ExcludeFlagged, KernelAt, OpenKernel, RunName, RunStateBadge } from './shared';

function Stat({ label, value, title }: { readonly label: string; readonly value: React.ReactNode; readonly title: string }) {
  return (
    <section className="card stat" aria-label={label} title={title}>
      <h3>{label}</h3>
      <strong>{value}</strong>
    </section>
  );
}

/** How many tasks passed at their 1st, 2nd, … attempt, as bars. */
function Distribution({ distribution }: { readonly distribution: Readonly<Record<string, number>> }) {
  const entries = Object.entries(distribution).sort(([a], [b]) => Number(a) - Number(b));
  const most = Math.max(1, ...entries.map(([, n]) => n));
  if (entries.length === 0) return <p className="muted">no task passed yet</p>;
  return (
    <table className="distribution" aria-label="attempts to first pass">
      <tbody>
        {entries.map(([attempts, n]) => (
          <tr key={attempts}>
            <th scope="row">{attempts}</th>
            <td>
              <span className="bar" style={{ width: `${(n / most) * 100}%` }} />
            </td>
            <td className="number">{plural(n, 'task')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function opColumns(now: number): Array<Column<OpSummary>> {
  return [
    { key: 'op', label: 'Op', width: 'minmax(10rem, 2fr)', sortValue: (op) => op.name, render: (op) => <strong title={op.path}>{op.name}</strong> },
    { key: 'tasks', label: 'Tasks', width: '4rem', align: 'end', sortValue: (op) => op.tasks, render: (op) => op.tasks },
    { key: 'passed', label: 'Passed', width: '4.5rem', align: 'end', sortValue: (op) => op.passedTasks, render: (op) => op.passedTasks },
    {
      key: 'best',
      label: 'Best',
      title: 'the highest speed-up of a passed attempt (speed_up_record.txt); marked when an integrity rule doubts it',
      width: '8.5rem',
      align: 'end',
      sortValue: (op) => op.best?.speedup ?? null,
      render: (op) => <BestSpeedup kernel={op.best} />,
    },
    {
      key: 'at',
      label: 'Reached at',
      width: 'minmax(12rem, 1.5fr)',
      render: (op) => (op.best ? <KernelAt kernel={op.best} /> : <span className="muted">—</span>),
    },
    {
      key: 'base',
      label: 'Base',
      title: "the reference's time (base_time)",
      width: '6rem',
      align: 'end',
      sortValue: (op) => op.best?.timing?.baseTimeUs ?? null,
      render: (op) => microsText(op.best?.timing?.baseTimeUs),
    },
    {
      key: 'generated',
      label: 'Generated',
      title: "the best kernel's time (generation_time)",
      width: '6.5rem',
      align: 'end',
      sortValue: (op) => op.best?.timing?.generationTimeUs ?? null,
      render: (op) => microsText(op.best?.timing?.generationTimeUs),
    },
    {
      key: 'roofline',
      label: 'Roofline',
      title: 'the roofline time (a floor: no kernel can be faster)',
      width: '6rem',
      align: 'end',
      sortValue: (op) => op.best?.timing?.rooflineTimeUs ?? null,
      render: (op) => microsText(op.best?.timing?.rooflineTimeUs),
    },
    {
      key: 'ofRoofline',
      label: 'Of roofline',
      title: 'roofline time ÷ generated time: how close the best kernel came to the floor (100%: at it; above: not possible, flagged)',
      width: '6rem',
      align: 'end',
      sortValue: (op) => rooflineShare(op.best?.timing?.rooflineTimeUs ?? null, op.best?.timing?.generationTimeUs ?? null),
      render: (op) => percentText(rooflineShare(op.best?.timing?.rooflineTimeUs ?? null, op.best?.timing?.generationTimeUs ?? null)),
    },
    {
      key: 'toPass',
      label: 'To pass',
      title: 'median coder attempts up to and including the first that passed',
      width: '4.5rem',
      align: 'end',
      sortValue: (op) => op.attemptsToFirstPass.median,
      render: (op) => op.attemptsToFirstPass.median ?? '—',
    },
    { key: 'last', label: 'Last activity', width: '7rem', sortValue: (op) => op.lastWriteAt, render: (op) => <Ago at={op.lastWriteAt} now={now} /> },
    {
      key: 'actions',
      label: '',
      width: '19rem',
      render: (op) =>
        op.best && (
          <span className="row-actions">
            <OpenKernel kernel={op.best} />
            <DiffKernels left={op.previousBest} right={op.best} label="diff vs previous best" />
          </span>
        ),
    },
  ];
}

const OUTCOME_TEXT: Record<TaskOutcome['outcome'], string> = {
  passed: 'passed',
  failed: 'failed',
  unverified: 'not verified yet',
  'no-attempt': 'no attempt yet',
};

const taskColumns: Array<Column<TaskOutcome>> = [
  { key: 'task', label: 'Task', width: 'minmax(10rem, 2fr)', sortValue: (task) => task.id, render: (task) => <strong>{task.id}</strong> },
  {
    key: 'outcome',
    label: 'Outcome',
    width: '9rem',
    sortValue: (task) => task.outcome,
    render: (task) => <span className={`outcome-text outcome-${task.outcome}`}>{OUTCOME_TEXT[task.outcome]}</span>,
  },
  { key: 'attempts', label: 'Attempts', width: '5.5rem', align: 'end', sortValue: (task) => task.attempts, render: (task) => task.attempts },
  {
    key: 'toPass',
    label: 'To pass',
    title: 'coder attempts up to and including the first that passed',
    width: '4.5rem',
    align: 'end',
    sortValue: (task) => task.attemptsToFirstPass,
    render: (task) => task.attemptsToFirstPass ?? '—',
  },
  {
    key: 'best',
    label: 'Best',
    width: '8.5rem',
    align: 'end',
    sortValue: (task) => task.best?.speedup ?? null,
    render: (task) => <BestSpeedup kernel={task.best} />,
  },
  {
    key: 'at',
    label: 'Reached at',
    width: 'minmax(10rem, 1.5fr)',
    render: (task) => (task.best ? <KernelAt kernel={task.best} label={kernelStepName(task.best)} /> : <span className="muted">—</span>),
  },
  { key: 'actions', label: '', width: '9rem', render: (task) => task.best && <OpenKernel kernel={task.best} /> },
];

/** A kernel run's totals: passes, speed-ups, attempts, flags and failures. */
function KernelTotals({ run }: { readonly run: RunSummary }) {
  const t = run.totals;
  return (
    <>
      <Stat label="Ops passed" value={`${t.opsPassed} / ${t.ops}`} title="ops with at least one passed task / ops" />
      <Stat label="Tasks passed" value={`${t.tasksPassed} / ${t.tasks}`} title="tasks with at least one passed attempt / tasks" />
      <Stat label="pass@1" value={percentText(t.passAt1)} title="share of tasks whose first attempt passed" />
      <Stat label={`pass@${t.k}`} value={percentText(t.passAtK)} title={`share of tasks that passed within ${t.k} attempts (the most any task made)`} />
      <Stat label="Best speed-up (geomean)" value={speedupText(t.geomeanBestSpeedup)} title="geometric mean of each passed op's best speed-up" />
      <Stat label="Attempts" value={`${t.attempts} (${t.verifiedAttempts} verified)`} title="coder attempts, and those with a verdict" />
      {run.flagged && (
        <Stat
          label="Flagged kernels"
          value={run.flagged.hack + run.flagged.suspicious === 0 ? 'none' : `${run.flagged.hack} hack, ${run.flagged.suspicious} suspicious`}
          title="attempts whose kernel an integrity rule flags (shortcuts, timing or semantic tricks, tampering, impossible numbers)"
        />
      )}
      <section className="card" aria-label="attempts to first pass">
        <h3>Attempts to first pass (median {t.attemptsToFirstPass.median ?? '—'})</h3>
        <Distribution distribution={t.attemptsToFirstPass.distribution} />
      </section>
      <Counts title="Failures by error kind" record={run.failuresByKind} />
    </>
  );
}

/** An AutoResearch run's totals: rounds are its attempts, round 0 the seed; a task passes when a later round was kept. */
function AutoResearchTotals({ run }: { readonly run: RunSummary }) {
  const t = run.totals;
  return (
    <>
      <Stat label="Rounds" value={`${t.attempts} (${t.verifiedAttempts} with a verdict)`} title="rounds of the loop, round 0 the seed" />
      <Stat label="Improved on the seed" value={`${t.tasksPassed} / ${t.tasks}`} title="tasks where a round after the seed was kept" />
      <Stat label="Best speed-up" value={speedupText(t.geomeanBestSpeedup)} title="the best correct round's speed-up over the reference (geomean over ops)" />
      <Stat
        label="Rounds to the first kept"
        value={t.attemptsToFirstPass.median === null ? 'none kept' : `R${t.attemptsToFirstPass.median}`}
        title="the number of the first round after the seed that the loop kept (median over tasks)"
      />
      <Counts title="Failed rounds by error kind" record={run.failuresByKind} />
    </>
  );
}

function Totals({ run }: { readonly run: RunSummary }) {
  return (
    <div className="cards">
      {run.kind === 'kernel' && <KernelTotals run={run} />}
      {run.kind === 'autoresearch' && <AutoResearchTotals run={run} />}
      {run.events && (
        <section className="card" aria-label="events">
          <h3>Events</h3>
          <p>
            {plural(run.events.total, 'event')} ({plural(run.events.errors, 'error')}) · {plural(run.events.llmCalls, 'LLM call')} ({run.events.llmErrors}{' '}
            failed)
          </p>
          <p>
            tokens {run.events.tokens === null ? 'not logged' : countText(run.events.tokens)} · time in calls{' '}
            {run.events.llmSeconds === null ? '—' : timeSpan(run.events.llmSeconds * 1000)} · code runs{' '}
            {run.events.codeSeconds === null ? '—' : timeSpan(run.events.codeSeconds * 1000)}
          </p>
          <p className="muted mono">{eventSpan(run.events.firstAt, run.events.lastAt)}</p>
        </section>
      )}
      {run.events?.written && <WrittenCard written={run.events.written} />}
      <RunFiles path={run.path} />
    </div>
  );
}

/** What the run's usage files say: the tokens its pipeline counted, its runtime, the calls it summarised. */
function WrittenCard({ written }: { readonly written: NonNullable<NonNullable<RunSummary['events']>['written']> }) {
  return (
    <section className="card" aria-label="usage files">
      <h3>Written by the run</h3>
      {written.tokens && (
        <p>
          tokens {written.tokens.total === null ? 'total not written' : <strong>{countText(written.tokens.total)}</strong>} (
          {written.tokens.prompt === null ? '?' : countText(written.tokens.prompt)} prompt,{' '}
          {written.tokens.completion === null ? '?' : countText(written.tokens.completion)} completion) in{' '}
          {written.tokens.files.map((file) => (
            <FileLink key={file} path={file} />
          ))}
        </p>
      )}
      {written.runtime && (
        <p>
          runtime <strong>{timeSpan(written.runtime.seconds * 1000)}</strong> in <FileLink path={written.runtime.file} />
        </p>
      )}
      {written.summarisedCalls !== null && (
        <p title="latent_summaries.jsonl: each line is a call the run summarised with a call of its own, whose tokens are not logged">
          {plural(written.summarisedCalls, 'summarised call')} <span className="muted">(their summary calls' tokens not logged)</span>
        </p>
      )}
    </section>
  );
}

/** The run's own files (reports, results, usage): each opens in the file view. */
function RunFiles({ path }: { readonly path: string }) {
  // What an MM-Agent run made is listed under "What the run made".
  const files = (useSnapshot().snapshot?.tree.runs.find((run) => run.path === path)?.files ?? []).filter((file) => !isProduct(file));
  if (files.length === 0) return null;
  const prefix = path === '' ? '' : `${path}/`;
  return (
    <section className="card" aria-label="run files">
      <h3>Files</h3>
      <ul className="plain-list">
        {files.map((file) => (
          <li key={file}>
            <FileLink path={file} label={file.startsWith(prefix) ? file.slice(prefix.length) : file} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One run at a glance: its totals, one sortable row per op, and every task of every op in one grid. */
export function RunPage({ run: path, op: opPath }: { readonly run: string; readonly op?: string | undefined }) {
  const excludeFlagged = useStore((s) => s.excludeFlagged);
  const { value: summary, error } = useShownSummary(excludeFlagged);
  const navigate = useStore((s) => s.navigate);
  const run = summary?.runs.find((candidate) => candidate.path === path) ?? null;
  const now = summary ? shownNow() : 0;
  const columns = useMemo(() => opColumns(now), [now]);
  const picked = useRef<HTMLDivElement>(null);
  useEffect(() => {
    picked.current?.scrollIntoView({ block: 'nearest' });
  }, [opPath, run !== null]); // eslint-disable-line react-hooks/exhaustive-deps -- once the op's section exists

  if (error) return <Notice kind="error">Could not summarise the runs: {error.message}</Notice>;
  if (!summary) return <p className="pane-empty">Summarising the run…</p>;
  if (!run) return <Notice kind="warning">No run at {path || '.'} (it may have been removed). </Notice>;
  const op = opPath === undefined ? null : (run.ops.find((candidate) => candidate.path === opPath) ?? null);
  return (
    <article className="overview-page" aria-label="run overview">
      <header className="step-header">
        <button type="button" onClick={() => navigate({ view: 'home' }, { byUser: true })} title="all runs">
          ← Overview
        </button>
        <h1>
          <RunName path={run.path} />
        </h1>
        <RunStateBadge state={run.state} reason={run.stateReason} />
        {run.state !== 'finished' && <span className="muted shrink">{run.stateReason}</span>}
        <span className="spacer" />
        <span className="muted shrink">
          started <Ago at={run.startedAt} now={now} /> · last write <Ago at={run.lastWriteAt} now={now} />
        </span>
        <ExcludeFlagged />
      </header>
      <section className="overview-section">
        <Totals run={run} />
      </section>
      <AutoResearchSections path={run.path} />
      <RunProducts path={run.path} />
      {run.ops.length > 0 && (
        <>
          {op && (
            <section className="overview-section picked-op" ref={picked} aria-label={`op ${op.name}`}>
              <h2>
                Op {op.name}{' '}
                <span className="muted">
                  ({plural(op.tasks, 'task')}, {op.passedTasks} passed)
                </span>
              </h2>
              <DataTable
                label={`tasks of ${op.name}`}
                columns={taskColumns}
                rows={op.taskOutcomes}
                rowKey={(task) => task.id}
                rowLabel={(task) => `task ${task.id} ${task.outcome}`}
              />
            </section>
          )}
          <section className="overview-section">
            <h2>Ops</h2>
            <DataTable
              label="ops"
              columns={columns}
              rows={run.ops}
              rowKey={(row) => row.path}
              rowLabel={(row) => `op ${row.name}`}
              isSelected={(row) => row.path === opPath}
              initialSort={{ key: 'op', descending: false }}
            />
          </section>
          <section className="overview-section">
            <h2>Every task</h2>
            <p className="muted">
              One row per op, one cell per task: green passed (darker: faster), red failed, grey no verdict yet. A cell opens its task&apos;s best kernel, or
              its last attempt.
            </p>
            <OpGrid ops={run.ops} />
          </section>
        </>
      )}
    </article>
  );
}
