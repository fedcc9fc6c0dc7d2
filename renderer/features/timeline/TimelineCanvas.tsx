import { useEffect, useMemo, useRef, useState } from 'react';
import type { Span } from '../../../shared/analysis/spans';
import type { AgentEvent } from '../../../shared/model/events';
import { timestampMs } from '../../../shared/parse/trackerLog';

const LANE_HEIGHT = 22;
const LABEL_WIDTH = 150;
const OVERVIEW_HEIGHT = 28;
const SPAN_COLORS: Record<Span['kind'], string> = { stage: '#6b8fd6', llm_call: '#4aa37a', task: '#a47ad6', code_exec: '#c9a13a' };

export type LaneMode = 'stage' | 'type';

interface TimelineCanvasProps {
  readonly events: readonly AgentEvent[];
  readonly spans: readonly Span[];
  /** Events shown (after filters), by seq. */
  readonly visible: ReadonlySet<number>;
  readonly laneMode: LaneMode;
  readonly selectedSeq: number | null;
  readonly onSelect: (seq: number) => void;
  readonly onHover: (seq: number | null, x: number, y: number) => void;
}

interface Layout {
  readonly lanes: string[];
  readonly laneOf: Map<number, number>;
  readonly times: Float64Array;
  readonly t0: number;
  readonly t1: number;
}

function layout(events: readonly AgentEvent[], spans: readonly Span[], mode: LaneMode): Layout {
  const lanes: string[] = [];
  const laneIndex = new Map<string, number>();
  const laneOf = new Map<number, number>();
  const times = new Float64Array(events.length);
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const name = mode === 'stage' ? (event.stage ?? '(no stage)') : event.type;
    let lane = laneIndex.get(name);
    if (lane === undefined) {
      lane = lanes.length;
      lanes.push(name);
      laneIndex.set(name, lane);
    }
    laneOf.set(event.seq, lane);
    const ms = timestampMs(event.timestamp) ?? (event.elapsed ?? 0) * 1000;
    times[event.seq] = ms;
    t0 = Math.min(t0, ms);
    t1 = Math.max(t1, ms);
  }
  // A span sits in the lane of its start event; in type mode, spans share their kind's start lane.
  for (const span of spans) laneOf.set(-1 - span.startSeq, laneOf.get(span.startSeq) ?? 0);
  if (!Number.isFinite(t0)) [t0, t1] = [0, 1];
  if (t1 - t0 < 1) t1 = t0 + 1;
  return { lanes, laneOf, times, t0, t1 };
}

/**
 * The event timeline on a canvas (DOM nodes do not scale to a million events): spans as bars (a
 * running one fades out to the end), errors and warnings marked, other events as ticks; wheel to
 * zoom at the pointer, drag to pan, the overview strip below shows where the view is.
 */
