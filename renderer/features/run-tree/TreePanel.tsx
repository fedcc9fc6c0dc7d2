import { useEffect, useMemo, useRef } from 'react';
import { useFixedList } from '../../lib/scaledList';
import { useShallow } from 'zustand/react/shallow';
import { DecisionBadge, IntegrityBadge, RoleBadge, SpeedupText, StatusBadge } from '../../components/Badges';
import { type OpOrder, treeRows, type TreeRow } from '../../store/selectors';
import { plural } from '../../../shared/analysis/format';
import { isAttemptStart, stepKey, taskKey } from '../../../shared/analysis/treeQuery';
import { useFlagsByStep, useTasks, useTreeSoFar, useSummary } from '../../lib/hostData';
import { type IntegrityFlag, type Severity, worstSeverity } from '../../../shared/model/integrity';
import { useStore } from '../../store/store';
import { stepLabel, stepName } from '../../../shared/model/stepLabel';
import type { TaskOutline } from '../../../shared/model/trace';

/** What a screen reader says of a row (a step's verdict is not said while the folder is read: `isPartial`). */
function rowLabel(row: TreeRow, isPartial: boolean): string {
  switch (row.kind) {
    case 'run':
      return `run ${row.run.path || '.'}`;
    case 'op':
      return `op ${row.op.name}`;
    case 'task':
      return `task ${row.task.id}`;
    case 'step': {
      const status = isPartial ? 'reading' : row.step.status;
      return row.step.round
        ? `${row.op.name} task ${row.task.id} round ${row.step.round.round} ${row.step.round.decision} ${status}`
        : `${row.op.name} task ${row.task.id} step ${row.step.step} ${status}`;
    }
    case 'log':
      return `event log ${row.dir}`;
    case 'heading':
    case 'pending':
      return row.label;
    case 'other':
      return row.isNotRead ? `not read ${row.path}: ${row.reason}` : `other file ${row.path}`;
  }
}

function attemptsText(task: TaskOutline): string {
  if (task.rounds) return `${plural(task.attempts, 'round')}, ${task.rounds.firstKept ? `first kept ${task.rounds.firstKept}` : 'none kept after the seed'}`;
  return `${plural(task.attempts, 'attempt')}, ${task.firstPassingStep === null ? 'no pass' : `pass at ${stepLabel(task.firstPassingStep)}`}`;
}

/** The worst integrity flag of a task's attempts, or of one attempt. */
function worstOf(flags: ReadonlyMap<string, readonly IntegrityFlag[]>, opPath: string, taskId: string, steps: readonly number[]): Severity | null {
  return worstSeverity(steps.flatMap((step) => flags.get(stepKey(opPath, taskId, step)) ?? []));
}

