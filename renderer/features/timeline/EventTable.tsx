import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { AgentEvent } from '../../../shared/model/events';

interface EventTableProps {
  readonly events: readonly AgentEvent[];
  readonly selectedSeq: number | null;
  readonly onSelect: (seq: number) => void;
  /** The user scrolled the table by hand (pauses following). */
  readonly onUserScroll: () => void;
}

const time = (timestamp: string) => timestamp.replace(/^\d{4}-\d{2}-\d{2}[T ]/, '');

/** The filtered events, virtualized, in step with the timeline: selecting one here selects it there. */
export function EventTable({ events, selectedSeq, onSelect, onUserScroll }: EventTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: events.length, getScrollElement: () => scroller.current, estimateSize: () => 22, overscan: 20 });
  const selectedIndex = selectedSeq === null ? -1 : events.findIndex((event) => event.seq === selectedSeq);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  return (
    <div className="event-table" role="table" aria-label="events" aria-rowcount={events.length}>
      <div className="event-row event-head" role="row">
        <span role="columnheader">time</span>
        <span role="columnheader">level</span>
        <span role="columnheader">type</span>
        <span role="columnheader">stage</span>
        <span role="columnheader">data</span>
      </div>
      <div className="event-scroll" ref={scroller} onWheel={onUserScroll}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const event = events[item.index]!;
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
        {events.length === 0 && <p className="empty">No event matches the filters.</p>}
      </div>
    </div>
  );
}
