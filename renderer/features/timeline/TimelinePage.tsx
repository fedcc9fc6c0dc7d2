import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EventFilters } from '../../../shared/contract';
import { eventData } from '../../../shared/parse/eventData';
import { timestampMs } from '../../../shared/parse/trackerLog';
import { Notice } from '../../components/Badges';
import { DataTree } from '../../components/DataTree';
import { FileLink } from '../../components/FileLink';
import { api } from '../../lib/api';
import { useCall, useTreeOrOutline } from '../../lib/hostData';
import { keyAction } from '../../lib/keymap';
import { useStore } from '../../store/store';
import { EventTable } from './EventTable';
import { type Range, TimelineCanvas, type TimelineHit, VISIBLE_LANES } from './TimelineCanvas';
import { countText, plural, timeSpan } from '../../../shared/analysis/format';
import type { CostFigures, EventCost, EventSpan, WrittenUsage } from '../../../shared/model/events';
import type { Plain } from '../../../shared/model/plain';

const counts = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, value]) => `${key} ${value}`)
    .join(' · ');

function Options({
  label,
  all,
  values,
  value,
  onChange,
}: {
  readonly label: string;
  readonly all: string;
  readonly values: Readonly<Record<string, number>>;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{all}</option>
      {Object.keys(values)
        .filter((name) => name !== '(no stage)')
        .sort()
        .map((name) => (
          <option key={name} value={name}>
            {name} ({values[name]})
          </option>
        ))}
    </select>
  );
}

/** A payload's first fields: what a tooltip has room for. */
function firstFields(data: Plain): Plain {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).slice(0, 6));
}

const SPAN_KIND_TEXT: Readonly<Record<EventSpan['kind'], string>> = { stage: 'a stage', llm_call: 'an LLM call', task: 'a task', code_exec: 'a code run' };

const secondsText = (seconds: number | null) => (seconds === null ? '—' : timeSpan(seconds * 1000));
const tokensText = (tokens: number | null) => (tokens === null ? 'not logged' : countText(tokens));

