import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { EventFilters } from '../../../shared/contract';
import type { AgentEvent } from '../../../shared/model/events';
import { api } from '../../lib/api';

const PAGE = 200;
const time = (timestamp: string) => timestamp.replace(/^\d{4}-\d{2}-\d{2}[T ]/, '');

interface EventTableProps {
  readonly dir: string;
  readonly filters: EventFilters;
  /** Rows in the filtered table. */
  readonly total: number;
  /** Changes when the log grows: pages are read again. */
  readonly version: number;
  readonly selectedSeq: number | null;
  /** The selected event's row, to scroll to (-1: filtered out or unknown). */
  readonly selectedRow: number;
  readonly onSelect: (seq: number) => void;
  readonly onUserScroll: () => void;
}

/** The filtered events, virtualized and read page by page from the core; selecting here selects on the axis. */
export function EventTable({ dir, filters, total, version, selectedSeq, selectedRow, onSelect, onUserScroll }: EventTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, readonly AgentEvent[]>>(new Map());
  const asked = useRef(new Set<number>());
  const filterKey = JSON.stringify(filters);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => 22, overscan: 20 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    asked.current = new Set();
    setPages(new Map());
  }, [dir, filterKey, version]);

  const firstPage = items.length > 0 ? Math.floor(items[0]!.index / PAGE) : 0;
  const lastPage = items.length > 0 ? Math.floor(items[items.length - 1]!.index / PAGE) : -1;
  useEffect(() => {
    for (let page = firstPage; page <= lastPage; page++) {
      if (asked.current.has(page)) continue;
      asked.current.add(page);
      void api.call('events.rows', { dir, filters: JSON.parse(filterKey) as EventFilters, offset: page * PAGE, limit: PAGE }).then((result) => {
        if (result.ok && asked.current.has(page)) setPages((current) => new Map(current).set(page, result.value.events));
      });
    }
  }, [dir, filterKey, firstPage, lastPage, pages]);

  useEffect(() => {
    if (selectedRow >= 0) virtualizer.scrollToIndex(selectedRow, { align: 'auto' });
  }, [selectedRow, virtualizer]);

  return (
    <div className="event-table" role="table" aria-label="events" aria-rowcount={total}>
      <div className="event-row event-head" role="row">
        <span role="columnheader">time</span>
        <span role="columnheader">level</span>
        <span role="columnheader">type</span>
        <span role="columnheader">stage</span>
        <span role="columnheader">data</span>
      </div>
      <div className="event-scroll" ref={scroller} onWheel={onUserScroll}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const event = pages.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
            if (!event) {
              return (
                <div key={`loading-${item.index}`} className="event-row muted" style={{ transform: `translateY(${item.start}px)` }}>
                  …
                </div>
              );
            }
            return (
              <div
                key={event.seq}
                role="row"
                aria-selected={event.seq === selectedSeq}
                className={`event-row level-${event.level} ${event.seq === selectedSeq ? 'selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
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
