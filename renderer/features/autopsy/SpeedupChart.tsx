import type { KernelAutopsy } from '../../../shared/model/autopsy';
import { stepLabel } from '../../../shared/model/stepLabel';
import { plural } from '../../../shared/analysis/format';

/** Speed-up of every verified attempt of one op (dots) and the best so far (line); 1× dashed. */
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
  const width = 520;
  const height = 160;
  const pad = { left: 40, right: 10, top: 10, bottom: 22 };
  const values = series.points.flatMap((p) => [p.speedup, p.bestSoFar]);
  const max = Math.max(1.2, ...values) * 1.1;
  const x = (i: number) => pad.left + (series.points.length <= 1 ? 0.5 : i / (series.points.length - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const best = series.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.bestSoFar).toFixed(1)}`).join(' ');
  return (
    <figure className="speedup-chart">
      <figcaption>
        {name}: speed-up of {plural(series.points.length, 'verified attempt')}, best so far {series.points[series.points.length - 1]!.bestSoFar.toFixed(2)}×
      </figcaption>
      <svg width={width} height={height} role="img" aria-label={`speed-up chart of ${name}`}>
        <line x1={pad.left} x2={width - pad.right} y1={y(1)} y2={y(1)} className="chart-one" />
        <text x={4} y={y(1) + 4} className="chart-label">
          1×
        </text>
        <text x={4} y={pad.top + 8} className="chart-label">
          {max.toFixed(1)}×
        </text>
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