/** Where the log's time and tokens went, in all and by stage and model; a number the log does not hold is "—" or "not logged". */
function CostPanel({ cost }: { readonly cost: EventCost }) {
  const rows = (record: Readonly<Record<string, CostFigures & { codeSeconds?: number | null }>>) =>
    Object.entries(record).sort(([, a], [, b]) => (b.tokens ?? 0) - (a.tokens ?? 0) || b.calls - a.calls);
  return (
    <details className="cost-panel" aria-label="what the run cost">
      <summary>
        LLM: <strong>{plural(cost.llm.calls, 'call')}</strong> ({cost.llm.errors} failed) · tokens <strong>{tokensText(cost.llm.tokens)}</strong> · time in
        calls <strong>{secondsText(cost.llm.seconds)}</strong> · code runs <strong>{secondsText(cost.codeSeconds)}</strong> · spans {cost.spans.total} (
        {cost.spans.running} running)
        {cost.written && <WrittenSummary written={cost.written} />}
      </summary>
      <div className="cards">
        {(['byStage', 'byModel'] as const).map((by) => (
          <section key={by} className="card" aria-label={by === 'byStage' ? 'cost by stage' : 'cost by model'}>
            <h3>{by === 'byStage' ? 'By stage' : 'By model'}</h3>
            <table className="autopsy-table">
              <thead>
                <tr>
                  <th>{by === 'byStage' ? 'stage' : 'model'}</th>
                  <th>calls</th>
                  <th>failed</th>
                  <th>tokens</th>
                  <th>in calls</th>
                  {by === 'byStage' && <th>code runs</th>}
                </tr>
              </thead>
              <tbody>
                {rows(cost[by]).map(([name, figures]) => (
                  <tr key={name}>
                    <td>{name || <span className="muted">(none named)</span>}</td>
                    <td className="number">{figures.calls}</td>
                    <td className="number">{figures.errors}</td>
                    <td className="number">{tokensText(figures.tokens)}</td>
                    <td className="number">{secondsText(figures.seconds)}</td>
                    {by === 'byStage' && <td className="number">{secondsText(figures.codeSeconds ?? null)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        {cost.written && <WrittenUsageCard written={cost.written} />}
      </div>
    </details>
  );
}

/** The usage files' totals in a line: what the run itself counted. */
function WrittenSummary({ written }: { readonly written: WrittenUsage }) {
  const total = written.tokens.reduce<number | null>((sum, usage) => (usage.total === null ? sum : (sum ?? 0) + usage.total), null);
  const parts = [
    total === null ? null : `${countText(total)} tokens`,
    written.runtime ? `runtime ${timeSpan(written.runtime.seconds * 1000)}` : null,
    written.summaries ? plural(written.summaries.count, 'summarised call') : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? null : <> · written by the run: {parts.join(', ')}</>;
}

/** What the run wrote of its usage beside the log (MM-Agent's `usage/` and latent summaries), each figure with its file. */
function WrittenUsageCard({ written }: { readonly written: WrittenUsage }) {
  const tokens = (n: number | null) => (n === null ? '?' : countText(n));
  return (
    <section className="card" aria-label="usage files">
      <h3>Written by the run</h3>
      {written.tokens.map((usage) => (
        <p key={usage.file}>
          tokens <strong>{tokensText(usage.total)}</strong> ({tokens(usage.prompt)} prompt, {tokens(usage.completion)} completion) in{' '}
          <FileLink path={usage.file} />
        </p>
      ))}
      {written.runtime && (
        <p>
          runtime <strong>{timeSpan(written.runtime.seconds * 1000)}</strong> in <FileLink path={written.runtime.file} />
        </p>
      )}
      {written.summaries && (
        <details>
          <summary>
            {plural(written.summaries.count, 'summarised call')} in <FileLink path={written.summaries.file} />{' '}
            <span className="muted">(each summary is a call of its own, whose tokens are not logged)</span>
          </summary>
          <table className="autopsy-table">
            <thead>
              <tr>
                <th>line</th>
                <th>stage</th>
                <th>model</th>
                <th>prompt</th>
                <th>completion</th>
                <th>what the call did</th>
              </tr>
            </thead>
            <tbody>
              {written.summaries.lines.map((line) => (
                <tr key={line.line}>
                  <td className="number">
                    <FileLink path={written.summaries!.file} line={line.line} label={String(line.line)} />
                  </td>
                  <td>{line.stage === null || line.stage === 'unknown' ? <span className="muted">{line.stage ?? '—'}</span> : line.stage}</td>
                  <td>{line.model ?? '—'}</td>
                  <td className="number">{tokens(line.promptTokens)}</td>
                  <td className="number">{tokens(line.completionTokens)}</td>
                  <td>{line.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {written.summaries.count > written.summaries.lines.length && (
            <p className="muted">
              the first {written.summaries.lines.length} of {written.summaries.count} lines; the file holds them all
            </p>
          )}
        </details>
      )}
      {written.warnings.map((warning) => (
        <Notice key={warning} kind="warning">
          {warning}
        </Notice>
      ))}
    </section>
  );
}

/**
 * An agent's events over time. The core answers every question (what is in this window, which
 * table rows, where is the next error), so a log of a million events costs the page no more than
 * one of a hundred.
 */
export function TimelinePage({ dir, seq }: { readonly dir: string; readonly seq?: number | undefined }) {
  const summary = useTreeOrOutline()?.eventLogs[dir];
  const navigate = useStore((s) => s.navigate);
  const isFollowing = useStore((s) => s.isFollowing);
  const setFollowing = useStore((s) => s.setFollowing);
  const version = summary?.total_events ?? 0;
  const [laneMode, setLaneMode] = useState<'stage' | 'type'>('stage');
  const [filters, setFilters] = useState<EventFilters>({});
  const [view, setView] = useState<Range | null>(null);
  const [columns, setColumns] = useState(1000);
  const [laneOffset, setLaneOffset] = useState(0);
  const [hover, setHover] = useState<{ hit: TimelineHit; x: number; y: number } | null>(null);
  const [selection, setSelection] = useState<Range | null>(null);

  const overview = useCall('events.overview', { dir }, version);
  const o = overview.value;
  const whole = useMemo<Range>(() => {
    if (!o) return { start: 0, end: 1 };
    const pad = Math.max((o.endMs - o.startMs) * 0.03, 0.001);
    return { start: o.startMs - pad, end: o.endMs + pad };
  }, [o]);
  const range = view ?? whole;
  const win = useCall(
    'events.window',
    o ? { dir, startMs: range.start, endMs: range.end, columns, laneMode, filters, laneStart: laneOffset, laneCount: VISIBLE_LANES } : null,
    version,
  );
  const firstRow = useCall('events.rows', { dir, filters, offset: 0, limit: 0 }, version);
  const total = firstRow.value?.total ?? 0;
  const selected = useCall('events.get', seq === undefined ? null : { dir, seq }, version);
  const selectedRow = useCall('events.position', seq === undefined ? null : { dir, filters, seq }, version);
  const hovered = useCall('events.get', hover ? { dir, seq: hover.hit.seq } : null);
  const hoveredSpan = useCall('events.span', hover?.hit.kind === 'span' ? { dir, seq: hover.hit.seq } : null, version);
  const selectedSpan = useCall('events.span', seq === undefined ? null : { dir, seq }, version);
  const inSelection = useCall('events.range', selection ? { dir, startMs: selection.start, endMs: selection.end, filters } : null, version);
  const cost = useCall('events.cost', { dir }, version);

  // Following: the newest event (of the filtered ones) is selected as it arrives.
  useEffect(() => {
    if (!isFollowing || total === 0) return;
    let isCurrent = true;
    void api.call('events.rows', { dir, filters, offset: total - 1, limit: 1 }).then((result) => {
      const last = result.ok ? result.value.events[0] : undefined;
      if (isCurrent && last && last.seq !== seq) navigate({ view: 'timeline', dir, seq: last.seq });
    });
    return () => {
      isCurrent = false;
    };
  }, [isFollowing, total, dir, filters, seq, navigate]);

  const select = useCallback((next: number) => navigate({ view: 'timeline', dir, seq: next }, { byUser: true }), [dir, navigate]);
  // An answer that comes after the user left the timeline does not bring them back to it.
  const isShown = useRef(true);
  useEffect(() => {
    isShown.current = true;
    return () => {
      isShown.current = false;
    };
  }, []);
  const jumpError = useCallback(
    (direction: 1 | -1) => {
      void api.call('events.nextError', { dir, filters, seq: seq ?? (direction === 1 ? -1 : Number.MAX_SAFE_INTEGER), direction }).then((result) => {
        if (isShown.current && result.ok && result.value !== null) select(result.value);
      });
    },
    [dir, filters, seq, select],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      const action = keyAction(event.key);
      if (action === 'nextError') jumpError(1);
      else if (action === 'previousError') jumpError(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [jumpError]);

  // Keep the selected event in view on the axis.
  const selectedMs = selected.value ? timestampMs(selected.value.timestamp) : null;
  useEffect(() => {
    if (selectedMs === null) return;
    setView((current) => {
      const r = current ?? whole;
      if (selectedMs >= r.start && selectedMs <= r.end) return current;
      const half = (r.end - r.start) / 2;
      return { start: selectedMs - half, end: selectedMs + half };
    });
  }, [selectedMs, whole]);
  const selectedColumn = selectedMs === null ? null : Math.round(((selectedMs - range.start) / Math.max(range.end - range.start, 1e-6)) * columns);

  if (overview.error) return <Notice kind="error">{overview.error.message}</Notice>;
  const errors = o?.levels.ERROR ?? 0;
  const setFilter = (key: keyof EventFilters, value: string) => setFilters((current) => ({ ...current, [key]: value || undefined }));
  return (
    <article className="timeline-page" aria-label="timeline">
      <header className="step-header">
        <h1 title={dir || '.'}>Events · {dir || '.'}</h1>
        <span className="spacer" />
        <button type="button" onClick={() => jumpError(-1)} disabled={errors === 0} title="E">
          ◀ previous error
        </button>
        <button type="button" onClick={() => jumpError(1)} disabled={errors === 0} title="e">
          next error ▶
        </button>
      </header>
      {summary && (
        <section className="event-summary" aria-label="event summary">
          <span>
            <strong>{summary.total_events}</strong> {summary.total_events === 1 ? 'event' : 'events'}
          </span>
          <span>{counts(summary.events_by_level)}</span>
          <span title="from the first event to the last">{timeSpan(summary.total_duration * 1000)}</span>
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
      {cost.value && <CostPanel cost={cost.value} />}
      <div className="filters" role="group" aria-label="event filters">
        <Options label="filter by type" all="all types" values={o?.types ?? {}} value={filters.type ?? ''} onChange={(v) => setFilter('type', v)} />
        <Options label="filter by level" all="all levels" values={o?.levels ?? {}} value={filters.level ?? ''} onChange={(v) => setFilter('level', v)} />
        <Options label="filter by stage" all="all stages" values={o?.stages ?? {}} value={filters.stage ?? ''} onChange={(v) => setFilter('stage', v)} />
        <input
          type="search"
          aria-label="filter by text"
          placeholder="text in type or data"
          value={filters.text ?? ''}
          onChange={(e) => setFilter('text', e.target.value)}
        />
        <label>
          <input
            type="checkbox"
            checked={laneMode === 'type'}
            onChange={(e) => {
              setLaneMode(e.target.checked ? 'type' : 'stage');
              setLaneOffset(0);
            }}
          />{' '}
          lanes by type
        </label>
        <span className="muted" role="status">
          {firstRow.value ? `${total} of ${o?.total ?? total} events` : 'reading…'}
        </span>
        <button type="button" className={`follow ${isFollowing ? 'on' : 'off'}`} onClick={() => setFollowing(!isFollowing)}>
          {isFollowing ? '● following the newest event' : '❚❚ paused'}
        </button>
      </div>
      <TimelineCanvas
        window={win.value}
        windowRange={win.args ? { start: win.args.startMs, end: win.args.endMs } : null}
        windowColumns={win.args?.columns ?? columns}
        columns={columns}
        range={range}
        whole={whole}
        selectedColumn={selectedColumn}
        spanCount={o?.spans ?? 0}
        runningSpans={o?.runningSpans ?? 0}
        total={o?.total ?? 0}
        laneOffset={laneOffset}
        onLaneOffset={setLaneOffset}
        onWidth={setColumns}
        onRange={setView}
        onPick={select}
        onHover={(hit, x, y) => setHover(hit === null ? null : { hit, x, y })}
        origin={o?.startMs ?? 0}
        selection={selection}
        onSelect={setSelection}
      />
      {selection && (
        <section className="range-summary" aria-label="selected stretch" aria-live="polite">
          <strong>{timeSpan(selection.end - selection.start)}</strong> selected:{' '}
          {inSelection.value ? (
            <>
              {plural(inSelection.value.events, 'event')} ({plural(inSelection.value.errors, 'error')}), {plural(inSelection.value.llmCalls, 'LLM call')}
              {inSelection.value.llmSeconds !== null ? ` (${timeSpan(inSelection.value.llmSeconds * 1000)} in calls)` : ''},{' '}
              {inSelection.value.tokens === null ? 'no tokens logged' : plural(inSelection.value.tokens, 'token')}
            </>
          ) : (
            'counting…'
          )}{' '}
          <button type="button" onClick={() => setView(selection)}>
            Zoom to it
          </button>{' '}
          <button type="button" onClick={() => setSelection(null)}>
            Clear
          </button>
        </section>
      )}
      <div className="timeline-bottom">
        <EventTable
          dir={dir}
          filters={filters}
          total={total}
          version={version}
          selectedSeq={seq ?? null}
          spanEndSeq={selectedSpan.value?.endSeq ?? null}
          selectedRow={selectedRow.value ?? -1}
          onSelect={select}
          onUserScroll={() => setFollowing(false)}
        />
        <aside className="event-detail" aria-label="selected event">
          {selected.value ? (
            <>
              <h2>
                {selected.value.type} <span className={`badge level-${selected.value.level}`}>{selected.value.level}</span>
              </h2>
              <p className="muted">
                {selected.value.timestamp}
                {selected.value.elapsed !== null ? ` (+${selected.value.elapsed}s)` : ''} ·{' '}
                {selected.value.line > 0 ? `line ${selected.value.line}` : 'from the final JSON'}
              </p>
              {selectedSpan.value && (
                <p className="span-detail">
                  Starts {SPAN_KIND_TEXT[selectedSpan.value.kind]} span ({selectedSpan.value.label}) that{' '}
                  {selectedSpan.value.endSeq === null ? (
                    'has not ended'
                  ) : (
                    <>
                      {selectedSpan.value.isFailed ? 'failed' : 'ended'} after <strong>{timeSpan(selectedSpan.value.durationMs ?? 0)}</strong>:{' '}
                      <button type="button" className="link" onClick={() => select(selectedSpan.value!.endSeq!)}>
                        its end (event {selectedSpan.value.endSeq})
                      </button>
                    </>
                  )}
                </p>
              )}
              {selected.value.rawLength === undefined ? (
                <DataTree value={eventData(selected.value)} />
              ) : (
                <>
                  <Notice kind="warning">
                    The payload is {countText(selected.value.rawLength)} characters: showing the first {countText(selected.value.rawData.length)}, as written
                    (line {selected.value.line} of the log holds it all).
                  </Notice>
                  <pre className="event-raw">{selected.value.rawData}</pre>
                </>
              )}
            </>
          ) : (
            <p className="muted">Select an event in the timeline or the table.</p>
          )}
        </aside>
      </div>
      {hover && hovered.value && (
        <div className="tooltip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
          {hover.hit.kind === 'span' && hoveredSpan.value ? (
            <p>
              <strong>{hoveredSpan.value.kind.replace('_', ' ')}</strong> {hoveredSpan.value.label}
              {hoveredSpan.value.stage ? <span className="muted"> · stage {hoveredSpan.value.stage}</span> : null} ·{' '}
              <strong>{hoveredSpan.value.durationMs === null ? 'still running' : timeSpan(hoveredSpan.value.durationMs)}</strong>
              {hoveredSpan.value.isFailed ? <span className="status-failed"> · failed</span> : null}
            </p>
          ) : (
            <p>
              <strong>{hovered.value.type}</strong>{' '}
              <span className="muted">
                {hovered.value.stage ? `stage ${hovered.value.stage} · ` : ''}
                {hovered.value.timestamp}
              </span>
            </p>
          )}
          <DataTree value={firstFields(eventData(hovered.value))} />
        </div>
      )}
    </article>
  );
}
