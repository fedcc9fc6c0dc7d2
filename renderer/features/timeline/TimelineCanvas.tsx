import { useEffect, useLayoutEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import type { EventWindow } from '../../../shared/contract';
import { timeSpan } from '../../../shared/analysis/format';
import { rulerTicks } from './ruler';

export const LANE_HEIGHT = 22;
export const LABEL_WIDTH = 150;
/** Lanes shown at once; more scroll (wheel over the lane names), and only the shown ones are asked for. */
export const VISIBLE_LANES = 12;
const OVERVIEW_HEIGHT = 28;
/** The time ruler above the lanes: clock time and time since the first event. */
const RULER_HEIGHT = 30;
const SPAN_COLORS = ['#6b8fd6', '#4aa37a', '#a47ad6', '#c9a13a'] as const;

export interface Range {
  readonly start: number;
  readonly end: number;
}

interface TimelineCanvasProps {
  /** What the core says is in a window, at `windowColumns` pixel columns of `windowRange`. */
  readonly window: EventWindow | null;
  readonly windowRange: Range | null;
  readonly windowColumns: number;
  readonly columns: number;
  /** The time range in view; while the core answers for a new one, the last answer is drawn scaled to it. */
  readonly range: Range;
  /** The whole log's time range (for the overview strip). */
  readonly whole: Range;
  readonly selectedColumn: number | null;
  readonly spanCount: number;
  readonly runningSpans: number;
  readonly total: number;
  readonly laneOffset: number;
  readonly onLaneOffset: (offset: number) => void;
  readonly onWidth: (width: number) => void;
  readonly onRange: (range: Range | null) => void;
  readonly onPick: (seq: number) => void;
  /** What is under the pointer: an event (a mark), or the event that starts a span; null: nothing. */
  readonly onHover: (hit: TimelineHit | null, x: number, y: number) => void;
  /** The log's first event (ms): the ruler counts from it. */
  readonly origin: number;
  /** The stretch of time selected on the ruler, if any. */
  readonly selection: Range | null;
  readonly onSelect: (range: Range | null) => void;
}

export interface TimelineHit {
  readonly kind: 'event' | 'span';
  /** The event pointed at, or the one that starts the span. */
  readonly seq: number;
}

/**
 * The event timeline on a canvas: the core sends at most one mark per lane and pixel column, so
 * drawing costs the same for a hundred events or a million. Spans are bars (a running one is
 * faded), errors and warnings triangles, other events ticks; wheel zooms at the pointer, drag pans,
 * the overview strip below shows the whole run and where the view is.
 */
export function TimelineCanvas({
  window: data,
  windowRange,
  windowColumns,
  columns,
  range,
  whole,
  selectedColumn,
  spanCount,
  runningSpans,
  total,
  laneOffset,
  onLaneOffset,
  onWidth,
  onRange,
  onPick,
  onHover,
  origin,
  selection,
  onSelect,
}: TimelineCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const lanes = data?.lanes ?? [];
  const shownLanes = Math.min(lanes.length, VISIBLE_LANES);
  const height = RULER_HEIGHT + shownLanes * LANE_HEIGHT + OVERVIEW_HEIGHT + 8;
  const width = LABEL_WIDTH + columns;
  // The answer's pixel columns in the view: x = offset + column * scale (the identity once it is current).
  const span = Math.max(range.end - range.start, 1e-6);
  const answered = windowRange ?? range;
  const scale = ((answered.end - answered.start) / Math.max(windowColumns, 1)) * (columns / span);
  const offset = ((answered.start - range.start) / span) * columns;
  const toX = (column: number) => offset + column * scale;
  const ticks = rulerTicks(range, columns, origin);

  useEffect(() => {
    const element = canvas.current!;
    const observer = new ResizeObserver(([entry]) => onWidth(Math.max(100, Math.floor(entry!.contentRect.width) - LABEL_WIDTH)));
    observer.observe(element.parentElement!);
    return () => observer.disconnect();
  }, [onWidth]);

  // The wheel zooms over the plot and scrolls lanes over their names; both need preventDefault,
  // which React's passive wheel listener cannot do.
  const wheel = useRef<(event: WheelEvent) => void>(() => undefined);
  wheel.current = (event: WheelEvent) => {
    event.preventDefault();
    if (event.offsetX < LABEL_WIDTH) {
      const max = Math.max(0, lanes.length - VISIBLE_LANES);
      onLaneOffset(Math.max(0, Math.min(max, laneOffset + Math.sign(event.deltaY) * 3)));
      return;
    }
    const at = toMs(event.offsetX);
    const factor = event.deltaY > 0 ? 1.25 : 0.8;
    // Drawn in this frame (the last answer, scaled); the core's answer is drawn when it comes.
    flushSync(() => onRange({ start: at - (at - range.start) * factor, end: at + (range.end - at) * factor }));
  };
  useEffect(() => {
    const element = canvas.current!;
    const listener = (event: WheelEvent) => wheel.current(event);
    element.addEventListener('wheel', listener, { passive: false });
    return () => element.removeEventListener('wheel', listener);
  }, []);

  // Drawn before the browser paints (a layout effect), so that a zoom shows in its own frame.
  useLayoutEffect(() => {
    const started = performance.now();
    const element = canvas.current!;
    const ratio = globalThis.devicePixelRatio || 1;
    if (element.width !== width * ratio || element.height !== height * ratio) {
      element.width = width * ratio;
      element.height = height * ratio;
      element.style.width = `${width}px`;
      element.style.height = `${height}px`;
    }
    const g = element.getContext('2d')!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const styles = getComputedStyle(element);
    const text = styles.color;
    const muted = styles.getPropertyValue('--muted') || '#888';
    g.clearRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';
    // The ruler: ticks at round steps, the clock above, the time since the first event below.
    g.fillStyle = 'rgba(127,127,127,0.1)';
    g.fillRect(0, 0, width, RULER_HEIGHT);
    // Its labels are text on the page above the canvas (they read, and are found, as text).
    for (const tick of ticks) {
      g.fillStyle = 'rgba(127,127,127,0.35)';
      g.fillRect(LABEL_WIDTH + Math.round(tick.x), RULER_HEIGHT - 6, 1, 6 + shownLanes * LANE_HEIGHT);
    }
    g.translate(0, RULER_HEIGHT);
    for (let i = 0; i < shownLanes; i++) {
      const lane = lanes[laneOffset + i] ?? '';
      if ((laneOffset + i) % 2 === 1) {
        g.fillStyle = 'rgba(127,127,127,0.07)';
        g.fillRect(0, i * LANE_HEIGHT, width, LANE_HEIGHT);
      }
      g.fillStyle = text;
      g.fillText(lane.length > 22 ? `${lane.slice(0, 21)}…` : lane, 4, i * LANE_HEIGHT + 15);
    }
    if (lanes.length > shownLanes) {
      g.fillStyle = muted;
      g.fillText(`lanes ${laneOffset + 1}–${laneOffset + shownLanes} of ${lanes.length}`, 4, shownLanes * LANE_HEIGHT - 4 + OVERVIEW_HEIGHT + 8 - 2);
    }
    if (selection) {
      // The stretch selected on the ruler, over the ruler and the lanes.
      const a = LABEL_WIDTH + ((selection.start - range.start) / span) * columns;
      const b = LABEL_WIDTH + ((selection.end - range.start) / span) * columns;
      g.fillStyle = 'rgba(47,111,222,0.14)';
      g.fillRect(Math.max(a, LABEL_WIDTH), -RULER_HEIGHT, Math.max(Math.min(b, width) - Math.max(a, LABEL_WIDTH), 1), RULER_HEIGHT + shownLanes * LANE_HEIGHT);
    }
    if (!data) return;
    const { spans, marks, overview } = data;
    g.save();
    g.beginPath();
    g.rect(LABEL_WIDTH, 0, columns, shownLanes * LANE_HEIGHT);
    g.clip();
    for (let k = 0; k < spans.length; k += 6) {
      const [lane, kind, flags] = [spans[k]!, spans[k + 3]!, spans[k + 4]!];
      const x0 = Math.max(toX(spans[k + 1]!), -10);
      const x1 = Math.min(toX(spans[k + 2]!), columns + 10);
      if (lane < laneOffset || lane >= laneOffset + shownLanes || x1 < 0 || x0 > columns) continue;
      const y = (lane - laneOffset) * LANE_HEIGHT + 4;
      g.fillStyle = SPAN_COLORS[kind] ?? muted;
      g.globalAlpha = flags & 1 ? 0.35 : 0.75;
      g.fillRect(LABEL_WIDTH + x0, y, Math.max(x1 - x0, 1), LANE_HEIGHT - 8);
      g.globalAlpha = 1;
      if (flags & 2) {
        g.strokeStyle = '#d33';
        g.lineWidth = 2;
        g.strokeRect(LABEL_WIDTH + x0, y, Math.max(x1 - x0, 2), LANE_HEIGHT - 8);
      }
    }
    for (const drawLevel of [0, 1, 2]) {
      for (let k = 0; k < marks.length; k += 4) {
        const level = marks[k + 2]!;
        if (level !== drawLevel) continue;
        const lane = marks[k]!;
        const column = toX(marks[k + 1]!);
        if (lane < laneOffset || lane >= laneOffset + shownLanes || column < -5 || column > columns + 5) continue;
        const x = LABEL_WIDTH + Math.round(column);
        const y = (lane - laneOffset) * LANE_HEIGHT;
        if (level === 0) {
          g.fillStyle = muted;
          g.fillRect(x, y + 6, 1, LANE_HEIGHT - 12);
        } else {
          g.fillStyle = level === 2 ? '#d33' : '#d90';
          g.beginPath();
          g.moveTo(x, y + 3);
          g.lineTo(x + 5, y + LANE_HEIGHT - 4);
          g.lineTo(x - 5, y + LANE_HEIGHT - 4);
          g.fill();
        }
      }
    }
    g.restore();
    if (selectedColumn !== null) {
      g.fillStyle = '#2f6fde';
      g.fillRect(LABEL_WIDTH + selectedColumn - 1, 0, 2, shownLanes * LANE_HEIGHT);
    }
    const top = shownLanes * LANE_HEIGHT + 6;
    g.fillStyle = text;
    g.fillText('overview', 4, top + 17);
    g.fillStyle = 'rgba(127,127,127,0.12)';
    g.fillRect(LABEL_WIDTH, top, columns, OVERVIEW_HEIGHT - 4);
    const peak = Math.max(1, ...overview.counts);
    // Events per column, and in red the errors among them (at least a pixel, so that one error shows).
    const barHeight = (count: number) => Math.max(1, Math.round((count / peak) * (OVERVIEW_HEIGHT - 8)));
    overview.counts.forEach((count, col) => {
      if (count === 0) return;
      g.fillStyle = muted;
      g.fillRect(LABEL_WIDTH + col, top + OVERVIEW_HEIGHT - 4 - barHeight(count), 1, barHeight(count));
      const errors = overview.errors[col]!;
      if (errors === 0) return;
      g.fillStyle = '#d33';
      g.fillRect(LABEL_WIDTH + col, top + OVERVIEW_HEIGHT - 4 - barHeight(errors), 1, barHeight(errors));
    });
    const wholeScale = columns / Math.max(whole.end - whole.start, 1e-6);
    g.strokeStyle = '#2f6fde';
    g.lineWidth = 1.5;
    g.strokeRect(LABEL_WIDTH + (range.start - whole.start) * wholeScale, top, Math.max((range.end - range.start) * wholeScale, 2), OVERVIEW_HEIGHT - 4);
    performance.measure('timeline draw', { start: started });
  });

  const toMs = (x: number) => range.start + ((x - LABEL_WIDTH) / columns) * (range.end - range.start);
  /** What is under the pointer (canvas coordinates): the most severe mark within 4 columns in its lane, else a span there. */
  const hit = (x: number, y: number): TimelineHit | null => {
    if (!data || y < RULER_HEIGHT || x < LABEL_WIDTH) return null;
    const lane = laneOffset + Math.floor((y - RULER_HEIGHT) / LANE_HEIGHT);
    const col = x - LABEL_WIDTH;
    let best: { seq: number; score: number } | null = null;
    for (let k = 0; k < data.marks.length; k += 4) {
      if (data.marks[k] !== lane) continue;
      const distance = Math.abs(toX(data.marks[k + 1]!) - col);
      if (distance > 4) continue;
      const score = data.marks[k + 2]! * 10 - distance;
      if (!best || score > best.score) best = { seq: data.marks[k + 3]!, score };
    }
    if (best) return { kind: 'event', seq: best.seq };
    // The shortest span under the pointer (the one most specific to it).
    let under: { seq: number; width: number } | null = null;
    for (let k = 0; k < data.spans.length; k += 6) {
      if (data.spans[k] !== lane) continue;
      const [x0, x1] = [toX(data.spans[k + 1]!), toX(data.spans[k + 2]!)];
      if (col < x0 - 1 || col > Math.max(x1, x0 + 1) + 1) continue;
      if (!under || x1 - x0 < under.width) under = { seq: data.spans[k + 5]!, width: x1 - x0 };
    }
    return under ? { kind: 'span', seq: under.seq } : null;
  };

  /** A drag pans the view; on the ruler, it selects a stretch of time (what it holds is said below the timeline). */
  const drag = useRef<{ x: number; range: Range; moved: boolean; isSelecting: boolean } | null>(null);
  return (
    <div className="timeline-canvas">
      <div className="timeline-tools">
        <button
          type="button"
          onClick={() => onRange({ start: range.start + (range.end - range.start) / 4, end: range.end - (range.end - range.start) / 4 })}
          aria-label="zoom in"
        >
          +
        </button>
        <button
          type="button"
          onClick={() => onRange({ start: range.start - (range.end - range.start) / 2, end: range.end + (range.end - range.start) / 2 })}
          aria-label="zoom out"
        >
          −
        </button>
        <button type="button" onClick={() => onRange(null)}>
          Fit
        </button>
        <span className="muted" data-testid="in-view">
          {timeSpan(range.end - range.start)} in view · wheel: zoom (over the lane names: scroll lanes) · drag: pan · drag on the ruler: select a stretch
        </span>
      </div>
      <div className="timeline-plot">
        <div className="ruler" aria-label="time ruler" role="group">
          <span className="ruler-caption">
            clock
            <br />
            since start
          </span>
          {ticks.map((tick) => (
            <span key={tick.since} className="ruler-tick" style={{ left: LABEL_WIDTH + Math.round(tick.x) + 3 }}>
              {tick.clock}
              <br />
              <span className="muted">{tick.since}</span>
            </span>
          ))}
        </div>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`timeline of ${total} events, ${spanCount} spans (${runningSpans} running) in ${lanes.length} lanes`}
          data-testid="timeline"
          onMouseDown={(event) => {
            const isSelecting = event.nativeEvent.offsetY < RULER_HEIGHT && event.nativeEvent.offsetX >= LABEL_WIDTH;
            drag.current = { x: event.clientX, range, moved: false, isSelecting };
          }}
          onMouseMove={(event) => {
            const state = drag.current;
            const { offsetX, offsetY } = event.nativeEvent;
            if (state) {
              const dx = event.clientX - state.x;
              if (Math.abs(dx) > 2) state.moved = true;
              if (!state.moved) return;
              if (state.isSelecting) {
                const from = toMs(offsetX - dx);
                const to = toMs(offsetX);
                onSelect({ start: Math.min(from, to), end: Math.max(from, to) });
                return;
              }
              const shift = (dx / columns) * (state.range.end - state.range.start);
              onRange({ start: state.range.start - shift, end: state.range.end - shift });
              return;
            }
            // Lane names are cut to the label column: the whole name shows on hover.
            event.currentTarget.title =
              offsetX < LABEL_WIDTH && offsetY >= RULER_HEIGHT ? (lanes[laneOffset + Math.floor((offsetY - RULER_HEIGHT) / LANE_HEIGHT)] ?? '') : '';
            onHover(hit(offsetX, offsetY), event.clientX, event.clientY);
          }}
          onMouseUp={(event) => {
            const state = drag.current;
            drag.current = null;
            if (state?.moved) return;
            if (state?.isSelecting) {
              onSelect(null); // a click on the ruler clears the selection
              return;
            }
            const found = hit(event.nativeEvent.offsetX, event.nativeEvent.offsetY);
            if (found) onPick(found.seq);
          }}
          onMouseLeave={() => {
            drag.current = null;
            onHover(null, 0, 0);
          }}
        />
      </div>
    </div>
  );
}