function RowContent({
  row,
  liveOps,
  flags,
  isPartial,
}: {
  readonly row: TreeRow;
  /** The folder is still read: a task's figures (attempts, pass, speed-up) and its steps' verdicts are not known yet. */
  readonly isPartial: boolean;
  readonly liveOps: ReadonlySet<string>;
  readonly flags: ReadonlyMap<string, readonly IntegrityFlag[]>;
}) {
  switch (row.kind) {
    case 'run':
      return <span className="row-run">▾ {row.run.path || '.'}</span>;
    case 'op':
      return (
        <span className="row-op">
          <strong>{row.op.name}</strong>{' '}
          <span className="muted">
            {row.op.tasks.length} task{row.op.tasks.length === 1 ? '' : 's'}
          </span>
        </span>
      );
    case 'task': {
      const { task } = row;
      return (
        <span className="row-task">
          <span className="chevron">{row.isExpanded ? '▾' : '▸'}</span> task {task.id}{' '}
          <span className="muted">{isPartial ? 'reading…' : attemptsText(task)}</span>{' '}
          {!isPartial && task.bestSpeedup !== null && <SpeedupText speedup={task.bestSpeedup} hasTiming />}
          <TaskFlag severity={worstOf(flags, row.op.path, task.id, task.attemptSteps)} />
        </span>
      );
    }
    case 'step': {
      const { step } = row;
      return (
        <span className="row-step">
          <span className="step-number">{stepName(step)}</span>
          {step.round && <DecisionBadge round={step.round} />}
          {step.records.map((record) => (
            <RoleBadge key={`${record.conductor}-${record.agent}`} role={record.role} conductor={record.conductor} />
          ))}
          {/* A step found while the folder is read: its verdict and timing may be in files not read yet. */}
          {isPartial && <span className="muted">reading…</span>}
          {!isPartial && step.status !== 'unknown' && <StatusBadge status={step.status} title={`${step.status} (${step.statusSource.replaceAll('_', ' ')})`} />}
          {!isPartial && step.status === 'unknown' && isAttemptStart(row.task, step) && (
            // An attempt without a verdict: in a run being written, its verify is under way.
            <span className={`badge ${liveOps.has(row.op.path) ? 'status-running' : 'status-unknown'}`} title="no verdict on disk for this attempt yet">
              {liveOps.has(row.op.path) ? 'verifying…' : 'no verdict'}
            </span>
          )}
          {!isPartial && <SpeedupText speedup={step.speedup} hasTiming={step.timing !== null || step.round?.speedup != null} />}
          <TaskFlag severity={worstOf(flags, row.op.path, row.task.id, [step.step])} />
          {step.round && (
            <span className="muted round-description" title={step.round.description}>
              {step.round.description}
            </span>
          )}
        </span>
      );
    }
    case 'log':
      return (
        <span className="row-log">
          events{' '}
          <span className="muted">
            {row.events ?? '?'} in {row.dir.split('/').slice(-3).join('/')}
          </span>
        </span>
      );
    case 'heading':
      return <span className="row-heading">{row.label}</span>;
    case 'pending':
      return <span className="row-pending muted">{row.label}</span>;
    case 'other':
      return (
        <span className="row-other" title={`${row.path}: ${row.reason}`}>
          {row.path}
          {row.isNotRead && <span className="muted"> — {row.reason}</span>}
        </span>
      );
  }
}

/** A flag worth a look in the tree (a note is only in the step view). */
function TaskFlag({ severity }: { readonly severity: Severity | null }) {
  return severity === 'hack' || severity === 'suspicious' ? (
    <IntegrityBadge severity={severity} title={`integrity: ${severity} (see the step for why)`} />
  ) : null;
}

/** Rows are this tall (styles.css: .tree-row). */
const ROW_HEIGHT = 26;

