import { useEffect, useRef, useState } from 'react';
import type { EventFilters } from '../../../shared/contract';
import type { AgentEvent } from '../../../shared/model/events';
import { api } from '../../lib/api';
import { useFixedList } from '../../lib/scaledList';

const PAGE = 200;
const ROW = 22;
const OVERSCAN = 10;
/** Pages kept around the view; the others are read again if scrolled back to. */
const KEPT_PAGES = 24;
const time = (timestamp: string) => timestamp.replace(/^\d{4}-\d{2}-\d{2}[T ]/, '');

interface EventTableProps {
  readonly dir: string;
  readonly filters: EventFilters;
  /** Rows in the filtered table. */
  readonly total: number;
  /** Changes when the log grows: pages are read again. */
  readonly version: number;
  readonly selectedSeq: number | null;
  /** The event that ends the span the selected event starts: marked too. */
  readonly spanEndSeq: number | null;
  /** The selected event's row, to scroll to (-1: filtered out or unknown). */
  readonly selectedRow: number;
  readonly onSelect: (seq: number) => void;
  readonly onUserScroll: () => void;
}

/** The filtered events, virtualized and read page by page from the core; selecting here selects on the axis. */
export function EventTable({ dir, filters, total, version, selectedSeq, spanEndSeq, selectedRow, onSelect, onUserScroll }: EventTableProps) {
  const [pages, setPages] = useState<ReadonlyMap<number, readonly AgentEvent[]>>(new Map());
  const asked = useRef(new Set<number>());
  const filterKey = JSON.stringify(filters);
  // A fixed-height list, scaled past the browser's height limit (a million rows and more).
  const list = useFixedList(total, ROW, OVERSCAN);
  const first = list.indexes[0] ?? 0;
  const last = list.indexes[list.indexes.length - 1] ?? -1;

  useEffect(() => {
    asked.current = new Set();
    setPages(new Map());
  }, [dir, filterKey, version]);

  const firstPage = Math.floor(first / PAGE);
  const lastPage = Math.floor(last / PAGE);
  useEffect(() => {
    for (let page = firstPage; page <= lastPage; page++) {
      if (asked.current.has(page)) continue;
      asked.current.add(page);
      void api.call('events.rows', { dir, filters: JSON.parse(filterKey) as EventFilters, offset: page * PAGE, limit: PAGE }).then((result) => {
        if (!result.ok || !asked.current.has(page)) return;
        setPages((current) => {
          const next = new Map(current).set(page, result.value.events);
          // Bounded: the pages farthest from this one go (and are asked again when needed).
          for (const kept of [...next.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page))) {
            if (next.size <= KEPT_PAGES) break;
            next.delete(kept);
            asked.current.delete(kept);
          }
          return next;
        });
      });
    }
  }, [dir, filterKey, firstPage, lastPage, pages]);

  const { scrollTo } = list;
  useEffect(() => scrollTo(selectedRow), [selectedRow, scrollTo]);

  return (
    <div className="event-table" role="table" aria-label="events" aria-rowcount={total}>
      <div className="event-row event-head" role="row">
        <span role="columnheader">time</span>
        <span role="columnheader">level</span>
        <span role="columnheader">type</span>
        <span role="columnheader">stage</span>
        <span role="columnheader">data</span>
      </div>
      <div className="event-scroll" ref={list.scroller} onWheel={onUserScroll} onScroll={list.onScroll}>
        <div style={{ height: list.height, position: 'relative' }}>
          {list.indexes.map((index) => {
            const event = pages.get(Math.floor(index / PAGE))?.[index % PAGE];
            if (!event) {
              return (
                <div key={`loading-${index}`} className="event-row muted" style={{ transform: `translateY(${list.topOf(index)}px)` }}>
                  …
                </div>
              );
            }
            return (
              <div
                key={event.seq}
                role="row"
                aria-selected={event.seq === selectedSeq}
                className={`event-row level-${event.level} ${event.seq === selectedSeq ? 'selected' : event.seq === spanEndSeq ? 'span-end' : ''}`}
                title={event.seq === spanEndSeq ? 'ends the span the selected event starts' : undefined}
                style={{ transform: `translateY(${list.topOf(index)}px)` }}
                onClick={() => onSelect(event.seq)}
              >
                <span role="cell">{time(event.timestamp)}</span>
                <span role="cell">{event.level}</span>
                <span role="cell">{event.type}</span>
                <span role="cell">{event.stage ?? ''}</span>
                <span role="cell" className="event-data">
                  {event.rawData.slice(0, 300)}
                </span>
              </div>
            );
          })}
        </div>
        {total === 0 && <p className="empty">No event matches the filters.</p>}
      </div>
    </div>
  );
}
