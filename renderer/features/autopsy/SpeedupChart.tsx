import type { KernelAutopsy } from '../../../shared/model/autopsy';
import { stepLabel } from '../../../shared/model/stepLabel';
import { plural } from '../../../shared/analysis/format';

/** Round values for the axis between `low` and `high`: about five gridlines, 1× among them when in range. */
export function speedupTicks(low: number, high: number): number[] {
  const span = Math.max(high - low, 0.01);
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw)!;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + 1e-9; value += step) ticks.push(Math.round(value * 1e6) / 1e6);
  return ticks;
}

/**
 * Speed-up of every verified attempt of one op (dots) and the best so far (line), in the order
 * the run made them; 1× dashed. The axis spans the values shown (with 1×), its gridlines labelled
 * where they are drawn.
 */
export function SpeedupChart({
  series,
  name,
  onPick,
}: {
  readonly series: KernelAutopsy['speedups'][number];
  /** The op as the page names it (with its run when the folder holds several). */
  readonly name: string;
  readonly onPick: (task: string, step: number) => void;
}) {
  const width = 640;
  const height = 150;
  const pad = { left: 44, right: 12, top: 10, bottom: 20 };
  const values = series.points.flatMap((p) => [p.speedup, p.bestSoFar]);
  // The values and 1×, with a little room: no half of the chart left empty below the data.
  const low = Math.min(1, ...values);
  const high = Math.max(1, ...values);
  const margin = Math.max((high - low) * 0.08, 0.05);
  const [min, max] = [Math.max(0, low - margin), high + margin];
  const x = (i: number) => pad.left + (series.points.length <= 1 ? 0.5 : i / (series.points.length - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const best = series.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.bestSoFar).toFixed(1)}`).join(' ');
  return (
    <figure className="speedup-chart">
      <figcaption>
        {name}: speed-up of {plural(series.points.length, 'verified attempt')}, best so far {series.points[series.points.length - 1]!.bestSoFar.toFixed(2)}×
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label={`speed-up chart of ${name}`}>
        {speedupTicks(min, max).map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className={tick === 1 ? 'chart-one' : 'chart-grid'} />
            <text x={pad.left - 4} y={y(tick) + 3} className="chart-label" textAnchor="end">
              {Number(tick.toFixed(2))}×
            </text>
          </g>
        ))}
        {!speedupTicks(min, max).includes(1) && <line x1={pad.left} x2={width - pad.right} y1={y(1)} y2={y(1)} className="chart-one" />}
        <path d={best} className="chart-best" />
        {series.points.map((p, i) => (
          <circle
            key={`${p.task}-${p.step}`}
            cx={x(i)}
            cy={y(p.speedup)}
            r={4}
            className={p.speedup >= 1 ? 'chart-dot faster' : 'chart-dot slower'}
            onClick={() => onPick(p.task, p.step)}
          >
            <title>
              task {p.task} {stepLabel(p.step)}: {p.speedup.toFixed(3)}× (best so far {p.bestSoFar.toFixed(3)}×)
            </title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
