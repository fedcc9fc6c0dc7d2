import { type ReactNode, useMemo, useState } from 'react';
import { useFixedList } from '../lib/scaledList';

export interface Column<T> {
  readonly key: string;
  readonly label: string;
  /** What the header's tooltip explains (how the number is made, where it comes from). */
  readonly title?: string;
  /** A CSS grid track: `8rem`, `minmax(12rem, 2fr)`. */
  readonly width: string;
  readonly align?: 'end';
  /** Sorts by this (nulls last whichever the direction); a column without it does not sort. */
  readonly sortValue?: (row: T) => number | string | null;
  readonly render: (row: T) => ReactNode;
}

type Sort = { readonly key: string; readonly descending: boolean };

/** Rows this tall (styles.css: .data-row). */
const ROW_HEIGHT = 28;

function compareValues(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { numeric: true });
}

/**
 * A table of fixed-height rows, virtualized (an op table or a leaderboard can have thousands),
 * sorted by a click on a column's header (again: the other way). ARIA table roles, so that a
 * screen reader and the specs find rows and cells by name.
 */
export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  rowLabel,
  initialSort,
  isSelected,
  maxRows = 14,
}: {
  readonly label: string;
  readonly columns: ReadonlyArray<Column<T>>;
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  /** The row's accessible name. */
  readonly rowLabel: (row: T) => string;
  readonly initialSort?: Sort;
  readonly isSelected?: (row: T) => boolean;
  /** Rows shown before the table scrolls. */
  readonly maxRows?: number;
}) {
  const [sort, setSort] = useState<Sort | null>(initialSort ?? null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((candidate) => candidate.key === sort.key);
    if (!sort || !column?.sortValue) return rows;
    const value = column.sortValue;
    return [...rows].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x === null || y === null) return compareValues(x, y);
      return sort.descending ? compareValues(y, x) : compareValues(x, y);
    });
  }, [rows, columns, sort]);
  const list = useFixedList(sorted.length, ROW_HEIGHT, 8);
  const template = columns.map((column) => column.width).join(' ');
  // Narrower than its columns' least widths, the table scrolls sideways rather than squeezing them.
  const minWidth = `calc(${columns.map((column) => /([\d.]+rem)/.exec(column.width)?.[1] ?? '0rem').join(' + ')} + ${columns.length * 10 + 16}px)`;
  const toggle = (key: string) =>
    setSort((current) => (current?.key === key ? { key, descending: !current.descending } : { key, descending: key !== columns[0]?.key }));

  return (
    <div className="data-table" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="data-width" style={{ minWidth }}>
        <div className="data-row data-head" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map((column) => {
            const sorting = sort?.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none';
            return (
              <span
                key={column.key}
                role="columnheader"
                aria-sort={column.sortValue ? sorting : undefined}
                className={column.align === 'end' ? 'end' : ''}
                title={column.title}
              >
                {column.sortValue ? (
                  <button type="button" className="sort" onClick={() => toggle(column.key)}>
                    {column.label}
                    {sorting === 'none' ? '' : sorting === 'descending' ? ' ▾' : ' ▴'}
                  </button>
                ) : (
                  column.label
                )}
              </span>
            );
          })}
        </div>
        <div className="data-scroll" ref={list.scroller} onScroll={list.onScroll} style={{ height: Math.min(sorted.length, maxRows) * ROW_HEIGHT }}>
          <div style={{ height: list.height, position: 'relative' }}>
            {list.indexes.map((index) => {
              const row = sorted[index]!;
              return (
                <div
                  key={rowKey(row)}
                  role="row"
                  aria-label={rowLabel(row)}
                  aria-rowindex={index + 2}
                  aria-current={isSelected?.(row) ? 'true' : undefined}
                  className={`data-row ${isSelected?.(row) ? 'selected' : ''}`}
                  style={{ gridTemplateColumns: template, transform: `translateY(${list.topOf(index)}px)` }}
                >
                  {columns.map((column) => (
                    <span key={column.key} role="cell" className={column.align === 'end' ? 'end' : ''}>
                      {column.render(row)}
                    </span>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