/** Run → op → task → step, virtualized; a filter narrows it by op, task, agent or status. */
export function TreePanel() {
  // While the folder is read, the rows found so far.
  const { tree: snapshot, isPartial } = useTreeSoFar();
  const { expanded, filter, route, opOrder } = useStore(useShallow((s) => ({ expanded: s.expanded, filter: s.filter, route: s.route, opOrder: s.opOrder })));
  const { setFilter, setOpOrder, toggleExpanded, setAllExpanded, navigate, setFollowing } = useStore(
    useShallow((s) => ({
      setFilter: s.setFilter,
      setOpOrder: s.setOpOrder,
      toggleExpanded: s.toggleExpanded,
      setAllExpanded: s.setAllExpanded,
      navigate: s.navigate,
      setFollowing: s.setFollowing,
    })),
  );
  const isAnyExpanded = Object.keys(expanded).length > 0;
  // The ops of runs being written (the summary says which): their unverified attempts are being verified.
  const { value: summary } = useSummary();
  const flags = useFlagsByStep();
  const liveOps = useMemo(() => {
    const running = new Set(summary?.runs.filter((run) => run.state === 'running').map((run) => run.path) ?? []);
    return new Set(snapshot?.tree.runs.filter((run) => running.has(run.path)).flatMap((run) => run.ops.map((op) => op.path)) ?? []);
  }, [summary, snapshot]);
  // Before the whole tree is in, an opened task's steps are asked for on their own.
  const expandedKeys = useMemo(() => Object.keys(expanded), [expanded]);
  const loaded = useTasks(expandedKeys);
  const rows = useMemo(() => (snapshot ? treeRows(snapshot, expanded, filter, opOrder, loaded) : []), [snapshot, expanded, filter, opOrder, loaded]);
  const list = useFixedList(rows.length, ROW_HEIGHT, 12);

  const selectedKey =
    route.view === 'step'
      ? `s:${stepKey(route.op, route.task, route.step)}`
      : route.view === 'file'
        ? `x:${route.path}`
        : route.view === 'timeline'
          ? `l:${route.dir}`
          : route.view === 'run'
            ? route.op !== undefined
              ? `o:${route.op}`
              : `r:${route.run}`
            : null;
  // Brought into view when the selection changes or the list grows (nothing happens when it is in
  // view already); not on every new `rows`, which a live run makes on each delta.
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const { scrollTo } = list;
  useEffect(() => {
    const index = selectedKey ? rowsRef.current.findIndex((row) => row.key === selectedKey) : -1;
    scrollTo(index);
  }, [selectedKey, scrollTo]);
  // The rows found so far sort anew when the whole folder's come (a run found later may sort above):
  // the row the user last opened meanwhile is brought back into view then.
  const openedRef = useRef<string | null>(null);
  const wasPartial = useRef(isPartial);
  useEffect(() => {
    if (wasPartial.current && !isPartial && openedRef.current) scrollTo(rowsRef.current.findIndex((row) => row.key === openedRef.current));
    wasPartial.current = isPartial;
  }, [isPartial, scrollTo]);

  const activate = (row: TreeRow) => {
    if (isPartial) openedRef.current = row.key;
    if (row.kind === 'task') toggleExpanded(taskKey(row.op.path, row.task.id));
    else if (row.kind === 'step') navigate({ view: 'step', op: row.op.path, task: row.task.id, step: row.step.step }, { byUser: true });
    else if (row.kind === 'other') navigate({ view: 'file', path: row.path }, { byUser: true });
    else if (row.kind === 'log') navigate({ view: 'timeline', dir: row.dir }, { byUser: true });
    else if (row.kind === 'run') navigate({ view: 'run', run: row.run.path }, { byUser: true });
    else if (row.kind === 'op') navigate({ view: 'run', run: row.run.path, op: row.op.path }, { byUser: true });
  };

  return (
    <nav className="tree-panel" aria-label="run tree">
      <input
        className="filter"
        type="search"
        placeholder="Filter: words that all match — relu failed, S06, run…"
        title="Words that must all match the run, op, task or step (in any order): relu failed · S06 · task 3 · kernel_gen passed · Task_abc"
        aria-label="filter the tree"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      <div className="tree-tools">
        <span
          className="muted"
          data-testid="tree-row-count"
          title={
            isPartial ? 'the folder is still being read: these are the runs, ops and tasks found so far, and their figures grow until it is read' : undefined
          }
        >
          {plural(rows.length, 'row')}
          {isPartial && ' so far'}
        </span>
        <label className="muted">
          ops by {/* The options are OpOrder's values. */}
          <select aria-label="order ops by" value={opOrder} onChange={(event) => setOpOrder(event.target.value as OpOrder)}>
            <option value="name">name</option>
            <option value="speedup">best speed-up</option>
            <option value="attempts">attempts</option>
          </select>
        </label>
        <button type="button" onClick={() => setAllExpanded(!isAnyExpanded)}>
          {isAnyExpanded ? 'Collapse all' : 'Expand all'}
        </button>
      </div>
      <div className="tree-scroll" ref={list.scroller} onScroll={list.onScroll} onWheel={() => setFollowing(false)} data-testid="tree">
        <div style={{ height: list.height, position: 'relative' }}>
          {list.indexes.map((index) => {
            const row = rows[index]!;
            const isSelected = row.key === selectedKey;
            return (
              <button
                type="button"
                key={row.key}
                className={`tree-row depth-${row.kind} ${isSelected ? 'selected' : ''}`}
                style={{ transform: `translateY(${list.topOf(index)}px)` }}
                aria-label={rowLabel(row, isPartial)}
                title={row.kind === 'step' ? undefined : rowLabel(row, isPartial)}
                aria-current={isSelected ? 'true' : undefined}
                aria-expanded={row.kind === 'task' ? row.isExpanded : undefined}
                onClick={() => activate(row)}
              >
                <RowContent row={row} liveOps={liveOps} flags={flags} isPartial={isPartial} />
              </button>
            );
          })}
        </div>
        {snapshot && rows.length === 0 && <p className="empty">{filter ? 'Nothing matches the filter.' : 'No trace runs here yet.'}</p>}
      </div>
    </nav>
  );
}
