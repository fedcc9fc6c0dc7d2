import { useMemo } from 'react';
import { plural, speedupText } from '../../../shared/analysis/format';
import { compareTaskIds } from '../../../shared/analysis/order';
import type { OpSummary, TaskOutcome } from '../../../shared/model/summary';
import { kernelStepName } from '../../../shared/model/stepLabel';
import { useFixedList } from '../../lib/scaledList';
import { useStore } from '../../store/store';

/** Rows this tall (styles.css: .grid-row). */
const ROW_HEIGHT = 22;

function describe(op: OpSummary, task: TaskOutcome): string {
  const how =
    task.outcome === 'passed'
      ? `passed at attempt ${task.attemptsToFirstPass}${task.best ? `, best ${speedupText(task.best.speedup)} at ${kernelStepName(task.best)}` : ', no timing'}`
      : task.outcome === 'failed'
        ? `failed (${plural(task.attempts, 'attempt')})`
        : task.outcome === 'unverified'
          ? `last attempt not verified yet (${plural(task.attempts, 'attempt')})`
          : 'no attempt yet';
  return `${op.name} task ${task.id}: ${how}`;
}

/**
 * Every task of every op at once: rows are ops, columns tasks (by generation, then number); a
 * cell's colour is its verdict, a passed cell darker the faster its best kernel (log scale over
 * the grid). Rows are virtualized: a run can have a thousand ops.
 */
export function OpGrid({ ops }: { readonly ops: readonly OpSummary[] }) {
  const navigate = useStore((s) => s.navigate);
  const taskIds = useMemo(() => [...new Set(ops.flatMap((op) => op.taskOutcomes.map((task) => task.id)))].sort(compareTaskIds), [ops]);
  const [low, high] = useMemo(() => {
    const logs = ops.flatMap((op) => op.taskOutcomes.flatMap((task) => (task.best?.speedup ? [Math.log(task.best.speedup)] : [])));
    return logs.length === 0 ? [0, 0] : [Math.min(...logs), Math.max(...logs)];
  }, [ops]);
  const list = useFixedList(ops.length, ROW_HEIGHT, 10);
  const shade = (speedup: number | null | undefined) => (speedup && high > low ? 35 + (65 * (Math.log(speedup) - low)) / (high - low) : 65);
  const open = (op: OpSummary, task: TaskOutcome) => {
    const step = task.best?.step ?? task.lastAttemptStep;
    if (step !== null) navigate({ view: 'step', op: op.path, task: task.id, step }, { byUser: true });
  };
  const columns = `minmax(8rem, 14rem) repeat(${taskIds.length}, 18px)`;
  return (
    <div className="op-grid" role="grid" aria-label="ops by tasks" aria-rowcount={ops.length + 1}>
      <div className="grid-row grid-head" role="row" style={{ gridTemplateColumns: columns }}>
        <span role="columnheader">op \ task</span>
        {taskIds.map((id) => (
          <span key={id} role="columnheader" className="grid-task" title={`task ${id}`}>
            {id.replace(/^_?(Init|Gen\d+)_Task/i, '$1·')}
          </span>
        ))}
      </div>
      <div className="grid-scroll" ref={list.scroller} onScroll={list.onScroll} style={{ height: Math.min(ops.length, 16) * ROW_HEIGHT }}>
        <div style={{ height: list.height, position: 'relative' }}>
          {list.indexes.map((index) => {
            const op = ops[index]!;
            const byId = new Map(op.taskOutcomes.map((task) => [task.id, task]));
            return (
              <div key={op.path} role="row" className="grid-row" style={{ gridTemplateColumns: columns, transform: `translateY(${list.topOf(index)}px)` }}>
                <span role="rowheader" className="grid-op" title={op.path}>
                  {op.name}
                </span>
                {taskIds.map((id) => {
                  const task = byId.get(id);
                  if (!task) return <span key={id} role="gridcell" />;
                  return (
                    <span key={id} role="gridcell">
                      <button
                        type="button"
                        className={`grid-cell outcome-${task.outcome}`}
                        style={task.outcome === 'passed' ? { ['--shade' as string]: `${shade(task.best?.speedup)}%` } : undefined}
                        aria-label={describe(op, task)}
                        title={describe(op, task)}
                        disabled={task.lastAttemptStep === null}
                        onClick={() => open(op, task)}
                      />
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
