import { useMemo } from 'react';
import { speedupText } from '../../../shared/analysis/format';
import { compareNames } from '../../../shared/analysis/order';
import { compareRuns, opSide } from '../../../shared/analysis/runCompare';
import type { OpComparison, OpSide, RunSummary } from '../../../shared/model/summary';
import { DataTable, type Column } from '../../components/DataTable';
import { IntegrityBadge, Notice } from '../../components/Badges';
import { useShownSummary } from '../../lib/hostData';
import { useStore } from '../../store/store';
import { ExcludeFlagged, RunName } from './shared';

/** One op across the runs compared: the baseline's side, and each other run's comparison with it. */
interface CompareRow {
  readonly name: string;
  readonly baseline: OpSide;
  readonly others: ReadonlyMap<string, OpComparison>;
}

function sideText(side: OpSide): string {
  return `${side.passedTasks}/${side.tasks} passed · ${side.attemptsToFirstPass ?? '—'} to pass`;
}

/** The mark of a best kernel an integrity rule doubts. */
function Doubt({ side }: { readonly side: OpSide }) {
  const severity = side.best?.integrity;
  return severity === 'hack' || severity === 'suspicious' ? (
    <IntegrityBadge severity={severity} title={`integrity: ${severity}: this best may not be real`} />
  ) : null;
}

/** "b/name" for the column header of a run. */
const shortName = (path: string) => path.split('/').slice(-1)[0] || '.';

function columns(others: readonly string[], openDiff: (row: CompareRow, other: string) => void): Array<Column<CompareRow>> {
  return [
    { key: 'op', label: 'Op', width: 'minmax(9rem, 1.5fr)', sortValue: (row) => row.name, render: (row) => <strong>{row.name}</strong> },
    {
      key: 'baseline',
      label: 'Baseline',
      title: 'the baseline run: best speed-up, tasks passed, median attempts to first pass',
      width: 'minmax(11rem, 1.5fr)',
      sortValue: (row) => row.baseline.bestSpeedup,
      render: (row) => (
        <span>
          <Doubt side={row.baseline} /> <span className="speedup">{speedupText(row.baseline.bestSpeedup)}</span>{' '}
          <span className="muted">{sideText(row.baseline)}</span>
        </span>
      ),
    },
    ...others.map((other): Column<CompareRow> => ({
      key: other,
      label: shortName(other),
      title: `${other}: best speed-up, its ratio to the baseline's, tasks passed, median attempts to first pass; click to diff the two best kernels`,
      width: 'minmax(13rem, 2fr)',
      sortValue: (row) => row.others.get(other)?.speedupRatio ?? null,
      render: (row) => {
        const op = row.others.get(other);
        if (!op) return <span className="muted">not in this run</span>;
        const ratio = op.speedupRatio;
        const canDiff = Boolean(op.baseline.best?.file && op.other.best?.file);
        return (
          <span>
            <button
              type="button"
              className="link"
              disabled={!canDiff}
              title={canDiff ? 'diff the two best kernels' : 'one of the two has no passed kernel with a timing'}
              onClick={() => openDiff(row, other)}
            >
              <Doubt side={op.other} /> {speedupText(op.other.bestSpeedup)}
            </button>{' '}
            {ratio !== null && <span className={`ratio ${ratio >= 1 ? 'faster' : 'slower'}`}>{speedupText(ratio)} vs baseline</span>}{' '}
            <span className="muted">{sideText(op.other)}</span>
          </span>
        );
      },
    })),
  ];
}

