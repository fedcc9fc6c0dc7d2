import { useEffect, useMemo, useState } from 'react';
import { matchSpans } from '../../../shared/analysis/spans';
import { eventData } from '../../../shared/parse/eventData';
import { DataTree } from '../../components/DataTree';
import { Notice } from '../../components/Badges';
import { useStore } from '../../store/store';
import { EventTable } from './EventTable';
import { type LaneMode, TimelineCanvas } from './TimelineCanvas';

const counts = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, value]) => `${key} ${value}`)
    .join(' · ');

/** An agent's events over time: summary, timeline, filters, the event table and the selected event's data. */
export function TimelinePage({ dir, seq }: { readonly dir: string; readonly seq?: number | undefined }) {
  const log = useStore((s) => s.eventLogs[dir]);
  const summary = useStore((s) => s.snapshot?.eventLogs[dir]);
  const loadEvents = useStore((s) => s.loadEvents);
  const navigate = useStore((s) => s.navigate);
  const isFollowing = useStore((s) => s.isFollowing);
  const setFollowing = useStore((s) => s.setFollowing);
  const [laneMode, setLaneMode] = useState<LaneMode>('stage');
  const [filters, setFilters] = useState({ type: '', level: '', stage: '', text: '' });
  const [hover, setHover] = useState<{ seq: number; x: number; y: number } | null>(null);

  useEffect(() => {
    void loadEvents(dir);
  }, [dir, loadEvents]);

  const events = useMemo(() => log?.events ?? [], [log]);
  const spans = useMemo(() => matchSpans(events), [events]);
  const shown = useMemo(() => {
    const text = filters.text.toLowerCase();
    return events.filter(
      (event) =>
        (!filters.type || event.type === filters.type) &&
        (!filters.level || event.level === filters.level) &&
        (!filters.stage || (event.stage ?? '') === filters.stage) &&
        (!text || event.rawData.toLowerCase().includes(text) || event.type.toLowerCase().includes(text)),
    );
  }, [events, filters]);
  const visible = useMemo(() => new Set(shown.map((event) => event.seq)), [shown]);
  const options = useMemo(() => {
    const of = (pick: (e: (typeof events)[number]) => string | null) => [...new Set(events.map(pick).filter((v): v is string => v !== null && v !== ''))].sort();
    return { types: of((e) => e.type), levels: of((e) => e.level), stages: of((e) => e.stage) };
  }, [events]);

  // Following: the newest event is selected as it arrives.
  const last = shown[shown.length - 1];
  useEffect(() => {
    if (isFollowing && last && seq !== last.seq) navigate({ view: 'timeline', dir, seq: last.seq });
  }, [isFollowing, last, seq, dir, navigate]);

  const select = (next: number) => navigate({ view: 'timeline', dir, seq: next }, { byUser: true });
  const errors = shown.filter((event) => event.level === 'ERROR');
  const jumpError = (direction: 1 | -1) => {
    const current = seq ?? (direction === 1 ? -1 : Number.POSITIVE_INFINITY);
    const target = direction === 1 ? errors.find((e) => e.seq > current) : [...errors].reverse().find((e) => e.seq < current);
    if (target) select(target.seq);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      if (event.key === 'e') jumpError(1);
      else if (event.key === 'E') jumpError(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const selected = seq === undefined ? undefined : events[seq];
  const hovered = hover ? events[hover.seq] : undefined;
  if (log?.status === 'error') return <Notice kind="error">{log.error?.message}</Notice>;
  return (
    <article className="timeline-page" aria-label="timeline">
      <header className="step-header">
        <h1>Events · {dir || '.'}</h1>
        <span className="spacer" />
        <button type="button" onClick={() => jumpError(-1)} disabled={errors.length === 0} title="E">
          ◀ previous error
        </button>
        <button type="button" onClick={() => jumpError(1)} disabled={errors.length === 0} title="e">
          next error ▶
        </button>
      </header>
      {summary && (
        <section className="event-summary" aria-label="event summary">
          <span>
            <strong>{summary.total_events}</strong> events
          </span>
          <span>{counts(summary.events_by_level)}</span>
          <span>{summary.total_duration.toFixed(3)} s</span>
          <span className="muted" title={counts(summary.events_by_type)}>
            {Object.keys(summary.events_by_type).length} types
          </span>
          <span className="muted">from {summary.source.split('/').pop()}</span>
          {summary.warnings.map((warning) => (
            <Notice key={warning} kind="warning">
              {warning}
            </Notice>
          ))}
        </section>
      )}
      <div className="filters" role="group" aria-label="event filters">
        <select aria-label="filter by type" value={filters.type} onChange={(e) => setFilters({ ...filters, type: e.target.value })}>
          <option value="">all types</option>
          {options.types.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
        <select aria-label="filter by level" value={filters.level} onChange={(e) => setFilters({ ...filters, level: e.target.value })}>
          <option value="">all levels</option>
          {options.levels.map((level) => (
            <option key={level}>{level}</option>
          ))}
        </select>
        <select aria-label="filter by stage" value={filters.stage} onChange={(e) => setFilters({ ...filters, stage: e.target.value })}>
          <option value="">all stages</option>
          {options.stages.map((stage) => (
            <option key={stage}>{stage}</option>
          ))}
        </select>
        <input type="search" aria-label="filter by text" placeholder="text in type or data" value={filters.text} onChange={(e) => setFilters({ ...filters, text: e.target.value })} />
        <label>
          <input type="checkbox" checked={laneMode === 'type'} onChange={(e) => setLaneMode(e.target.checked ? 'type' : 'stage')} /> lanes by type
        </label>
        <span className="muted" role="status">
          {shown.length} of {events.length} events
        </span>
        <button type="button" className={`follow ${isFollowing ? 'on' : 'off'}`} onClick={() => setFollowing(!isFollowing)}>
          {isFollowing ? '● following the newest event' : '❚❚ paused'}
        </button>
      </div>
      <TimelineCanvas events={events} spans={spans} visible={visible} laneMode={laneMode} selectedSeq={seq ?? null} onSelect={select} onHover={(s, x, y) => setHover(s === null ? null : { seq: s, x, y })} />
      <div className="timeline-bottom">
        <EventTable events={shown} selectedSeq={seq ?? null} onSelect={select} onUserScroll={() => setFollowing(false)} />
        <aside className="event-detail" aria-label="selected event">
          {selected ? (
            <>
              <h2>
                {selected.type} <span className={`badge level-${selected.level}`}>{selected.level}</span>
              </h2>
              <p className="muted">
                {selected.timestamp}
                {selected.elapsed !== null ? ` (+${selected.elapsed}s)` : ''} · line {selected.line || 'n/a'}
              </p>
              <DataTree value={eventData(selected)} />
            </>
          ) : (
            <p className="muted">Select an event in the timeline or the table.</p>
          )}
        </aside>
      </div>
      {hovered && hover && (
        <div className="tooltip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
          <strong>{hovered.type}</strong> <span className="muted">{hovered.timestamp}</span>
          <DataTree value={eventData(hovered)} />
        </div>
      )}
    </article>
  );
}