export function TimelineCanvas({ events, spans, visible, laneMode, selectedSeq, onSelect, onHover }: TimelineCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { lanes, laneOf, times, t0, t1 } = useMemo(() => layout(events, spans, laneMode), [events, spans, laneMode]);
  const [view, setView] = useState<{ start: number; end: number } | null>(null);
  const [width, setWidth] = useState(800);
  const range = view ?? { start: t0 - (t1 - t0) * 0.02, end: t1 + (t1 - t0) * 0.02 };
  const height = lanes.length * LANE_HEIGHT + OVERVIEW_HEIGHT + 8;
  const plotWidth = Math.max(width - LABEL_WIDTH, 10);
  const xOf = (ms: number) => LABEL_WIDTH + ((ms - range.start) / (range.end - range.start)) * plotWidth;

  useEffect(() => {
    const element = canvas.current!;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(element.parentElement!);
    return () => observer.disconnect();
  }, []);

  // Keep the selected event in view.
  useEffect(() => {
    if (selectedSeq === null) return;
    const ms = times[selectedSeq];
    if (ms === undefined) return;
    setView((current) => {
      const r = current ?? { start: t0, end: t1 };
      if (ms >= r.start && ms <= r.end) return current;
      const half = (r.end - r.start) / 2;
      return { start: ms - half, end: ms + half };
    });
  }, [selectedSeq, times, t0, t1]);

  useEffect(() => {
    const element = canvas.current!;
    const ratio = window.devicePixelRatio || 1;
    element.width = width * ratio;
    element.height = height * ratio;
    element.style.width = `${width}px`;
    element.style.height = `${height}px`;
    const g = element.getContext('2d')!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const styles = getComputedStyle(element);
    const text = styles.color;
    const muted = styles.getPropertyValue('--muted') || '#888';
    g.clearRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';
    lanes.forEach((lane, i) => {
      const y = i * LANE_HEIGHT;
      if (i % 2 === 1) {
        g.fillStyle = 'rgba(127,127,127,0.07)';
        g.fillRect(0, y, width, LANE_HEIGHT);
      }
      g.fillStyle = text;
      g.fillText(lane.length > 22 ? `${lane.slice(0, 21)}…` : lane, 4, y + 15);
    });
    g.save();
    g.beginPath();
    g.rect(LABEL_WIDTH, 0, plotWidth, lanes.length * LANE_HEIGHT);
    g.clip();
    for (const span of spans) {
      if (!visible.has(span.startSeq)) continue;
      const lane = laneOf.get(-1 - span.startSeq) ?? 0;
      const x0 = xOf(span.startMs);
      const x1 = span.endMs === null ? xOf(t1) : xOf(span.endMs);
      const y = lane * LANE_HEIGHT + 4;
      g.fillStyle = SPAN_COLORS[span.kind];
      g.globalAlpha = span.endMs === null ? 0.35 : 0.75;
      g.fillRect(x0, y, Math.max(x1 - x0, 2), LANE_HEIGHT - 8);
      g.globalAlpha = 1;
      if (span.isFailed) {
        g.strokeStyle = '#d33';
        g.lineWidth = 2;
        g.strokeRect(x0, y, Math.max(x1 - x0, 2), LANE_HEIGHT - 8);
      }
    }
    // Ticks and markers; at most one per pixel column and lane, errors drawn over the rest.
    const drawn = new Set<number>();
    for (const level of ['INFO', 'WARNING', 'ERROR']) {
      for (const event of events) {
        if (!visible.has(event.seq) || (level === 'INFO' ? event.level === 'WARNING' || event.level === 'ERROR' : event.level !== level)) continue;
        const x = Math.round(xOf(times[event.seq]!));
        if (x < LABEL_WIDTH || x > width) continue;
        const lane = laneOf.get(event.seq) ?? 0;
        const key = lane * 100_000 + x;
        if (level === 'INFO' && drawn.has(key)) continue;
        drawn.add(key);
        const y = lane * LANE_HEIGHT;
        if (level === 'INFO') {
          g.fillStyle = muted;
          g.fillRect(x, y + 6, 1, LANE_HEIGHT - 12);
        } else {
          g.fillStyle = level === 'ERROR' ? '#d33' : '#d90';
          g.beginPath();
          g.moveTo(x, y + 3);
          g.lineTo(x + 5, y + LANE_HEIGHT - 4);
          g.lineTo(x - 5, y + LANE_HEIGHT - 4);
          g.fill();
        }
      }
    }
    if (selectedSeq !== null && times[selectedSeq] !== undefined) {
      const x = xOf(times[selectedSeq]!);
      g.fillStyle = '#2f6fde';
      g.fillRect(x - 1, 0, 2, lanes.length * LANE_HEIGHT);
    }
    g.restore();
    // Overview: every event over the whole run, and the part in view.
    const top = lanes.length * LANE_HEIGHT + 6;
    const ox = (ms: number) => LABEL_WIDTH + ((ms - t0) / (t1 - t0)) * plotWidth;
    g.fillStyle = text;
    g.fillText('overview', 4, top + 17);
    g.fillStyle = 'rgba(127,127,127,0.12)';
    g.fillRect(LABEL_WIDTH, top, plotWidth, OVERVIEW_HEIGHT - 4);
    for (const event of events) {
      g.fillStyle = event.level === 'ERROR' ? '#d33' : muted;
      g.fillRect(Math.round(ox(times[event.seq]!)), top + (event.level === 'ERROR' ? 2 : 8), 1, event.level === 'ERROR' ? OVERVIEW_HEIGHT - 8 : OVERVIEW_HEIGHT - 16);
    }
    g.strokeStyle = '#2f6fde';
    g.lineWidth = 1.5;
    g.strokeRect(ox(range.start), top, Math.max(ox(range.end) - ox(range.start), 2), OVERVIEW_HEIGHT - 4);
  });

  const toMs = (x: number) => range.start + ((x - LABEL_WIDTH) / plotWidth) * (range.end - range.start);

  /** The visible event nearest the pointer in its lane, within 6 px. */
  const hit = (x: number, y: number): number | null => {
    const lane = Math.floor(y / LANE_HEIGHT);
    let best: number | null = null;
    let bestDistance = 6;
    for (const event of events) {
      if (!visible.has(event.seq) || laneOf.get(event.seq) !== lane) continue;
      const distance = Math.abs(xOf(times[event.seq]!) - x);
      if (distance <= bestDistance) {
        best = event.seq;
        bestDistance = distance;
      }
    }
    return best;
  };

  const drag = useRef<{ x: number; start: number; end: number; moved: boolean } | null>(null);
  return (
    <div className="timeline-canvas">
      <div className="timeline-tools">
        <button type="button" onClick={() => setView({ start: range.start + (range.end - range.start) / 4, end: range.end - (range.end - range.start) / 4 })} aria-label="zoom in">
          +
        </button>
        <button type="button" onClick={() => setView({ start: range.start - (range.end - range.start) / 2, end: range.end + (range.end - range.start) / 2 })} aria-label="zoom out">
          −
        </button>
        <button type="button" onClick={() => setView(null)}>
          Fit
        </button>
        <span className="muted">wheel: zoom · drag: pan · {((range.end - range.start) / 1000).toFixed(3)} s in view</span>
      </div>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`timeline of ${events.length} events, ${spans.length} spans (${spans.filter((span) => span.endMs === null).length} running) in ${lanes.length} lanes`}
        data-testid="timeline"
        onWheel={(event) => {
          const at = toMs(event.nativeEvent.offsetX);
          const factor = event.deltaY > 0 ? 1.25 : 0.8;
          setView({ start: at - (at - range.start) * factor, end: at + (range.end - at) * factor });
        }}
        onMouseDown={(event) => {
          drag.current = { x: event.clientX, start: range.start, end: range.end, moved: false };
        }}
        onMouseMove={(event) => {
          const state = drag.current;
          if (state) {
            const dx = event.clientX - state.x;
            if (Math.abs(dx) > 2) state.moved = true;
            const shift = (dx / plotWidth) * (state.end - state.start);
            if (state.moved) setView({ start: state.start - shift, end: state.end - shift });
            return;
          }
          onHover(hit(event.nativeEvent.offsetX, event.nativeEvent.offsetY), event.clientX, event.clientY);
        }}
        onMouseUp={(event) => {
          const state = drag.current;
          drag.current = null;
          if (state?.moved) return;
          const seq = hit(event.nativeEvent.offsetX, event.nativeEvent.offsetY);
          if (seq !== null) onSelect(seq);
        }}
        onMouseLeave={() => {
          drag.current = null;
          onHover(null, 0, 0);
        }}
      />
    </div>
  );
}