/** Runs of the same ops against a baseline: each op's best kernel, its ratio to the baseline's, and the ops only one run has. */
export function ComparePage({ baseline: baselinePath, others: otherPaths }: { readonly baseline: string; readonly others: readonly string[] }) {
  const excludeFlagged = useStore((s) => s.excludeFlagged);
  const { value: summary, error } = useShownSummary(excludeFlagged);
  const navigate = useStore((s) => s.navigate);
  const kernelRuns = useMemo(() => summary?.runs.filter((run) => run.kind !== 'agent') ?? [], [summary]);
  const baseline = kernelRuns.find((run) => run.path === baselinePath) ?? null;
  const others = useMemo(
    () => otherPaths.flatMap((path) => kernelRuns.filter((run) => run.path === path && run.path !== baselinePath)),
    [kernelRuns, otherPaths, baselinePath],
  );
  const comparisons = useMemo(() => (baseline ? others.map((other) => compareRuns(baseline, other)) : []), [baseline, others]);
  const rows = useMemo((): CompareRow[] => {
    if (!baseline) return [];
    return baseline.ops
      .map((op) => ({
        name: op.name,
        baseline: opSide(op),
        others: new Map(comparisons.flatMap((comparison) => comparison.ops.filter((c) => c.name === op.name).map((c) => [comparison.other, c] as const))),
      }))
      .filter((row) => row.others.size > 0)
      .sort((a, b) => compareNames(a.name, b.name));
  }, [baseline, comparisons]);

  const go = (next: { baseline?: string; others?: readonly string[] }) =>
    navigate({ view: 'compare', baseline: next.baseline ?? baselinePath, others: next.others ?? otherPaths }, { byUser: true });
  const openDiff = (row: CompareRow, other: string) => {
    const op = row.others.get(other);
    if (op?.baseline.best?.file && op.other.best?.file)
      navigate({ view: 'diff', left: op.baseline.best.file, right: op.other.best.file, inline: false }, { byUser: true });
  };

  if (error) return <Notice kind="error">Could not summarise the runs: {error.message}</Notice>;
  if (!summary) return <p className="pane-empty">Summarising the runs…</p>;
  return (
    <article className="overview-page" aria-label="compare runs">
      <header className="step-header">
        <button type="button" onClick={() => navigate({ view: 'home' }, { byUser: true })}>
          ← Overview
        </button>
        <h1>Compare runs</h1>
        <label>
          Baseline{' '}
          <select
            aria-label="baseline run"
            value={baseline?.path ?? ''}
            onChange={(event) => go({ baseline: event.target.value, others: kernelRuns.map((run) => run.path).filter((path) => path !== event.target.value) })}
          >
            {!baseline && <option value="">pick a run…</option>}
            {kernelRuns.map((run) => (
              <option key={run.path} value={run.path}>
                {run.path || '.'}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <ExcludeFlagged />
      </header>
      {kernelRuns.length < 2 && <Notice kind="info">Comparing needs two kernel runs under the opened folder; this folder holds {kernelRuns.length}.</Notice>}
      {!baseline && kernelRuns.length >= 2 && <Notice kind="info">{baselinePath ? `No kernel run at ${baselinePath}. ` : ''}Pick the baseline run.</Notice>}
      {baseline && (
        <>
          <fieldset className="compare-with">
            <legend>Against the baseline</legend>
            {kernelRuns
              .filter((run) => run.path !== baseline.path)
              .map((run: RunSummary) => {
                const isOn = others.some((other) => other.path === run.path);
                return (
                  <label key={run.path}>
                    <input
                      type="checkbox"
                      checked={isOn}
                      onChange={() => go({ others: isOn ? otherPaths.filter((path) => path !== run.path) : [...otherPaths, run.path] })}
                    />{' '}
                    <RunName path={run.path} />
                  </label>
                );
              })}
          </fieldset>
          {others.length === 0 ? (
            <Notice kind="info">Tick the runs to compare with the baseline.</Notice>
          ) : (
            <section className="overview-section">
              <h2>
                Best kernel per op: <RunName path={baseline.path} /> (baseline) against{' '}
                {others.length === 1 ? <RunName path={others[0]!.path} /> : `${others.length} runs`}
              </h2>
              {rows.length === 0 ? (
                <Notice kind="info">These runs have no op in common.</Notice>
              ) : (
                <DataTable
                  label="ops compared"
                  columns={columns(
                    others.map((run) => run.path),
                    openDiff,
                  )}
                  rows={rows}
                  rowKey={(row) => row.name}
                  rowLabel={(row) => `op ${row.name}`}
                />
              )}
              <OnlyIn baseline={baseline.path} comparisons={comparisons} />
            </section>
          )}
        </>
      )}
    </article>
  );
}

function OnlyIn({ baseline, comparisons }: { readonly baseline: string; readonly comparisons: ReadonlyArray<ReturnType<typeof compareRuns>> }) {
  // Only in the baseline: in none of the others.
  const onlyInBaseline = comparisons
    .map((c) => new Set(c.onlyInBaseline))
    .reduce((a, b) => new Set([...a].filter((name) => b.has(name))), new Set(comparisons[0]?.onlyInBaseline ?? []));
  const lines = [
    ...(onlyInBaseline.size > 0 ? [[baseline, [...onlyInBaseline]] as const] : []),
    ...comparisons.filter((c) => c.onlyInOther.length > 0).map((c) => [c.other, c.onlyInOther] as const),
  ];
  if (lines.length === 0) return null;
  return (
    <ul className="only-in" aria-label="ops in one run only">
      {lines.map(([run, ops]) => (
        <li key={run}>
          Only in <RunName path={run} />: {ops.join(', ')}
        </li>
      ))}
    </ul>
  );
}
