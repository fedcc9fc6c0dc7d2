import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * A fixed-height virtual list that stays under the browser's limit on an element's height
 * (Chromium stops near 33.5 million pixels: a 1.6M-row list of 22 px rows is past it). Up to
 * `maxHeight` the list scrolls row by row; past it, the scroll bar is scaled: its position says
 * how far down the list the view is, and the rows in view are placed around it.
 */
export interface ListWindow {
  /** The scrolled element's content height. */
  readonly height: number;
  /** The first row in view (fractional: it may be partly scrolled out). */
  readonly first: number;
  /** Where row `first` starts, in the content's coordinates (rows after it follow every `rowHeight`). */
  readonly firstTop: number;
}

/** Well under Chromium's limit, and under the other browsers' lower ones. */
export const MAX_LIST_HEIGHT = 8_000_000;

export function listWindow(scrollTop: number, viewport: number, rows: number, rowHeight: number, maxHeight = MAX_LIST_HEIGHT): ListWindow {
  const fullHeight = rows * rowHeight;
  if (fullHeight <= maxHeight) return { height: fullHeight, first: Math.max(0, scrollTop / rowHeight), firstTop: Math.max(0, scrollTop) };
  const maxScroll = Math.max(maxHeight - viewport, 1);
  const lastFirst = Math.max(fullHeight - viewport, 0) / rowHeight;
  const top = Math.min(Math.max(scrollTop, 0), maxScroll);
  return { height: maxHeight, first: (top / maxScroll) * lastFirst, firstTop: top };
}

/** The scroll position that puts `row` in view ('auto': only when it is not already). */
export function scrollTopFor(row: number, scrollTop: number, viewport: number, rows: number, rowHeight: number, maxHeight = MAX_LIST_HEIGHT): number {
  const now = listWindow(scrollTop, viewport, rows, rowHeight, maxHeight);
  const visible = viewport / rowHeight;
  if (row >= now.first && row + 1 <= now.first + visible) return scrollTop;
  // The first row that shows `row` at the bottom (going down) or at the top (going up).
  const first = row < now.first ? row : row + 1 - visible;
  const fullHeight = rows * rowHeight;
  if (fullHeight <= maxHeight) return Math.max(0, first * rowHeight);
  const maxScroll = Math.max(maxHeight - viewport, 1);
  const lastFirst = Math.max(fullHeight - viewport, 0) / rowHeight;
  return Math.min(maxScroll, Math.max(0, (first / lastFirst) * maxScroll));
}

/**
 * The rows to render of a fixed-height list, kept in step with its scroll element: rendered in
 * the scroll event itself (no frame with blank rows), with `scrollTo` to bring a row into view.
 */
export function useFixedList(count: number, rowHeight: number, overscan: number) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  useLayoutEffect(() => {
    const element = scroller.current!;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight || 400));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const view = listWindow(scrollTop, viewport, count, rowHeight);
  const first = Math.max(0, Math.floor(view.first) - overscan);
  const last = Math.min(count - 1, Math.ceil(view.first + viewport / rowHeight) + overscan);
  const indexes: number[] = [];
  for (let index = first; index <= last; index++) indexes.push(index);
  // From what the list knows (no layout read), and the same function while the list scrolls (so
  // that an effect bringing a row into view runs when its row changes, not on every scroll).
  const known = useRef({ scrollTop, viewport });
  known.current = { scrollTop, viewport };
  const scrollTo = useCallback(
    (row: number) => {
      const element = scroller.current;
      if (!element || row < 0 || row >= count) return;
      const now = known.current;
      const top = scrollTopFor(row, now.scrollTop, now.viewport, count, rowHeight);
      if (Math.abs(top - now.scrollTop) < 1) return;
      element.scrollTop = top;
      setScrollTop(top);
    },
    [count, rowHeight],
  );
  return {
    scroller,
    height: view.height,
    indexes,
    /** Where row `index` goes (translateY) in the list's content. */
    topOf: (index: number) => view.firstTop + (index - view.first) * rowHeight,
    onScroll: (event: React.UIEvent<HTMLElement>) => {
      const top = event.currentTarget.scrollTop;
      flushSync(() => setScrollTop(top));
    },
    scrollTo,
  };
}
