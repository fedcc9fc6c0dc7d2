import { useId, useMemo, useState } from 'react';
import { countText } from '../../shared/analysis/format';

export interface PickerOption {
  readonly path: string;
  readonly label: string;
}

/** Options shown at once; the rest are narrowed by typing. */
const SHOWN = 60;

/** Options whose label or path holds every word typed (in any order, any case). */
export function matchOptions(options: readonly PickerOption[], query: string): PickerOption[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((option) => {
    const text = `${option.label} ${option.path}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/**
 * A searchable list of files (a run has thousands; a `<datalist>` of them all is unusable): type
 * words to narrow, arrows and Enter to pick. A full path typed or pasted is taken as it is.
 */
export function FilePicker({
  label,
  value,
  options,
  onPick,
}: {
  readonly label: string;
  readonly value: string;
  readonly options: readonly PickerOption[];
  readonly onPick: (path: string) => void;
}) {
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => (query === null ? [] : matchOptions(options, query)), [options, query]);
  const shown = matches.slice(0, SHOWN);
  const isOpen = query !== null;
  const pick = (path: string) => {
    setQuery(null);
    if (path !== value) onPick(path);
  };
  return (
    <span className="file-picker">
      <input
        type="search"
        role="combobox"
        aria-label={label}
        aria-expanded={isOpen}
        aria-controls={listId}
        aria-activedescendant={isOpen && shown[active] ? `${listId}-${active}` : undefined}
        placeholder="type to find a file (op, task, step, kernel, result…)"
        value={query ?? value}
        onFocus={(event) => {
          setQuery('');
          setActive(0);
          event.currentTarget.select();
        }}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
        onChange={(event) => {
          const text = event.target.value;
          // A path pasted or typed in full is taken at once.
          if (options.some((option) => option.path === text)) pick(text);
          else {
            setQuery(text);
            setActive(0);
          }
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, shown.length - 1));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (event.key === 'Escape') {
            setQuery(null);
            event.currentTarget.blur();
          } else if (event.key === 'Enter') {
            const chosen = shown[active]?.path ?? query?.trim();
            if (chosen) pick(chosen);
          } else return;
          event.preventDefault();
        }}
      />
      {isOpen && (
        <ul className="picker-list" id={listId} role="listbox" aria-label={`${label}: matches`}>
          {shown.map((option, i) => (
            <li
              key={option.path}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(option.path);
              }}
            >
              <span>{option.label}</span>
              <span className="muted picker-path">{option.path}</span>
            </li>
          ))}
          {matches.length > SHOWN && <li className="muted">{countText(matches.length - SHOWN)} more: type more words to narrow</li>}
          {matches.length === 0 && <li className="muted">no file matches{query ? `; Enter takes "${query}" as a path` : ''}</li>}
        </ul>
      )}
    </span>
  );
}
